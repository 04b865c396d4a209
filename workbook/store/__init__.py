"""The workbook store: one SQLite file per person (SQLite only; it imports no analysis).

Modules: :mod:`~workbook.store.workbook` (the :class:`Workbook`: opening, transactions, reads),
:mod:`~workbook.store.edits` (its one-row writes), :mod:`~workbook.store.validation` (what each
column accepts), :mod:`~workbook.store.writer` (the one batched writer: ``book.write_rows`` /
``book.update_rows``, which every bulk write uses), :mod:`~workbook.store.snapshot` (the
interactions snapshot codec) and :mod:`~workbook.store.files` (backup, restore, export).
Names are re-exported here; to patch one in a test, patch the module that uses it.

>>> import tempfile, os
>>> book = open_workbook(os.path.join(tempfile.mkdtemp(), "w.sqlite"))
>>> cid = book.add_contact("Ada Lovelace", company="Analytical Engines")
>>> book.contacts().loc[0, "full_name"]
'Ada Lovelace'

Read API (every method returns a fresh DataFrame; mutate it freely):

``contacts(include_archived=False)``
    contact_id int64, full_name, first_name, last_name, emails (';'-joined), phones,
    linkedin_url, company, position, industry, location, how_met, source (str),
    connected_on datetime64[ns] (NaT unknown), birthday (str, '' / 'YYYY-MM-DD' / '--MM-DD'),
    circle (str, '' = not set by the person), cadence_days Int64 (<NA> = circle default),
    notes (str), archived bool, created_at, updated_at datetime64[ns].
``interactions()``
    interaction_id int64, contact_id int64, date datetime64[ns], channel, direction, kind
    (categoricals over the schema's vocabularies), note (str), source (categorical). Oldest first.
``tags()``
    tag_id int64, owner ('profile' | 'contact'), contact_id Int64 (<NA> for the profile), kind, text.
``links()``
    link_id, a, b int64, kind str, strength float64.
``goals()``
    goal_id int64, title, kind, needs (';'-joined), description, status (str),
    target_date datetime64[ns], created_at datetime64[ns].
``outreach()``
    outreach_id int64, contact_id Int64, target, goal_id Int64, stage, next_step,
    due_date datetime64[ns], draft, notes, created_at, updated_at datetime64[ns].
``outreach_history()``
    history_id, outreach_id int64, date datetime64[ns], from_stage (str, '' for a new row), to_stage, note.
``reflections()``
    prompt_id, text (str), updated_at datetime64[ns].
``profile()``
    one row: name, headline, company, position, industry, location, email, linkedin_url, summary.
``settings()``
    a dict: the defaults of :data:`DEFAULT_SETTINGS` overlaid with what the workbook stores.
``as_of()``
    the pinned date (setting ``as_of``) or today, as a ``datetime.date``.
"""
from __future__ import annotations

from .. import schema  # noqa: F401 - re-exported
from ..core.dates import MIN_DATE as _MIN_DATE, _today, date_bounds, now_text, parse_date  # noqa: F401
from ..core.text import normalise_email, normalise_linkedin  # noqa: F401
from .errors import WorkbookError, _damaged, _integrity_message, _not_a_workbook  # noqa: F401
from .snapshot import (  # noqa: F401
    _COLUMNS,
    _SNAPSHOT_FORMAT,
    _VOCABULARIES,
    _decode_snapshot,
    _encode_snapshot,
    _fetch_interactions,
    _interactions_frame,
    _merge_columns,
)
from .validation import (  # noqa: F401
    _CONTACT_FIELDS,
    _CONTACT_TEXT,
    _FORMULA_START,
    _PROFILE_FIELDS,
    _choice,
    _join,
    _text,
    neutralise_cell,
    restore_cell,
)
from .workbook import (  # noqa: F401
    APP_NAME,
    BUSY_TIMEOUT_MS,
    DEFAULT_SETTINGS,
    QUICK_CHECK_MAX_BYTES,
    Workbook,
    _convert_contacts,
    _split_sql,
    default_path,
    demo_path,
    open_workbook,
)
from .writer import Written  # noqa: F401

__all__ = [
    "APP_NAME", "BUSY_TIMEOUT_MS", "DEFAULT_SETTINGS", "QUICK_CHECK_MAX_BYTES", "Workbook", "WorkbookError",
    "Written", "date_bounds", "default_path", "demo_path", "neutralise_cell", "normalise_email",
    "normalise_linkedin", "now_text", "open_workbook", "parse_date", "restore_cell",
]
