"""Networking Workbook: a local-first, evidence-based coaching workbook for professional networking.

>>> import workbook, tempfile, os
>>> book = workbook.open(os.path.join(tempfile.mkdtemp(), "mine.sqlite"))
>>> book.is_empty()
True
"""
from .store import Workbook, WorkbookError, default_path, demo_path, open_workbook

__version__ = "0.1.0"


def open(path=None, *, readonly: bool = False) -> Workbook:  # noqa: A001 - the documented entry point
    """Open or create a workbook: ``path``, else ``WORKBOOK_DB``, else the user data directory."""
    return open_workbook(path, readonly=readonly)


__all__ = ["Workbook", "WorkbookError", "open", "open_workbook", "default_path", "demo_path", "__version__"]
