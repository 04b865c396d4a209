"""Common ground a LinkedIn export holds, derived inside the import's transaction, each item with its source.

========  ===========================================================  ===================================
kind      the person's side (``owner='profile'``)                      a contact's side (``owner='contact'``)
========  ===========================================================  ===================================
employer  every employer in Positions.csv, with the years              their company is one of yours
school    every school in Education.csv, with the years                their company is that school
skill     skills contacts endorsed you for (Endorsement_Received)      skills you endorsed them for (given)
field     the field of each of your job titles (core.titles)           their title's field is one of yours
topic     phrases you wrote (headline, summary, messages you sent,     they wrote the phrase too (messages
          your invitation notes, recommendations you gave)             to you, invitations, recommendations)
========  ===========================================================  ===================================

Companies and schools match by the one company rule (:func:`workbook.core.text.company_key`);
fields and seniority come from the one title classifier (:mod:`workbook.core.titles`); topics from
:mod:`.linkedin_topics`. Employer, school and field rows are rebuilt from the workbook whenever
an import brings contacts or history; skill and topic rows are rebuilt per file read. Dismissals
(see :mod:`workbook.store.derived`) are never touched, so a dismissed item stays dismissed.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..core.text import company_key, company_keys, has_text
from ..core.titles import SENIORITY_LABELS, classify_function, classify_seniority
from ..store.derived import read_history, replace_derived, write_history
from .linkedin_topics import drop_contained, keyphrases, match_phrases, topic_key

_STATE_KINDS = ("employer", "school", "field")
_STATE_FILES = ("Positions.csv", "Education.csv", "Connections.csv", "Profile.csv")
_NO_FIELD = ("other", "unknown")
#: A phrase written by more than this share of the contacts who wrote to you is small talk, not a
#: topic (checked once at least :data:`COMMON_MIN_WRITERS` contacts wrote anything).
COMMON_SHARE = 0.25
COMMON_MIN_WRITERS = 30
_MONTHS = {m: i + 1 for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                           "nov", "dec"))}


def month_of(text: str) -> str:
    """'YYYY-MM' or 'YYYY' from the dates Positions.csv and Education.csv hold ('' when none).

    >>> [month_of(t) for t in ("Mar 2021", "2016", "2019-07", "07/2019", "September 2020", "soon")]
    ['2021-03', '2016', '2019-07', '2019-07', '2020-09', '']
    """
    t = str(text or "").strip().lower()
    year = re.search(r"\b(19|20)\d\d\b", t)
    if not year:
        return ""
    month = re.search(r"\b([a-z]{3})[a-z]*\b", t)
    if month and month.group(1) in _MONTHS:
        return f"{year.group(0)}-{_MONTHS[month.group(1)]:02d}"
    num = re.search(r"\b(\d{1,2})[/-]((19|20)\d\d)\b|\b((19|20)\d\d)[/-](\d{1,2})\b", t)
    if num:
        m = int(num.group(1) or num.group(6))
        if 1 <= m <= 12:
            return f"{year.group(0)}-{m:02d}"
    return year.group(0)


def years(started: str, finished: str) -> str:
    """How a stretch of time reads: '2016-2021', 'since 2021', '2019', ''.

    >>> years("2016-01", "2021-02"), years("2021-03", ""), years("", "2019"), years("2018", "2018")
    ('2016-2021', 'since 2021', 'until 2019', '2018')
    """
    a, b = str(started or "")[:4], str(finished or "")[:4]
    if a and b:
        return a if a == b else f"{a}-{b}"
    return f"since {a}" if a else (f"until {b}" if b else "")


def history_rows(part_kind: str, frame: pd.DataFrame, column) -> pd.DataFrame:
    """Positions.csv / Education.csv rows as ``profile_history`` rows."""
    if part_kind == "positions":
        org, title = column(frame, "Company Name"), column(frame, "Title")
        start, end = column(frame, "Started On"), column(frame, "Finished On")
    else:
        org = column(frame, "School Name")
        title = (column(frame, "Degree Name") + " " + column(frame, "Notes", "Field Of Study")).str.strip()
        start, end = column(frame, "Start Date"), column(frame, "End Date")
    return pd.DataFrame({"kind": "position" if part_kind == "positions" else "education", "organisation": org,
                         "title": title, "started_on": start.map(month_of), "finished_on": end.map(month_of),
                         "source": "linkedin"})


def derive(ctx, kinds: set[str], files: dict[str, str]) -> None:
    """Rebuild the derived items this import can say something about (see the module docstring).

    ``kinds`` are the parts read (``connections``, ``messages``...), ``files`` their file names."""
    book = ctx.book
    as_of = book.as_of().isoformat()
    if kinds & {"connections", "positions", "education", "profile"}:
        contacts = _contacts(book)
        rows = pd.concat([_history_items(book, contacts, as_of), _field_items(book, contacts, as_of)],
                         ignore_index=True)
        replace_derived(book, rows, source_files=_STATE_FILES, kinds=_STATE_KINDS)
    skills = ctx.notes.pop("li_endorsements", [])
    if skills:
        replace_derived(book, _skill_items(skills), source_files={s["file"] for s in skills}, kinds=("skill",))
    texts = ctx.notes.pop("li_texts", [])
    if texts:
        frame = pd.concat(texts, ignore_index=True)
        rows = _topic_items(book, frame)
        own_files = {"Profile.csv"} if "profile" in kinds else set()
        replace_derived(book, rows, source_files=set(frame["file"]) | own_files, kinds=("topic",))


def _contacts(book) -> pd.DataFrame:
    # Read with SQL, not book.contacts(): inside the import's transaction its cache may predate this import.
    return pd.read_sql_query("SELECT id AS contact_id, full_name, first_name, last_name, company, position "
                             "FROM contacts WHERE archived = 0 ORDER BY id", book.conn)


def _profile(book) -> dict[str, str]:
    cur = book.conn.execute("SELECT name, headline, summary, company, position FROM profile WHERE id = 1")
    row = cur.fetchone() or ("", "", "", "", "")
    return dict(zip(("name", "headline", "summary", "company", "position"), [str(v or "") for v in row]))


def _own_places(book) -> pd.DataFrame:
    """The person's employers and schools: kind, value, key, when (years), source_file, source_date."""
    h = read_history(book)
    me = _profile(book)
    rows = pd.DataFrame({
        "kind": np.where(h["kind"] == "position", "employer", "school"),
        "value": h["organisation"], "key": company_keys(h["organisation"]),
        "when": [years(a, b) for a, b in zip(h["started_on"], h["finished_on"])],
        "source_file": np.where(h["kind"] == "position", "Positions.csv", "Education.csv"),
        "source_date": [f"{s}-01-01"[:10] if len(s) == 4 else (f"{s}-01" if s else None) for s in h["started_on"]],
    })
    if company_key(me["company"]) and company_key(me["company"]) not in set(rows["key"]):
        rows.loc[len(rows)] = ["employer", me["company"], company_key(me["company"]), "now", "Profile.csv", None]
    rows = rows.loc[rows["key"] != ""]
    # One row per (kind, key): the years of every stretch there, newest first.
    return (rows.groupby(["kind", "key"], sort=False)
            .agg(value=("value", "first"), when=("when", lambda w: ", ".join(x for x in w if x)),
                 source_file=("source_file", "first"), source_date=("source_date", "first")).reset_index())


