"""Run one timed measurement once in a fresh process and print its peak memory as JSON.

``python -m benchmarks.child KEY --data FOLDER [--quick]`` (the runner calls it; see :mod:`benchmarks.timing`).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.child")
    parser.add_argument("key")
    parser.add_argument("--data", required=True)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--frames", help="a pickle of the loaded frames (written by the runner)")
    args = parser.parse_args(argv)

    from . import measures  # noqa: F401 - registers the measurements
    from .context import Bench
    from .dataset import Dataset
    from .registry import MEASURES
    from .timing import measure_memory_here

    bench = Bench(Dataset.load(Path(args.data)), quick=args.quick, log=lambda *a, **k: None,
                  frames_file=Path(args.frames) if args.frames else None)
    try:
        prepared = MEASURES[args.key].fn(bench)
        print(json.dumps(measure_memory_here(prepared)), flush=True)
    finally:
        bench.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
