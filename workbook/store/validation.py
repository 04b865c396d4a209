"""Field validation: what a workbook accepts in each column, for the one-row writes and the batched writer.

Each rule takes one value and returns it normalised, or raises ``ValueError`` with a message for
the person. :data:`RULES` lists them per table; the writer applies a rule once per distinct value
of a column, so a million rows with a few thousand dates cost a few thousand calls.

>>> RULES["interactions"]["channel"]("call")
'call'
>>> contact_values({"full_name": " Ada ", "emails": "ADA@x.org; ada@x.org"}, partial=False)
{'full_name': 'Ada', 'emails': 'ada@x.org'}
"""
from __future__ import annotations

import json
import re
from typing import Any, Callable, Iterable

import numpy as np
import pandas as pd

from .. import schema
from ..core.dates import now_text, parse_date
from ..core.text import normalise_email, normalise_linkedin

Rule = Callable[[Any], Any]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and value != value


def _choice(value: Any, options: Iterable[str], field: str) -> str:
    options = tuple(options)
    if not isinstance(value, str) or value not in options:
        raise ValueError(f"{field} must be one of {', '.join(options)} (got {value!r}).")
    return value


def _text(value: Any, field: str, *, required: bool = False, max_len: int = 20_000) -> str:
    if _missing(value):
        value = ""
    if not isinstance(value, str):
        value = str(value)
    value = value.replace("\x00", "").strip()
    if required and not value:
        raise ValueError(f"{field} must not be empty.")
    if len(value) > max_len:
        raise ValueError(f"{field} is too long ({len(value)} characters; at most {max_len}).")
    return value


def _join(values: Any, normalise=lambda s: s.strip()) -> str:
    if values is None or (not isinstance(values, (str, list, tuple, set)) and _missing(values)):
        return ""
    if isinstance(values, str):
        values = re.split(r"[;,]", values)
    out: list[str] = []
    for v in values:
        n = normalise(str(v))
        if n and n not in out:
            out.append(n)
    return ";".join(out)


