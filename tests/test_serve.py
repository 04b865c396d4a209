"""``workbook app``: the command line, the packaged Voilà configuration and the app notebook."""
from __future__ import annotations

import json
import os
import re
import socket
from pathlib import Path

import nbformat
import pytest

from workbook import serve
from workbook.ui.importer import MAX_UPLOAD_BYTES

ROOT = Path(__file__).resolve().parents[1]
CONFIG = json.loads((serve.app_dir() / "voila.json").read_text())


def test_the_package_holds_the_notebook_and_its_configuration():
    assert serve.notebook_path().is_file()
    assert (serve.app_dir() / "voila.json").is_file()
    # the folder Voilà serves from holds nothing else worth fetching (jupyter/ is the page template,
    # found through JUPYTER_PATH, never served as a file)
    assert sorted(p.name for p in serve.app_dir().iterdir() if not p.name.startswith(".")) == [
        "app.ipynb", "jupyter", "voila.json"]


def test_the_packaged_notebook_is_the_one_in_notebooks():
    packaged = nbformat.read(serve.notebook_path(), as_version=4)
    repo = nbformat.read(ROOT / "notebooks" / "app.ipynb", as_version=4)
    assert [c.source for c in packaged.cells] == [c.source for c in repo.cells]


def test_the_app_notebook_only_imports_builds_and_displays():
    nb = nbformat.read(serve.notebook_path(), as_version=4)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    assert 3 <= len(code) <= 5
    for source in code:
        assert not re.search(r"^\s*(def|class)\s", source, flags=re.M)
        assert len([line for line in source.splitlines() if line.strip()]) <= 5
    assert code[-1].strip() == "shell"


@pytest.mark.parametrize("key, expected", [
    (("Voila", "ip"), "127.0.0.1"),
    (("Voila", "open_browser"), False),
    (("Voila", "port_retries"), 0),
    (("VoilaConfiguration", "strip_sources"), True),
    (("VoilaConfiguration", "show_tracebacks"), False),
    (("VoilaConfiguration", "preheat_kernel"), True),
    (("VoilaConfiguration", "default_pool_size"), 1),
])
def test_voila_configuration(key, expected):
    section, name = key
    assert CONFIG[section][name] == expected


def test_uploads_up_to_the_importer_limit_reach_the_kernel():
    size = CONFIG["Voila"]["tornado_settings"]["websocket_max_message_size"]
    # the limit plus room for the message around the file; above it the app says no in plain words
    assert MAX_UPLOAD_BYTES + 1024 * 1024 <= size <= MAX_UPLOAD_BYTES + 64 * 1024 * 1024


def test_other_host_names_are_refused():
    # jupyter_server then checks the Host header (DNS rebinding); Voilà sets True by default
    assert CONFIG["Voila"]["tornado_settings"]["allow_remote_access"] is False


def _served(path: str) -> bool:
    conf = CONFIG["VoilaConfiguration"]
    allowed = any(re.fullmatch(p, path, re.IGNORECASE) for p in conf["file_allowlist"])
    denied = any(re.fullmatch(p, path, re.IGNORECASE) for p in conf["file_denylist"])
    return allowed and not denied


@pytest.mark.parametrize("path, served", [
    ("logo.png", True),
    ("photo.JPG", True),
    ("chart.svg", True),
    ("workbook.sqlite", False),
    ("demo.sqlite", False),
    ("workbook.sqlite-wal", False),
    ("contacts.csv", False),
    ("app.ipynb", False),
    ("voila.json", False),
    ("serve.py", False),
    ("export.zip", False),
    (".hidden.png", False),
    ("folder/picture.png", False),
    ("../secret.png", False),
    ("notes.txt", False),
])
def test_only_images_are_served_under_voila_files(path, served):
    assert _served(path) is served


def test_parse_args_defaults():
    args = serve.parse_args([])
    assert (args.db, args.port, args.token, args.open_browser) == (None, 8866, None, True)


def test_voila_argv_serves_the_single_notebook_with_packaged_config():
    argv = serve.voila_argv(port=9123, token="s3cret")
    assert argv[0] == str(serve.notebook_path())
    assert f"--Voila.config_file_paths={serve.app_dir()}" in argv
    assert "--Voila.ip=127.0.0.1" in argv and "--port=9123" in argv and "--Voila.token=s3cret" in argv


@pytest.mark.parametrize("port, token, url", [
    (8866, None, "http://127.0.0.1:8866/"),
    (9000, "abc", "http://127.0.0.1:9000/?token=abc"),
])
def test_app_url(port, token, url):
    assert serve.app_url(port, token) == url


def test_a_file_that_is_not_a_workbook_is_refused_before_serving(tmp_path, capsys):
    junk = tmp_path / "holiday.sqlite"
    junk.write_bytes(b"\x89PNG not a workbook")
    assert serve.main(["--db", str(junk), "--no-browser"]) == 2
    assert "not a workbook" in capsys.readouterr().err
    assert junk.read_bytes() == b"\x89PNG not a workbook"


def test_a_busy_port_is_refused_with_a_hint(tmp_path, capsys):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        assert serve.main(["--db", str(tmp_path / "w.sqlite"), "--port", str(port), "--no-browser"]) == 2
    assert "already in use" in capsys.readouterr().err


def test_main_passes_the_workbook_to_the_kernels_and_prints_the_url(tmp_path, monkeypatch, capsys):
    import voila.app

    seen = {}
    monkeypatch.setattr(voila.app.Voila, "launch_instance",
                        classmethod(lambda cls, argv=None, **kw: seen.update(argv=argv, db=os.environ["WORKBOOK_DB"])))
    db = tmp_path / "mine.sqlite"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    assert serve.main(["--db", str(db), "--port", str(port), "--no-browser"]) == 0
    assert seen["db"] == str(db.resolve())
    assert f"--port={port}" in seen["argv"] and "--Voila.open_browser=False" in seen["argv"]
    assert f"http://127.0.0.1:{port}/" in capsys.readouterr().out


def test_the_cli_dispatches_app_to_serve(monkeypatch):
    from workbook import cli

    monkeypatch.setattr(serve, "main", lambda argv: 42 if argv == ["--port", "1"] else 0)
    assert cli.main(["app", "--port", "1"]) == 42