def _history_items(book, contacts: pd.DataFrame, as_of: str) -> pd.DataFrame:
    places = _own_places(book)
    if places.empty:
        return pd.DataFrame(columns=["owner", "kind"])
    places = places.assign(when=places["when"].astype(str))
    mine = places.assign(owner="profile", contact_id=None, detail=places["when"])
    keys = company_keys(contacts["company"])
    hit = contacts.assign(key=keys.to_numpy()).merge(places, on="key", how="inner")
    said = np.where(hit["kind"] == "employer", "you " + hit["when"], "you studied there " + hit["when"])
    theirs = pd.DataFrame({
        "owner": "contact", "contact_id": hit["contact_id"], "kind": hit["kind"], "value": hit["value"],
        "key": hit["key"], "detail": pd.Series(said, dtype=object).str.strip(), "source_file": "Connections.csv",
        "source_date": as_of,
    })
    return pd.concat([mine[theirs.columns], theirs], ignore_index=True)


def _field_items(book, contacts: pd.DataFrame, as_of: str) -> pd.DataFrame:
    h = read_history(book)
    titles = h.loc[h["kind"] == "position", ["title", "started_on", "finished_on"]]
    me = _profile(book)
    if me["position"] and me["position"].casefold() not in set(titles["title"].str.casefold()):
        titles = pd.concat([titles, pd.DataFrame({"title": [me["position"]], "started_on": [""],
                                                  "finished_on": [""]})], ignore_index=True)
    titles = titles.assign(field=classify_function(titles["title"]).to_numpy())
    titles = titles.loc[~titles["field"].isin(_NO_FIELD)]
    if titles.empty:
        return pd.DataFrame(columns=["owner", "kind"])
    own = titles.groupby("field", sort=False).agg(title=("title", "first")).reset_index()
    my_level = SENIORITY_LABELS[classify_seniority(pd.Series([me["position"]])).iloc[0]]
    mine = pd.DataFrame({"owner": "profile", "contact_id": None, "kind": "field", "value": own["field"],
                         "key": own["field"], "detail": "from your title " + own["title"],
                         "source_file": "Positions.csv" if len(h) else "Profile.csv", "source_date": None})
    field = classify_function(contacts["position"])
    level = classify_seniority(contacts["position"]).map(SENIORITY_LABELS)
    hit = field.isin(set(own["field"])).to_numpy()
    theirs = pd.DataFrame({
        "owner": "contact", "contact_id": contacts["contact_id"].to_numpy()[hit], "kind": "field",
        "value": field.to_numpy()[hit], "key": field.to_numpy()[hit],
        "detail": ("their title " + contacts["position"].astype(str) + " (" + level.astype(str) + "; you: "
                   + my_level + ")").to_numpy()[hit],
        "source_file": "Connections.csv", "source_date": as_of,
    })
    return pd.concat([mine, theirs], ignore_index=True)


