"""The chapters' sentences, written from the person's own data (issue 18).

Every sentence a chapter shows that carries a number or a name comes from a function here: a pure
function of DataFrames (or of a workbook, for the few that say which workbook is open) returning
Markdown, with every string from data escaped (:func:`~workbook.narrative.text.md`). Each handles the
sparse case (a LinkedIn-only workbook: no tags, no goals, few exchanges) by saying what is missing and
what would fill it, never with a blank, 'nan' or '0 of 0'.

Modules mirror the chapters: :mod:`.opening` (which workbook is open; chapter 0), :mod:`.network`
(1, map), :mod:`.ground` (2, common ground), :mod:`.mentors` (3, mentor outreach),
:mod:`.relationships` (4, health); :mod:`.text` holds the writing helpers. A chapter imports its
module as ``say`` and shows each sentence with ``IPython.display.Markdown``.

>>> from workbook import narrative
>>> narrative.count(3, "goal"), narrative.md("<b>")
('3 goals', '&lt;b&gt;')
"""
from __future__ import annotations

from . import ground, mentors, network, relationships
from .opening import (DEMO_MARK, as_of_sentence, contacts_table, holdings, introduce_profile, is_demo,
                      open_chapter, recent_exchanges, whose_workbook)
from .text import bullets, count, join_words, long_date, md, percent, table

__all__ = ["DEMO_MARK", "open_chapter", "is_demo", "whose_workbook", "as_of_sentence", "holdings",
           "introduce_profile", "contacts_table", "recent_exchanges", "bullets", "count", "join_words",
           "long_date", "md", "percent", "table", "ground", "mentors", "network", "relationships"]
