"""``python -m workbook.hub``: the same as ``workbook hub``."""
from . import run

raise SystemExit(run())