def _skill_key(s: pd.Series) -> pd.Series:
    return s.astype(str).str.casefold().str.replace(r"\s+", " ", regex=True).str.strip(" .,;:!?\"'")


def _skill_items(parts: list[dict]) -> pd.DataFrame:
    out = []
    for p in parts:
        f = p["frame"]
        if f.empty:
            continue
        f = f.assign(key=_skill_key(f["skill"])).loc[lambda x: x["key"] != ""]
        if p["given"]:
            g = f.groupby(["cid", "key"], sort=False).agg(value=("skill", "first"), day=("day", "max")).reset_index()
            out.append(pd.DataFrame({"owner": "contact", "contact_id": g["cid"], "kind": "skill", "value": g["value"],
                                     "key": g["key"], "detail": "you endorsed them for it", "source_file": p["file"],
                                     "source_date": g["day"].dt.strftime("%Y-%m-%d")}))
        else:
            g = f.groupby("key", sort=False).agg(value=("skill", "first"), day=("day", "max"),
                                                 n=("cid", "nunique")).reset_index()
            out.append(pd.DataFrame({"owner": "profile", "contact_id": None, "kind": "skill", "value": g["value"],
                                     "key": g["key"], "source_file": p["file"],
                                     "detail": "endorsed by " + g["n"].astype(str) + " of your contacts",
                                     "source_date": g["day"].dt.strftime("%Y-%m-%d")}))
    return pd.concat(out, ignore_index=True) if out else pd.DataFrame(columns=["owner", "kind"])


def _topic_items(book, texts: pd.DataFrame) -> pd.DataFrame:
    """Topics both sides wrote about: the person's phrases found in each contact's own texts."""
    me = _profile(book)
    contacts = _contacts(book)
    names = pd.concat([contacts["first_name"], contacts["last_name"], pd.Series([me["name"]])], ignore_index=True)
    texts = texts.loc[has_text(texts["text"])].reset_index(drop=True)
    own = pd.concat([pd.DataFrame({"text": [me["headline"], me["summary"]], "file": "Profile.csv", "day": pd.NaT}),
                     texts.loc[texts["mine"].to_numpy(), ["text", "file", "day"]]], ignore_index=True)
    own = own.loc[has_text(own["text"])].reset_index(drop=True)
    stored = [v for (v,) in book.conn.execute("SELECT value FROM derived WHERE owner = 'profile' AND kind = 'topic'")]
    phrases = list(dict.fromkeys(keyphrases(own["text"], names=names) + stored))
    keys = [topic_key(p) for p in phrases]
    theirs = texts.loc[~texts["mine"].to_numpy()].reset_index(drop=True)
    rows, codes = match_phrases(theirs["text"], keys)
    if not len(rows):
        return pd.DataFrame(columns=["owner", "kind"])
    vocab = pd.Index(list(dict.fromkeys(k for k in keys if k)))
    spelled = dict(zip(keys, phrases))
    hit = pd.DataFrame({"cid": theirs["cid"].to_numpy()[rows], "key": vocab.to_numpy(dtype=object)[codes],
                        "file": theirs["file"].to_numpy()[rows], "day": theirs["day"].to_numpy()[rows]})
    hit = (hit.groupby(["cid", "key"], sort=False).agg(file=("file", "last"), day=("day", "max"))
           .reset_index().sort_values(["cid", "key"], kind="stable"))
    hit = hit.loc[drop_contained(hit["cid"].to_numpy(), hit["key"].to_numpy(dtype=object))]
    # What most people write to you is the small talk of your messages, not an interest you share.
    writers = theirs["cid"].nunique()
    if writers >= COMMON_MIN_WRITERS:
        spread = hit.groupby("key")["cid"].transform("nunique")
        hit = hit.loc[(spread <= COMMON_SHARE * writers).to_numpy()]
    theirs_rows = pd.DataFrame({
        "owner": "contact", "contact_id": hit["cid"], "kind": "topic", "value": hit["key"].map(spelled),
        "key": hit["key"], "detail": "you both wrote about it", "source_file": hit["file"],
        "source_date": pd.to_datetime(hit["day"]).dt.strftime("%Y-%m-%d")})
    shared = list(dict.fromkeys(hit["key"]))
    o_rows, o_codes = match_phrases(own["text"], shared)
    first = pd.DataFrame({"key": np.asarray(shared, dtype=object)[o_codes], "file": own["file"].to_numpy()[o_rows],
                          "day": own["day"].to_numpy()[o_rows]}).drop_duplicates("key")
    mine = pd.DataFrame({"owner": "profile", "contact_id": None, "kind": "topic", "value": first["key"].map(spelled),
                         "key": first["key"], "detail": "you wrote about it", "source_file": first["file"],
                         "source_date": pd.to_datetime(first["day"]).dt.strftime("%Y-%m-%d")})
    return pd.concat([mine, theirs_rows], ignore_index=True)


__all__ = ["derive", "history_rows", "month_of", "years", "write_history"]  # write_history: for the writers
