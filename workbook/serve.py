"""``workbook app``: serve the web app (Voilà) on one workbook, on this computer only.

Voilà runs on the single packaged notebook ``workbook/app/app.ipynb`` (so there is no
directory listing), with the configuration in ``workbook/app/voila.json`` (never the
person's home folder): 127.0.0.1 only, no code shown, tracebacks kept in the server log,
one preheated kernel for a fast first page, an upload limit above the importer's, and
``/voila/files/`` limited to images. The workbook path reaches the kernels through
``WORKBOOK_DB``, set before Voilà starts so preheated kernels see it too.

Nothing leaves the computer: the page uses the packaged Voilà template ``workbook``
(``app/jupyter/voila/templates/workbook``, found through ``JUPYTER_PATH``), which is Voilà's
lab template without its links to a public CDN (the icon font they fetch is already in
Voilà's own bundle). Kernels are given back: a closed or reloaded tab asks Voilà to shut its
kernel down, which only works when the page set the ``_xsrf`` cookie (Voilà's page does not:
voila-dashboards/voila#1458, so :class:`AppPageHandler` does), and kernels left without a page
(a crashed browser) are culled after ``cull_idle_timeout`` seconds (``voila.json``).

>>> args = parse_args(["--db", "mine.sqlite", "--port", "9000", "--no-browser"])
>>> args.port, args.open_browser
(9000, False)
>>> "--port=9000" in voila_argv(port=9000)
True
"""
from __future__ import annotations

import argparse
import errno
import os
import socket
import sys
from importlib import resources
from pathlib import Path

HOST = "127.0.0.1"
DEFAULT_PORT = 8866


def app_dir() -> Path:
    """The packaged folder holding ``app.ipynb`` and ``voila.json``."""
    return Path(str(resources.files("workbook").joinpath("app")))


def notebook_path() -> Path:
    """The app notebook Voilà serves."""
    return app_dir() / "app.ipynb"


def jupyter_data_dir() -> Path:
    """The packaged Jupyter data folder holding the app's Voilà template (``voila/templates/workbook``)."""
    return app_dir() / "jupyter"


def jupyter_path_with_template(current: str | None) -> str:
    """``JUPYTER_PATH`` with the packaged template folder first (so no other ``workbook`` template wins).

    >>> jupyter_path_with_template(None) == str(jupyter_data_dir())
    True
    >>> jupyter_path_with_template("/opt/jupyter").endswith(os.pathsep + "/opt/jupyter")
    True
    """
    return os.pathsep.join([str(jupyter_data_dir()), *([current] if current else [])])


def parse_args(argv: list[str]) -> argparse.Namespace:
    """The ``workbook app`` options."""
    parser = argparse.ArgumentParser(
        prog="workbook app",
        description="Serve the Networking Workbook web app on this computer (http://127.0.0.1:PORT).",
    )
    parser.add_argument("--db", help="the workbook file (default: WORKBOOK_DB or your user data folder)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"the port (default {DEFAULT_PORT})")
    parser.add_argument("--token", default=None,
                        help="require this secret in the URL (?token=...); useful on a shared computer")
    parser.add_argument("--no-browser", dest="open_browser", action="store_false",
                        help="do not open a browser window")
    args = parser.parse_args(argv)
    if not 1 <= args.port <= 65535:
        parser.error(f"--port must be between 1 and 65535 (got {args.port}).")
    return args


def voila_argv(*, port: int = DEFAULT_PORT, token: str | None = None, open_browser: bool = False,
               notebook: str | os.PathLike | None = None) -> list[str]:
    """The Voilà command line: the single app notebook and the packaged configuration only."""
    argv = [
        str(notebook or notebook_path()),
        f"--Voila.config_file_paths={app_dir()}",
        f"--Voila.ip={HOST}",
        f"--port={port}",
        "--Voila.port_retries=0",
        f"--Voila.open_browser={bool(open_browser)}",
    ]
    if token:
        argv.append(f"--Voila.token={token}")
    return argv


def app_url(port: int, token: str | None = None) -> str:
    """The address to open.

    >>> app_url(8866, "s3cret")
    'http://127.0.0.1:8866/?token=s3cret'
    """
    return f"http://{HOST}:{port}/" + (f"?token={token}" if token else "")


def port_free(port: int) -> bool:
    """True when nothing listens on ``127.0.0.1:port``."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        # as the server will (tornado sets it), so a recently closed app does not count as busy
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((HOST, port))
        except OSError as exc:
            if exc.errno in (errno.EADDRINUSE, errno.EACCES):
                return False
            raise
    return True


def check_workbook(path: Path) -> None:
    """Refuse (with the store's plain message) a file that is not a workbook, before serving it."""
    from .store import open_workbook

    if path.exists():
        open_workbook(path, readonly=path.stat().st_size > 0 and not os.access(path, os.W_OK)).close()


def main(argv: list[str] | None = None) -> int:
    """Run the app until Ctrl+C. Exit status 2 when the workbook or the port cannot be used."""
    args = parse_args(list(sys.argv[1:] if argv is None else argv))
    from .store import WorkbookError, default_path

    db = Path(args.db).expanduser().resolve() if args.db else default_path()
    try:
        check_workbook(db)
    except WorkbookError as exc:
        print(f"workbook app: {exc}", file=sys.stderr)
        return 2
    if not port_free(args.port):
        print(f"workbook app: port {args.port} is already in use (is the app already running?). "
              f"Open {app_url(args.port)} or choose another port with --port.", file=sys.stderr)
        return 2
    # Kernels (preheated ones too) inherit the server's environment: this is how they find the workbook.
    os.environ["WORKBOOK_DB"] = str(db)
    # Voilà finds templates by name in the Jupyter data folders only: this is how it finds ours.
    os.environ["JUPYTER_PATH"] = jupyter_path_with_template(os.environ.get("JUPYTER_PATH"))
    print(f"Networking Workbook: {db}", flush=True)
    print(f"Open {app_url(args.port, args.token)} in your browser (press Ctrl+C to stop).", flush=True)

    voila_app().launch_instance(argv=voila_argv(port=args.port, token=args.token, open_browser=args.open_browser))
    return 0


def voila_app() -> type:
    """Voilà with the app page served by :class:`AppPageHandler` (imported late: Voilà is slow to import)."""
    from voila.app import Voila
    from voila.tornado.handler import TornadoVoilaHandler

    class AppPageHandler(TornadoVoilaHandler):
        """The app page, plus the ``_xsrf`` cookie its kernel-shutdown beacon must send back.

        On ``beforeunload`` Voilà's page posts ``_xsrf`` (read from that cookie) to
        ``/voila/api/shutdown/<kernel>``; without the cookie the post is refused (403) and
        every closed or reloaded tab leaves its kernel running until the server stops.
        """

        async def get(self, path=None):
            self.xsrf_token  # noqa: B018 (reading it sets the cookie on this response)
            await super().get(path)

    class WorkbookVoila(Voila):
        def init_handlers(self) -> list:
            return [(h[0], AppPageHandler, *h[2:]) if h[1] is TornadoVoilaHandler else h
                    for h in super().init_handlers()]

    return WorkbookVoila


if __name__ == "__main__":
    raise SystemExit(main())
