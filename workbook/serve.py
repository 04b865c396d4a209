"""``workbook app``: serve the web app (Voilà) on one workbook, on this computer only.

Voilà runs on the single packaged notebook ``workbook/app/app.ipynb`` (so there is no
directory listing), with the configuration in ``workbook/app/voila.json`` (never the
person's home folder): 127.0.0.1 only, no code shown, tracebacks kept in the server log,
one preheated kernel for a fast first page, an upload limit above the importer's, and
``/voila/files/`` limited to images. The workbook path reaches the kernels through
``WORKBOOK_DB``, set before Voilà starts so preheated kernels see it too.

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
    print(f"Networking Workbook: {db}", flush=True)
    print(f"Open {app_url(args.port, args.token)} in your browser (press Ctrl+C to stop).", flush=True)

    from voila.app import Voila

    Voila.launch_instance(argv=voila_argv(port=args.port, token=args.token, open_browser=args.open_browser))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
