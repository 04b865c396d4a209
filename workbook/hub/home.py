"""Each client's own folder on the hub: their workbook, the app notebook and the chapters.

``<hub state>/users/<name>/`` is the user's home and the root of their server (JupyterLab sees
it); ``data/workbook.sqlite`` in it is their workbook (``WORKBOOK_DB``), ``data/demo.sqlite`` the
demo beside it. The app notebook is copied in at every start (it is the app, not theirs to
keep); the chapters are copied once, so a client's own edits to them are kept. Until the app
shell embeds :class:`workbook.ui.share.ShareView` itself, the hub's copy of the app notebook
shows it below the shell (:data:`SHARE_CELL`).

>>> import tempfile
>>> home = prepare_home(Path(tempfile.mkdtemp()) / "alice")
>>> (home / "app.ipynb").exists(), workbook_path(home).parent.is_dir()
(True, True)
"""
from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

from ..serve import notebook_path

#: The chapters (repository's notebooks), when this is a checkout or an image built from one.
CHAPTERS = Path(__file__).resolve().parents[2] / "notebooks"
#: The cell the hub adds to its copy of the app notebook while the shell does not embed ShareView.
SHARE_CELL = ("from workbook.ui.share import ShareView\n"
              "ShareView(shell.book, shell)  # share my report with my coach (on the hub only)")


def workbook_path(home: Path) -> Path:
    """The user's workbook inside their home."""
    return Path(home) / "data" / "workbook.sqlite"


def shell_embeds_share() -> bool:
    """True once the app shell (workbook/ui/app.py) places ShareView itself (read, not imported)."""
    spec = importlib.util.find_spec("workbook.ui.app")
    return bool(spec and spec.origin and "ShareView" in Path(spec.origin).read_text(encoding="utf-8"))


def hub_app_notebook() -> dict:
    """The app notebook as the hub serves it: the packaged one, plus :data:`SHARE_CELL` when needed."""
    nb = json.loads(notebook_path().read_text(encoding="utf-8"))
    if not shell_embeds_share():
        nb["cells"].append({"cell_type": "code", "id": "hub-share", "execution_count": None, "metadata": {},
                            "outputs": [], "source": SHARE_CELL.splitlines(keepends=True)})
    return nb


def prepare_home(home: Path, chapters: Path = CHAPTERS) -> Path:
    """Make ``home`` ready for the user's server (idempotent); returns it."""
    home = Path(home)
    workbook_path(home).parent.mkdir(parents=True, exist_ok=True)
    (home / "app.ipynb").write_text(json.dumps(hub_app_notebook(), indent=1), encoding="utf-8")
    if chapters.is_dir():
        mine = home / "chapters"
        mine.mkdir(exist_ok=True)
        for nb in sorted(chapters.glob("[0-9][0-9]-*.ipynb")):
            if not (mine / nb.name).exists():
                shutil.copyfile(nb, mine / nb.name)
    return home
