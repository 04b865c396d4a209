"""The project's packaging promises: two dependency lists agree, the command exists, docs cover the API."""
from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _name(spec: str) -> str:
    return re.split(r"[<>=!~ ]", spec.strip(), maxsplit=1)[0].lower()


def _pyproject_deps() -> dict[str, str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return {_name(d): d.replace(" ", "") for d in data["project"]["dependencies"]}


def _conda_deps() -> dict[str, str]:
    deps = {}
    in_deps = False
    for line in (ROOT / "environment.yml").read_text().splitlines():
        if line.startswith("dependencies:"):
            in_deps = True
            continue
        # Packages conda-forge lacks sit in the pip section (indented further).
        m = re.match(r"^(?:  |      )- ([A-Za-z0-9_.\-]+)([^#]*)", line)
        if in_deps and m and m.group(1) not in ("python", "pip"):
            deps[m.group(1).lower()] = (m.group(1) + m.group(2)).replace(" ", "")
    deps.pop("-e", None)
    return deps


def test_environment_yml_lists_the_same_runtime_dependencies_as_pyproject():
    assert _conda_deps() == _pyproject_deps()


def test_environment_yml_installs_the_package_itself():
    assert re.search(r"^\s+- -e \.\s*$", (ROOT / "environment.yml").read_text(), flags=re.M)


@pytest.mark.parametrize("args", [["-m", "workbook", "--help"], ["-m", "workbook", "info", "--help"]])
def test_module_entry_point_runs(args):
    out = subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "workbook" in out.stdout


def test_unknown_command_is_refused_with_usage():
    out = subprocess.run([sys.executable, "-m", "workbook", "frobnicate"], capture_output=True, text=True)
    assert out.returncode == 2
    assert "unknown command" in out.stderr


def test_console_script_is_declared():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert data["project"]["scripts"]["workbook"] == "workbook.cli:main"
    assert data["project"]["name"] == "networking-workbook"


def test_gitignore_keeps_personal_data_out():
    ignore = (ROOT / ".gitignore").read_text()
    for pattern in ("*.sqlite", ".ipynb_checkpoints/", "/exports/"):
        assert pattern in ignore


def test_readme_documents_the_store_api():
    """Every public Workbook method is named in the README (datasette-style doc check)."""
    from workbook.store import Workbook

    readme = (ROOT / "README.md").read_text()
    public = [n for n in dir(Workbook) if not n.startswith("_") and callable(getattr(Workbook, n))]
    missing = [n for n in public if f"{n}(" not in readme]
    assert not missing, f"undocumented in README: {missing}"


def test_readme_quick_start_is_two_commands():
    readme = (ROOT / "README.md").read_text()
    start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"^make \w+", start, flags=re.M)
    assert commands[:2] == ["make app", "make test"]


def test_readme_your_data_section_is_the_checked_one():
    """docs/your-data.md holds the figures test_hostile keeps true; the README must quote it whole."""
    doc = (ROOT / "docs" / "your-data.md").read_text(encoding="utf-8").strip()
    assert doc in (ROOT / "README.md").read_text(encoding="utf-8")
