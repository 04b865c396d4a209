"""The benchmark network: the demo generator scaled to LinkedIn's cap, cached on disk.

:func:`build` writes, into one folder under ``benchmarks/out/`` (git-ignored):

* ``workbook.sqlite``: the generated network (contacts, interactions, tags, links and the demo
  persona's profile, goals and pipeline), with ``as_of`` pinned like the demo;
* ``Connections.csv``: every contact as LinkedIn exports connections (the ``Notes:`` preamble, a
  blank line, then ``First Name,Last Name,URL,Email Address,Company,Position,Connected On`` with
  dates like ``15 Mar 2024``);
* ``messages.csv``: every interaction on the ``message`` channel as LinkedIn exports messages
  (one conversation per contact, ``DATE`` like ``2024-03-15 14:02:11 UTC``);
* ``manifest.json``: the sizes, seed and generator version it was built from.

The folder is reused while the manifest matches the sizes and seed (``--rebuild`` regenerates it,
e.g. after the demo generator changed; its :data:`workbook.demo.DEMO_VERSION` is recorded).

>>> s = Sizes.quick()
>>> (s.contacts, s.tags, s.links)
(300, 1000, 50)
"""
from __future__ import annotations

import base64
import csv
import json
import os
import re
import shutil
import sqlite3
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

FORMAT_VERSION = 2  # bump when what this module writes changes
OUT = Path(__file__).resolve().parent / "out"

LINKEDIN_NOTES = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses are missing. '
    "You will only see email addresses for connections who have allowed their connections to see or "
    "download their email address using this setting https://www.linkedin.com/psettings/privacy/email. "
    'You can learn more here https://www.linkedin.com/help/linkedin/answer/261"\n'
    "\n"
)
CONNECTION_COLUMNS = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
MESSAGE_COLUMNS = ["CONVERSATION ID", "CONVERSATION TITLE", "FROM", "SENDER PROFILE URL", "TO",
                   "RECIPIENT PROFILE URLS", "DATE", "SUBJECT", "CONTENT", "FOLDER"]
_FILLER = (
    "Great to catch up today, thanks for your time.",
    "Sharing the article I mentioned; hope it is useful.",
    "Congratulations on the new role!",
    "Would you have twenty minutes next week for a quick call?",
    "Thanks for the introduction, really appreciated.",
    "Happy to help with that, let me know what you need.",
)


@dataclass(frozen=True)
class Sizes:
    """How big a network to build (the defaults are LinkedIn's cap and a heavy user's history)."""

    contacts: int = 30_000
    interactions: int = 1_000_000
    tags: int = 100_000
    links: int = 5_000
    years: int = 5
    seed: int = 7

    @classmethod
    def quick(cls) -> "Sizes":
        """A tiny network for tests (same shape, 1% of the contacts)."""
        return cls(contacts=300, interactions=10_000, tags=1_000, links=50, years=5)

    @property
    def label(self) -> str:
        return f"{self.contacts} contacts, {self.interactions:,} interactions, {self.tags:,} tags, {self.links:,} links"


@dataclass(frozen=True)
class Dataset:
    """Paths of a built network."""

    folder: Path
    sizes: Sizes
    manifest: dict[str, Any]

    @classmethod
    def load(cls, folder: Path) -> "Dataset":
        """A network :func:`build` wrote earlier (for the memory subprocesses)."""
        manifest = json.loads((Path(folder) / "manifest.json").read_text())
        fields = {k: v for k, v in manifest["key"].items() if k in Sizes.__dataclass_fields__}
        return cls(Path(folder), Sizes(**fields), manifest)

    @property
    def workbook(self) -> Path:
        return self.folder / "workbook.sqlite"

    @property
    def connections(self) -> Path:
        return self.folder / "Connections.csv"

    @property
    def messages(self) -> Path:
        return self.folder / "messages.csv"


def _key(sizes: Sizes) -> dict[str, Any]:
    return {"format": FORMAT_VERSION, **asdict(sizes)}


