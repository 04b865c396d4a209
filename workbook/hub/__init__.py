"""``workbook hub``: one JupyterHub serving a coach and a cohort, each client their own workbook app.

The configuration is one file, :data:`CONFIG` (``workbook/hub/jupyterhub_config.py``); this
module only checks that the parts are installed, sets the few environment variables that file
reads and starts JupyterHub. See docs/hub.md.

>>> args = parse_args(["--port", "9000", "--coach", "ms-rivera"])
>>> environment(args)["WORKBOOK_HUB_PORT"], environment(args)["WORKBOOK_HUB_COACH"]
('9000', 'ms-rivera')
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
from pathlib import Path

#: The hub's one configuration file.
CONFIG = Path(__file__).resolve().with_name("jupyterhub_config.py")
PROXY = "configurable-http-proxy"
#: Ports besides --port, each --port + an offset unless set in the environment.
OTHER_PORTS = ("WORKBOOK_HUB_API_PORT", "WORKBOOK_HUB_PROXY_API_PORT", "WORKBOOK_HUB_COACH_PORT")


def parse_args(argv: list[str]) -> argparse.Namespace:
    """The ``workbook hub`` options."""
    from .share import USER_PATTERN

    parser = argparse.ArgumentParser(prog="workbook hub", description="Serve the workbook app to a coach and a "
                                     "cohort with JupyterHub, on http://127.0.0.1:PORT/.")
    parser.add_argument("--port", type=int, default=8000, help="the port people open (default 8000)")
    parser.add_argument("--coach", default="coach", help="the coach's user name (default: coach)")
    parser.add_argument("--state", help="the hub's folder: accounts, users' workbooks, shared reports "
                                        "(default: your user data folder)")
    parser.add_argument("--cull-after", type=int, default=3600, metavar="SECONDS",
                        help="stop a user's server after this long unused (default 3600)")
    args = parser.parse_args(argv)
    if not 1 <= args.port <= 65535:
        parser.error(f"--port must be between 1 and 65535 (got {args.port}).")
    if not re.fullmatch(USER_PATTERN, args.coach):
        parser.error("--coach must be lower-case letters, digits, '-' or '_' (at most 32).")
    return args


def environment(args: argparse.Namespace) -> dict[str, str]:
    """The variables ``jupyterhub_config.py`` reads, from the options (the other ports follow --port)."""
    env = {"WORKBOOK_HUB_PORT": str(args.port), "WORKBOOK_HUB_COACH": args.coach,
           "WORKBOOK_HUB_CULL_AFTER": str(args.cull_after),
           "WORKBOOK_HUB_API_PORT": str(args.port + 81), "WORKBOOK_HUB_PROXY_API_PORT": str(args.port + 1),
           "WORKBOOK_HUB_COACH_PORT": str(args.port + 2)}
    if args.state:
        env["WORKBOOK_HUB_STATE"] = str(Path(args.state).expanduser().resolve())
    return env


def missing_parts() -> list[str]:
    """What is not installed among the hub's parts (each with how to install it)."""
    missing = []
    if shutil.which(PROXY) is None:
        missing.append(f"{PROXY} (npm install -g configurable-http-proxy)")
    for module, package in (("jupyterhub", "jupyterhub"), ("nativeauthenticator", "jupyterhub-nativeauthenticator"),
                            ("jupyterhub_idle_culler", "jupyterhub-idle-culler")):
        try:
            __import__(module)
        except ImportError:
            missing.append(f"{package} (pip install -e '.[hub]')")
    return missing


def run(argv: list[str] | None = None) -> int:
    """``workbook hub``: start the hub until Ctrl+C; 2 when a part is missing."""
    args = parse_args(list(sys.argv[1:] if argv is None else argv))
    missing = missing_parts()
    if missing:
        print("workbook hub: missing " + "; ".join(missing), file=sys.stderr)
        return 2
    env = environment(args)
    # the other ports follow --port unless the environment names them (tests run hubs side by side)
    env.update({k: os.environ[k] for k in OTHER_PORTS if os.environ.get(k)})
    os.environ.update(env)
    print(f"Networking Workbook hub on http://127.0.0.1:{args.port}/ (Ctrl+C to stop). The coach signs up "
          f"first as {args.coach!r} at /hub/signup, then approves clients at /hub/authorize.", flush=True)
    from jupyterhub.app import JupyterHub

    JupyterHub.launch_instance(argv=["-f", str(CONFIG)])
    return 0


if __name__ == "__main__":
    raise SystemExit(run())
