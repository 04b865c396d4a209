"""The ``workbook`` command: ``demo``, ``import``, ``app``, ``info``, ``export``, ``backup``, ``restore``, ``hub``.

Each subcommand belongs to the module that does the work; this file only dispatches.
"""
from __future__ import annotations

import argparse
import sys

from .store import WorkbookError, open_workbook

USAGE = """usage: workbook COMMAND [options]

commands:
  app      serve the web app (Voila) on your workbook      workbook app [--db PATH] [--port N]
  import   bring in LinkedIn, Google, Outlook, vCard, .ics, .mbox or CSV files
                                                             workbook import FILE... [--db PATH] [--json]
  demo     build the synthetic demo workbook                workbook demo [--db PATH]
  info     what a workbook holds                            workbook info [--db PATH]
  export   one CSV per table + JSON (folder or .zip)        workbook export TO [--db PATH]
  backup   a consistent copy of the workbook                workbook backup TO [--db PATH]
  restore  replace the workbook with a backup               workbook restore FROM [--db PATH]
  hub      serve the app to a coach and a cohort (JupyterHub)  workbook hub [--port N] [--coach NAME]
"""


def _simple(argv: list[str], command: str) -> int:
    parser = argparse.ArgumentParser(prog=f"workbook {command}")
    if command != "info":
        parser.add_argument("target", help="where to write, or the backup to restore")
    parser.add_argument("--db", help="the workbook file (default: WORKBOOK_DB or your user data folder)")
    args = parser.parse_args(argv)
    book = open_workbook(args.db)
    try:
        if command == "info":
            print(f"workbook: {book.path}")
            for table, n in book.counts().items():
                print(f"  {table:<18} {n:>8}")
            print(f"  as of {book.as_of().isoformat()}")
        elif command == "export":
            print(f"exported to {book.export(args.target)}")
        elif command == "backup":
            print(f"backup written to {book.backup(args.target)}")
        elif command == "restore":
            book.restore(args.target)
            print(f"restored {book.path} from {args.target}")
    finally:
        book.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help", "help"):
        print(USAGE)
        return 0 if argv else 2
    command, rest = argv[0], argv[1:]
    try:
        if command == "demo":
            from .demo import main as demo_main

            return demo_main(rest)
        if command == "import":
            from .importers import cli_main

            return cli_main(rest)
        if command == "app":
            from .serve import main as serve_main

            return serve_main(rest)
        if command == "hub":
            from .hub import run as hub_main

            return hub_main(rest)
        if command in ("info", "export", "backup", "restore"):
            return _simple(rest, command)
    except (WorkbookError, ValueError, FileNotFoundError, PermissionError) as exc:
        print(f"workbook {command}: {exc}", file=sys.stderr)
        return 2
    print(f"workbook: unknown command {command!r}\n\n{USAGE}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
