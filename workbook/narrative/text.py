"""Small writing helpers every chapter sentence uses: escaping, counting, lists, dates, tables.

Everything from a workbook (names, companies, tags) is untrusted text: :func:`md` escapes it for
Markdown (and the HTML a Markdown renderer lets through), so a name can neither inject markup nor
start a formula (``$`` would open MathJax in Jupyter).

>>> md("<b>Ada</b> & *Co* $5")
'&lt;b&gt;Ada&lt;/b&gt; &amp; \\\\*Co\\\\* \\\\$5'
>>> count(1, "person", "people"), count(4, "person", "people"), count(0, "goal")
('1 person', '4 people', 'no goals')
"""
from __future__ import annotations

import datetime as dt
import html
import math
import re
from typing import Any, Iterable, Mapping, Sequence

import pandas as pd

__all__ = ["md", "is_missing", "count", "join_words", "percent", "long_date", "table", "bullets"]

_MARKDOWN = re.compile(r"([\\`*_\[\]#|~$])")


def is_missing(value: Any) -> bool:
    """True for None, NaN, NaT, pd.NA and blank text.

    >>> [is_missing(v) for v in (None, float("nan"), pd.NA, pd.NaT, "  ", 0, "x")]
    [True, True, True, True, True, False, False]
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str):
        return not value.strip()
    try:
        return bool(pd.isna(value)) if not isinstance(value, (list, tuple, dict, set)) else not value
    except (TypeError, ValueError):
        return False


def md(value: Any) -> str:
    """Text from data, safe inside Markdown: HTML-escaped, Markdown punctuation backslashed.

    >>> md(None), md("Lee_Chen [x](y)")
    ('', 'Lee\\\\_Chen \\\\[x\\\\](y)')
    """
    if is_missing(value):
        return ""
    text = " ".join(str(value).split())  # a newline inside a name would break a table or a list
    return _MARKDOWN.sub(r"\\\1", html.escape(text, quote=False))


def count(n: Any, singular: str, plural: str | None = None, *, zero: str = "no") -> str:
    """``n`` with its noun: '1 contact', '1,250 contacts', 'no contacts'.

    >>> count(1250, "contact"), count(0, "person", "people", zero="no")
    ('1,250 contacts', 'no people')
    """
    n = int(n)
    noun = singular if n == 1 else (plural or singular + "s")
    return f"{zero} {noun}" if n == 0 else f"{n:,} {noun}"


def join_words(items: Iterable[Any], *, last: str = "and", limit: int | None = None, escape: bool = True) -> str:
    """'a', 'a and b', 'a, b and c' (blanks dropped; beyond ``limit``: 'and 3 more').

    >>> join_words(["Ada", "", "Grace", "Lin"]), join_words(["a", "b", "c", "d"], limit=2)
    ('Ada, Grace and Lin', 'a, b and 2 more')
    """
    words = [md(i) if escape else str(i) for i in items if not is_missing(i)]
    if limit is not None and len(words) > limit:
        words = words[:limit] + [f"{len(words) - limit} more"]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + f" {last} " + words[-1]


def percent(part: Any, whole: Any) -> str:
    """A whole-number share, never '0 of 0': '52%', or '' when the whole is zero.

    >>> percent(31, 60), percent(0, 0), percent(1, 300)
    ('52%', '', 'under 1%')
    """
    whole = float(whole or 0)
    if whole <= 0:
        return ""
    share = 100.0 * float(part) / whole
    if 0 < share < 1:
        return "under 1%"
    return f"{share:.0f}%"


def long_date(when: Any) -> str:
    """'15 October 2026' (no leading zero).

    >>> long_date(dt.date(2026, 10, 5)), long_date(None)
    ('5 October 2026', '')
    """
    if is_missing(when):
        return ""
    d = pd.Timestamp(when)
    return f"{d.day} {d:%B %Y}"


def _cell(value: Any, blank: str, digits: int, whole: bool = False) -> str:
    if isinstance(value, (list, tuple, set)):
        value = "; ".join(str(v) for v in value if not is_missing(v))
    if is_missing(value):
        return md(blank)
    if isinstance(value, (bool,)) or type(value).__name__ == "bool_":
        return "yes" if value else "no"
    if isinstance(value, (pd.Timestamp, dt.date)):
        return f"{pd.Timestamp(value).day} {pd.Timestamp(value):%b %Y}"
    if isinstance(value, float) or type(value).__name__.startswith("float"):
        value = float(value)
        return f"{value:,.0f}" if whole else f"{value:,.{digits}f}"
    if isinstance(value, int) or type(value).__name__.startswith("int"):
        return f"{int(value):,}"
    return md(value)


def table(frame: pd.DataFrame, columns: Mapping[str, str] | Sequence[str] | None = None, *,
          empty: str = "Nothing to show yet.", blank: str = "not recorded", digits: int = 2) -> str:
    """A Markdown table of ``frame`` (its ``columns``, renamed by a mapping), every cell escaped.

    Missing values read ``blank``, never 'nan' or 'None'; lists are joined with '; '; an empty
    frame gives the sentence ``empty`` instead of an empty grid.

    >>> f = pd.DataFrame({"full_name": ["Ada <i>", "Lin"], "days": [3.0, None]})
    >>> print(table(f, {"full_name": "name", "days": "days since"}, blank="never"))
    | name | days since |
    | --- | --- |
    | Ada &lt;i&gt; | 3 |
    | Lin | never |
    >>> table(f.head(0), empty="Nobody yet.")
    'Nobody yet.'
    """
    if frame is None or len(frame) == 0:
        return empty
    if columns is None:
        columns = list(frame.columns)
    names = dict(columns) if isinstance(columns, Mapping) else {c: c.replace("_", " ") for c in columns}
    names = {c: label for c, label in names.items() if c in frame.columns}
    head = "| " + " | ".join(md(label) for label in names.values()) + " |"
    rule = "| " + " | ".join("---" for _ in names) + " |"
    shown = frame[list(names)]
    # A float column holding only whole numbers (days, counts with gaps) reads as whole numbers.
    whole = [pd.api.types.is_float_dtype(shown[c]) and bool((shown[c].dropna() % 1 == 0).all()) for c in names]
    body = ["| " + " | ".join(_cell(v, blank, digits, w) for v, w in zip(row, whole)) + " |"
            for row in shown.itertuples(index=False, name=None)]
    return "\n".join([head, rule, *body])


def bullets(lines: Iterable[str], *, numbered: bool = False) -> str:
    """Markdown list items from already-escaped lines (blank ones dropped).

    >>> print(bullets(["one", "", "two"], numbered=True))
    1. one
    2. two
    """
    kept = [line for line in lines if line and line.strip()]
    return "\n".join(f"{i}. {line}" if numbered else f"- {line}" for i, line in enumerate(kept, start=1))