def neutralise_cell(value: Any) -> Any:
    """Defuse spreadsheet formula injection: prefix a quote to cells starting with = + - @ TAB CR.

    >>> neutralise_cell("=HYPERLINK(1)")
    "'=HYPERLINK(1)"
    >>> neutralise_cell("plain")
    'plain'
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def restore_cell(value: Any) -> Any:
    """Undo :func:`neutralise_cell` (for re-importing an export).

    >>> restore_cell(neutralise_cell("-5 stars")) == "-5 stars"
    True
    """
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1] in "".join(_FORMULA_START):
        return value[1:]
    return value


# ----------------------------------------------------------------------------- single fields


def _emails(value: Any) -> str:
    joined = _join(value, normalise_email)
    for e in joined.split(";") if joined else []:
        if "@" not in e or " " in e:
            raise ValueError(f"{e!r} is not an email address.")
    return joined


def _birthday(value: Any) -> str:
    b = _text(value, "birthday")
    if b and not re.fullmatch(r"(\d{4}|--)-?\d{2}-\d{2}", b):
        raise ValueError(f"birthday {b!r} must be YYYY-MM-DD or --MM-DD.")
    return b


def _cadence(value: Any) -> int | None:
    if _missing(value) or value == "":
        return None
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise ValueError(f"cadence must be a whole number of days (got {value!r}).") from None
    if not 1 <= n <= 3650:
        raise ValueError("cadence must be between 1 and 3650 days.")
    return n


def _strength(value: Any) -> float:
    try:
        strength = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"strength must be a number between 0 and 1 (got {value!r}).") from None
    if not 0 <= strength <= 1:
        raise ValueError("strength must be between 0 and 1.")
    return strength


def _row_id(field: str, *, optional: bool = False) -> Rule:
    def rule(value: Any) -> int | None:
        if optional and _missing(value):
            return None
        try:
            n = int(value)
            if isinstance(value, float) and value != n:
                raise ValueError
        except (TypeError, ValueError, OverflowError):
            raise ValueError(f"{value!r} is not a {field}.") from None
        return n
    rule.integers = True  # an integer column needs no call per value
    return rule


def _date(field: str, *, optional: bool = False) -> Rule:
    return lambda v: parse_date(v, field=field, allow_none=optional)


def _plain_text(field: str, *, required: bool = False, max_len: int = 20_000) -> Rule:
    return lambda v: _text(v, field, required=required, max_len=max_len)


def _one_of(options: Iterable[str], field: str, *, optional: bool = False) -> Rule:
    options = tuple(options)
    return lambda v: None if optional and (_missing(v) or v == "") else _choice(v, options, field)


def _json_text(value: Any) -> str:
    try:
        json.loads(value)
    except (TypeError, ValueError):
        raise ValueError(f"a setting's value must be JSON text (got {value!r}).") from None
    return value


def _external_id(value: Any) -> str | None:
    # An empty key would make every keyless row of a source collide with the first one.
    return None if _missing(value) or value == "" else str(value)


def plain(value: Any) -> Any:
    """A value SQLite can bind: numpy scalars as Python ones, every kind of missing as None.

    >>> plain(np.int64(3)), plain(float("nan")), plain(pd.NA)
    (3, None, None)
    """
    if _missing(value):
        return None
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, pd.Timestamp):
        return str(value)
    return value


# ----------------------------------------------------------------------------- the tables

_CONTACT_TEXT = ("first_name", "last_name", "company", "position", "industry", "location", "how_met", "source", "notes")
_PROFILE_FIELDS = ("name", "headline", "company", "position", "industry", "location", "email", "linkedin_url", "summary")

CONTACT_RULES: dict[str, Rule] = {
    "full_name": _plain_text("name", required=True, max_len=300),
    **{k: _plain_text(k.replace("_", " ")) for k in _CONTACT_TEXT},
    "emails": _emails,
    "phones": _join,
    "linkedin_url": lambda v: normalise_linkedin(_text(v, "LinkedIn URL")),
    "connected_on": _date("connected on", optional=True),
    "birthday": _birthday,
    "circle": _one_of(schema.CIRCLES, "circle", optional=True),
    "cadence_days": _cadence,
    "archived": lambda v: 1 if bool(v) and not _missing(v) else 0,
}
_CONTACT_FIELDS = tuple(CONTACT_RULES)

#: table -> column -> rule. Columns without a rule (ids the table assigns, stored timestamps) are
#: written as they are; SQLite's CHECKs and keys still judge them.
RULES: dict[str, dict[str, Rule]] = {
    "settings": {"key": _plain_text("setting", required=True, max_len=100), "value": _json_text},
    "profile": {**{k: _plain_text(k.replace("_", " ")) for k in _PROFILE_FIELDS},
                "linkedin_url": lambda v: normalise_linkedin(_text(v, "linkedin url"))},
    "contacts": {"id": _row_id("contact id"), **CONTACT_RULES},
    "tags": {"id": _row_id("tag id"), "owner": _one_of(("profile", "contact"), "tag owner"),
             "contact_id": _row_id("contact id", optional=True), "kind": _one_of(schema.TAG_KINDS, "tag kind"),
             "text": _plain_text("tag", required=True, max_len=200)},
    "interactions": {"id": _row_id("interaction id"), "contact_id": _row_id("contact id"), "date": _date("date"),
                     "channel": _one_of(schema.CHANNELS, "channel"),
                     "direction": _one_of(schema.DIRECTIONS, "direction"),
                     "kind": _one_of(schema.INTERACTION_KINDS, "kind"), "note": _plain_text("note"),
                     "source": lambda v: _text(v, "source") or "manual", "external_id": _external_id},
    "links": {"id": _row_id("link id"), "a": _row_id("contact id"), "b": _row_id("contact id"),
              "kind": _one_of(schema.LINK_KINDS, "link kind"), "strength": _strength},
    "goals": {"id": _row_id("goal id"), "title": _plain_text("goal", required=True, max_len=300),
              "kind": _one_of(schema.GOAL_KINDS, "goal kind"), "needs": _join,
              "description": _plain_text("description"), "target_date": _date("target date", optional=True),
              "status": _one_of(schema.GOAL_STATUSES, "goal status")},
    "outreach": {"id": _row_id("pipeline id"), "contact_id": _row_id("contact id", optional=True),
                 "target": _plain_text("target", max_len=300), "goal_id": _row_id("goal id", optional=True),
                 "stage": _one_of(schema.STAGES, "stage"), "next_step": _plain_text("next step"),
                 "due_date": _date("due date", optional=True), "draft": _plain_text("draft"),
                 "notes": _plain_text("notes")},
    "outreach_history": {"id": _row_id("history id"), "outreach_id": _row_id("pipeline id"), "date": _date("date"),
                         "from_stage": _one_of(schema.STAGES, "from stage", optional=True),
                         "to_stage": _one_of(schema.STAGES, "to stage"), "note": _plain_text("note")},
    "reflections": {"prompt_id": _plain_text("prompt id", required=True, max_len=200),
                    "text": _plain_text("answer", max_len=100_000)},
    "imports": {"id": _row_id("import id"), "file_name": _plain_text("file name", max_len=1000),
                "format": _plain_text("format", required=True, max_len=100), "report": _plain_text("report", max_len=10**8)},
}

_NOW = object()  # a default filled with the time of the write
#: Columns a new row gets when the rows leave them out (as the one-row writes fill them).
DEFAULTS: dict[str, dict[str, Any]] = {
    "contacts": {"created_at": _NOW, "updated_at": _NOW},
    "interactions": {"channel": "message", "direction": "outbound", "kind": "catch-up", "note": "",
                     "source": "manual", "external_id": None},
    "goals": {"created_at": _NOW},
    "outreach": {"created_at": _NOW, "updated_at": _NOW},
    "reflections": {"updated_at": _NOW},
    "imports": {"at": _NOW},
}


def default_value(value: Any) -> Any:
    return now_text() if value is _NOW else value


def contact_values(fields: dict[str, Any], *, partial: bool) -> dict[str, Any]:
    """A contact's fields checked and normalised; a new contact's name defaults to first + last."""
    unknown = set(fields) - set(_CONTACT_FIELDS)
    if unknown:
        raise ValueError(f"Unknown contact field(s): {', '.join(sorted(unknown))}.")
    out = {key: CONTACT_RULES[key](value) for key, value in fields.items()}
    if not partial and not out.get("full_name"):
        out["full_name"] = _text(f"{out.get('first_name', '')} {out.get('last_name', '')}", "name", required=True)
    return out