def build(sizes: Sizes, out: Path | None = None, *, log=print, rebuild: bool = False) -> Dataset:
    """The network for ``sizes`` in ``out`` (default ``benchmarks/out``), built when missing.

    A cached network is reused even when the demo generator has changed since (its version is in
    the manifest): numbers stay comparable between runs, and a full run stays within minutes.
    ``rebuild=True`` (``--rebuild``) regenerates it.
    """
    out = Path(out) if out is not None else OUT
    key = _key(sizes)
    folder = out / f"net-{sizes.contacts}-{sizes.interactions}-s{sizes.seed}"
    manifest_path = folder / "manifest.json"
    if manifest_path.exists() and not rebuild:
        try:
            manifest = json.loads(manifest_path.read_text())
        except ValueError:
            manifest = {}
        if manifest.get("key") == key and all((folder / f).exists() for f in
                                                ("workbook.sqlite", "Connections.csv", "messages.csv")):
            return Dataset(folder, sizes, manifest)
    log(f"building the benchmark network ({sizes.label}) in {folder} ...")
    tmp = folder.with_name(folder.name + f".building-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        frames = generate(sizes)
        write_workbook(frames, tmp / "workbook.sqlite")
        n_conn = write_connections(frames, tmp / "Connections.csv")
        n_msg = write_messages(frames, tmp / "messages.csv", seed=sizes.seed)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    from workbook.demo import DEMO_VERSION

    manifest = {
        "key": key,
        "demo_version": DEMO_VERSION,
        "rows": {t: int(len(f)) for t, f in frames.items()},
        "connections_csv_rows": n_conn,
        "messages_csv_rows": n_msg,
        "as_of": json.loads(frames["settings"].set_index("key").loc["as_of", "value"]),
    }
    (tmp / "manifest.json").write_text(json.dumps(manifest, indent=1))
    shutil.rmtree(folder, ignore_errors=True)
    os.replace(tmp, folder)
    return Dataset(folder, sizes, manifest)


def generate(sizes: Sizes) -> dict[str, pd.DataFrame]:
    """The demo persona's frames at ``sizes``: exact contact, interaction, tag and link counts.

    The demo generator decides contacts and interactions; it writes more tags and links than a
    LinkedIn-scale profile has, so a seeded sample keeps the person's own tags and trims the rest.
    """
    from workbook.demo import generate_demo

    frames = generate_demo(seed=sizes.seed, n_contacts=sizes.contacts, years=sizes.years,
                           n_interactions=sizes.interactions)
    rng = np.random.default_rng([sizes.seed, 99])
    tags = frames["tags"]
    own = tags["owner"] == "profile"
    n_contact_tags = max(sizes.tags - int(own.sum()), 0)
    contact_rows = np.flatnonzero(~own.to_numpy())
    if len(contact_rows) > n_contact_tags:
        keep = np.sort(rng.choice(contact_rows, size=n_contact_tags, replace=False))
        frames["tags"] = tags.iloc[np.sort(np.concatenate([np.flatnonzero(own.to_numpy()), keep]))].reset_index(drop=True)
    links = frames["links"]
    if len(links) > sizes.links:
        keep = np.sort(rng.choice(len(links), size=sizes.links, replace=False))
        frames["links"] = links.iloc[keep].reset_index(drop=True)
    return frames


def write_workbook(frames: dict[str, pd.DataFrame], path: Path) -> Path:
    """Store generated frames in a fresh workbook file (with the demo's own writer)."""
    from workbook.demo import store_frames
    from workbook.store import Workbook

    book = Workbook(path)
    try:
        store_frames(book, frames)
        book.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        book.conn.execute("ANALYZE")
    finally:
        book.close()
    return path


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "member"


def _profile_urls(contacts: pd.DataFrame) -> pd.Series:
    """Every connection has a profile URL on LinkedIn; invent one where the generator left none."""
    urls = contacts["linkedin_url"].fillna("").astype(str)
    missing = urls == ""
    made = [f"https://www.linkedin.com/in/{_slug(n)}-{i:x}7"
            for n, i in zip(contacts.loc[missing, "full_name"], contacts.loc[missing, "id"])]
    return urls.mask(missing, pd.Series(made, index=urls.index[missing], dtype=object))


def write_connections(frames: dict[str, pd.DataFrame], path: Path) -> int:
    """Write ``Connections.csv`` as LinkedIn's data export does; returns the number of rows."""
    c = frames["contacts"]
    first_interaction = frames["interactions"].groupby("contact_id")["date"].min()
    as_of = json.loads(frames["settings"].set_index("key").loc["as_of", "value"])
    connected = pd.to_datetime(c["connected_on"], errors="coerce")
    fallback = pd.to_datetime(c["id"].map(first_interaction), errors="coerce").fillna(pd.Timestamp(as_of))
    connected = connected.fillna(fallback)
    emails = c["emails"].fillna("").astype(str).str.split(";").str[0].fillna("")
    table = pd.DataFrame({
        "First Name": c["first_name"], "Last Name": c["last_name"], "URL": _profile_urls(c),
        "Email Address": emails, "Company": c["company"], "Position": c["position"],
        "Connected On": connected.dt.strftime("%d %b %Y"),
    })
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(LINKEDIN_NOTES)
        table.to_csv(fh, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    return len(table)


def write_messages(frames: dict[str, pd.DataFrame], path: Path, *, seed: int = 7) -> int:
    """Write ``messages.csv`` (every ``message``-channel interaction) as LinkedIn exports it."""
    c = frames["contacts"].set_index("id")
    me = frames["profile"].iloc[0]
    my_name, my_url = str(me["name"]), str(me["linkedin_url"])
    url = pd.Series(_profile_urls(frames["contacts"]).to_numpy(), index=c.index)
    m = frames["interactions"]
    m = m.loc[m["channel"] == "message"].sort_values(["date", "id"], kind="stable")
    cid = m["contact_id"].astype("int64")
    name, their_url = cid.map(c["full_name"]), cid.map(url)
    outbound = (m["direction"] == "outbound").to_numpy()
    rng = np.random.default_rng([seed, 98])
    seconds = rng.integers(7 * 3600, 22 * 3600, len(m))
    stamp = (pd.to_datetime(m["date"]) + pd.to_timedelta(seconds, unit="s")).dt.strftime("%Y-%m-%d %H:%M:%S UTC")
    conv = cid.map(lambda i: "2-" + base64.b64encode(f"conversation-{i:06d}".encode()).decode().rstrip("="))
    filler = np.array(_FILLER, dtype=object)[rng.integers(0, len(_FILLER), len(m))]
    note = m["note"].fillna("").astype(str).to_numpy()
    table = pd.DataFrame({
        "CONVERSATION ID": conv.to_numpy(),
        "CONVERSATION TITLE": "",
        "FROM": np.where(outbound, my_name, name.to_numpy()),
        "SENDER PROFILE URL": np.where(outbound, my_url, their_url.to_numpy()),
        "TO": np.where(outbound, name.to_numpy(), my_name),
        "RECIPIENT PROFILE URLS": np.where(outbound, their_url.to_numpy(), my_url),
        "DATE": stamp.to_numpy(),
        "SUBJECT": "",
        "CONTENT": np.where(note != "", note, filler),
        "FOLDER": "INBOX",
    })
    # LinkedIn lists the newest message first.
    table.iloc[::-1].to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
    return len(table)


def demo_workbook(out: Path | None = None) -> Path:
    """The ordinary demo workbook (about 250 contacts) for the app's Voila timing, rebuilt when stale."""
    from workbook.demo import open_demo

    out = Path(out) if out is not None else OUT
    path = out / "demo.sqlite"
    open_demo(path).close()
    return path


def fresh_copy(src: Path, dest: Path) -> Path:
    """A writable copy of a workbook file (SQLite backup API, so WAL content is included)."""
    for p in (dest, Path(f"{dest}-wal"), Path(f"{dest}-shm")):
        if p.exists():
            p.unlink()
    s = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
    d = sqlite3.connect(dest)
    try:
        s.backup(d)
    finally:
        s.close()
        d.close()
    return dest
