"""The demo persona: reproducible, realistic in shape, synthetic in content, valid as a workbook."""
from __future__ import annotations

import re
import sqlite3

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

import workbook
from workbook import demo, schema
from workbook.store import WorkbookError

AS_OF = pd.Timestamp(demo.DEFAULT_AS_OF)
EXAMPLE_EMAIL = re.compile(r"^[a-z0-9._%+-]+@([a-z0-9-]+\.)*example\.(com|org|net)$")
LINKEDIN = re.compile(r"^https://www\.linkedin\.com/in/[a-z0-9]+(-[a-z0-9]+)*-\d+$")


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    return demo.generate_demo()


@pytest.fixture(scope="module")
def truth() -> pd.DataFrame:
    return demo.demo_truth()


@pytest.fixture(scope="module")
def last_seen(frames) -> pd.DataFrame:
    """Per contact: last interaction, number of interactions, connection date."""
    inter = frames["interactions"].assign(date=lambda f: pd.to_datetime(f["date"]))
    per = inter.groupby("contact_id")["date"].agg(last="max", n="size")
    return (frames["contacts"].set_index("id")[["connected_on"]]
            .assign(connected_on=lambda f: pd.to_datetime(f["connected_on"]))
            .join(per).assign(n=lambda f: f["n"].fillna(0).astype(int)))


# ----------------------------------------------------------------------------- reproducibility


def test_regenerating_equals_committed_csvs(tmp_path):
    demo.save_demo_csvs(tmp_path)
    committed = sorted(p.name for p in demo.DEMO_CSV_FOLDER.glob("*.csv"))
    assert committed == sorted(f"{t}.csv" for t in schema.TABLES)
    for name in committed:
        assert (tmp_path / name).read_bytes() == (demo.DEMO_CSV_FOLDER / name).read_bytes(), (
            f"data/demo/{name} is stale: run `workbook demo --csv data/demo`")


def test_committed_csvs_load_back_into_the_generated_frames(frames):
    loaded = demo.load_demo_csvs()
    for table in schema.TABLES:
        pd.testing.assert_frame_equal(loaded[table], frames[table], obj=table)


def test_same_seed_same_data_and_other_seed_other_data(frames):
    again = demo.generate_demo(seed=7)
    other = demo.generate_demo(seed=8)
    for table in ("contacts", "interactions", "tags", "links"):
        pd.testing.assert_frame_equal(again[table], frames[table])
    assert not other["contacts"]["full_name"].equals(frames["contacts"]["full_name"])
    assert not other["interactions"][["contact_id", "date"]].equals(frames["interactions"][["contact_id", "date"]])


def test_no_wall_clock_in_timestamps(frames):
    stamps = pd.concat([frames[t][c] for t, cols in demo.COLUMNS.items() for c in cols
                        if c in ("created_at", "updated_at")])
    assert pd.to_datetime(stamps).max() <= AS_OF + pd.Timedelta(days=1)


# ----------------------------------------------------------------------------- shape


def test_columns_match_the_ddl(frames, book):
    for table in schema.TABLES:
        ddl = [r[1] for r in book.conn.execute(f"PRAGMA table_info({table})")]
        assert list(frames[table].columns) == ddl, table


@pytest.mark.parametrize(
    "table, lo, hi",
    [
        ("contacts", 250, 250),
        ("interactions", 1200, 4000),
        ("tags", 800, 3000),
        ("links", 24, 120),
        ("goals", 2, 3),
        ("outreach", 6, 8),
        ("outreach_history", 12, 40),
        ("reflections", 3, 5),
        ("profile", 1, 1),
    ],
)
def test_counts_in_expected_ranges(frames, table, lo, hi):
    assert lo <= len(frames[table]) <= hi


def test_ids_run_from_one(frames):
    for table in ("contacts", "interactions", "tags", "links", "goals", "outreach", "outreach_history"):
        assert frames[table]["id"].tolist() == list(range(1, len(frames[table]) + 1)), table


@pytest.mark.parametrize("layer, size", [("inner", 5), ("close", 10), ("active", 35), ("meaningful", 100),
                                         ("acquaintance", 100)])
def test_dunbar_layers(truth, layer, size):
    assert (truth["layer"] == layer).sum() == size


def test_every_status_is_represented(truth):
    assert set(truth["status"]) == {"thriving", "steady", "cooling", "at-risk", "dormant", "new", "quiet"}


def test_circles_are_mostly_left_for_the_app_to_infer(frames, truth):
    c = frames["contacts"]
    set_ = c["circle"].notna()
    assert 3 <= set_.sum() <= 8
    assert set(c.loc[set_, "circle"]) <= set(schema.CIRCLES)
    # Where the person set a circle it agrees with how they actually keep in touch.
    agree = truth.set_index("contact_id").loc[c.loc[set_, "id"], "layer"].to_numpy()
    assert (agree == c.loc[set_, "circle"].to_numpy()).all()


def test_dormant_ties_exist(last_seen, truth):
    gap = (AS_OF - last_seen["last"]).dt.days
    dormant = gap >= schema.DORMANT_DAYS
    assert 20 <= dormant.sum() <= 30
    assert (last_seen.loc[dormant, "connected_on"] < AS_OF - pd.Timedelta(days=3 * 365)).all()
    assert set(truth.set_index("contact_id").loc[dormant[dormant].index, "status"]) == {"dormant"}


def test_new_connections(last_seen):
    recent = last_seen["connected_on"] > AS_OF - pd.Timedelta(days=30)
    assert 3 <= recent.sum() <= 7
    assert (last_seen.loc[recent, "n"] <= 1).all()
    assert (last_seen.loc[recent, "connected_on"] <= AS_OF).all()


@pytest.mark.parametrize("layer, max_median_gap", [("inner", 14), ("close", 45), ("active", 130)])
def test_rhythm_follows_the_layer(frames, truth, layer, max_median_gap):
    inter = frames["interactions"].assign(date=lambda f: pd.to_datetime(f["date"]))
    ids = truth.loc[(truth["layer"] == layer) & truth["status"].isin(["steady", "thriving"]), "contact_id"]
    gaps = (inter[inter["contact_id"].isin(ids) & (inter["date"] > AS_OF - pd.Timedelta(days=365))]
            .sort_values("date").groupby("contact_id")["date"].diff().dt.days.dropna())
    assert 0 < gaps.median() <= max_median_gap


def test_cooling_ties_have_growing_gaps(frames, truth):
    inter = frames["interactions"].assign(date=lambda f: pd.to_datetime(f["date"]))
    ids = truth.loc[truth["layer"].isin(["inner", "close", "active"]) & (truth["status"] == "cooling"), "contact_id"]
    sub = inter[inter["contact_id"].isin(ids)].sort_values(["contact_id", "date"])
    gaps = sub.assign(gap=sub.groupby("contact_id")["date"].diff().dt.days).dropna(subset=["gap"])
    half = gaps.groupby("contact_id")["gap"].transform(lambda g: np.arange(len(g)) >= len(g) / 2)
    assert gaps.loc[half, "gap"].mean() > gaps.loc[~half, "gap"].mean()


def test_vocabularies_come_from_the_schema(frames):
    inter = frames["interactions"]
    assert set(inter["channel"]) <= set(schema.CHANNELS)
    assert set(inter["direction"]) == set(schema.DIRECTIONS)
    assert set(inter["kind"]) <= set(schema.INTERACTION_KINDS)
    assert set(schema.GIVE_KINDS) <= set(inter["kind"]) and set(schema.TAKE_KINDS) <= set(inter["kind"])
    assert set(frames["tags"]["kind"]) == set(schema.TAG_KINDS) - {"goal"}
    assert set(frames["links"]["kind"]) == {"knows", "colleague", "introduced-by"}


def test_reciprocity_varies_by_contact(frames):
    inter = frames["interactions"]
    give = inter["kind"].isin(schema.GIVE_KINDS) | (
        inter["kind"].isin(schema.DIRECTIONAL_GIVE_KINDS) & (inter["direction"] == "outbound"))
    take = inter["kind"].isin(schema.TAKE_KINDS) | (
        inter["kind"].isin(schema.DIRECTIONAL_GIVE_KINDS) & (inter["direction"] == "inbound"))
    per = inter.assign(give=give, take=take).groupby("contact_id")[["give", "take"]].sum()
    per = per[(per["give"] + per["take"]) >= 5]
    share = per["give"] / (per["give"] + per["take"])
    assert share.min() < 0.3 and share.max() > 0.7


def test_contacts_look_realistic(frames):
    c = frames["contacts"]
    assert c["industry"].nunique() == 10
    assert c["location"].nunique() >= 15
    assert c["full_name"].is_unique
    assert c["source"].value_counts().index[0] == "linkedin"
    assert set(c["source"]) == {"linkedin", "google", "vcard", "manual"}
    titles = c["position"]
    for pattern in (r"^Junior ", r"^Senior ", r"^Director of ", r"^VP ", r"^Chief .* Officer$", r"Founder"):
        assert titles.str.contains(pattern).any(), pattern
    assert c["company"].str.contains(r"^Northwind Analytics$").any()


def test_emails_are_synthetic_and_about_sixty_percent(frames):
    emails = frames["contacts"]["emails"]
    assert 0.5 <= (emails != "").mean() <= 0.7
    every = [e for cell in emails if cell for e in cell.split(";")]
    assert every and all(EXAMPLE_EMAIL.match(e) for e in every)
    assert EXAMPLE_EMAIL.match(frames["profile"].loc[0, "email"])


def test_linkedin_urls_have_the_canonical_form(frames):
    urls = frames["contacts"]["linkedin_url"]
    urls = urls[urls != ""]
    assert len(urls) >= 150
    assert urls.map(lambda u: bool(LINKEDIN.match(u))).all()
    assert (urls == urls.map(workbook.store.normalise_linkedin)).all()


def test_tags_mix_common_and_niche_interests(frames):
    tags = frames["tags"]
    interests = set(tags.loc[tags["kind"] == "interest", "text"])
    assert {"technology", "leadership"} <= interests
    assert len(interests & set(demo.NICHE_INTERESTS)) >= 5
    assert "Women in Data London" in set(tags.loc[tags["kind"] == "community", "text"])
    keys = tags.assign(k=tags["text"].str.lower()).duplicated(["owner", "contact_id", "kind", "k"])
    assert not keys.any()


def test_profile_is_a_career_changer(frames):
    p = frames["profile"].iloc[0]
    assert p["name"] == "Sam Rivera" and "product" in p["headline"]
    own = frames["tags"][frames["tags"]["owner"] == "profile"]
    assert own["contact_id"].isna().all()
    assert {"interest", "value", "skill", "community", "employer", "city"} <= set(own["kind"])


def test_goals_have_needs(frames):
    g = frames["goals"]
    assert "Move into product management" in set(g["title"])
    assert (g["needs"].str.len() > 0).all() and set(g["kind"]) <= set(schema.GOAL_KINDS)
    needs = {n for cell in g["needs"] for n in cell.split(";")}
    skills = set(frames["tags"].loc[frames["tags"]["kind"] == "skill", "text"])
    assert needs <= skills  # somebody in the network can help with every need


def test_settings_pin_the_demo(frames):
    s = frames["settings"].set_index("key")["value"]
    assert s["as_of"] == '"2026-10-15"' and s["is_demo"] == "true"
    assert s["demo_version"] == f'"{demo.DEMO_VERSION}"'


# ----------------------------------------------------------------------------- integrity


def check_references(f: dict[str, pd.DataFrame]) -> None:
    ids = set(f["contacts"]["id"])
    assert set(f["interactions"]["contact_id"]) <= ids
    assert set(f["tags"]["contact_id"].dropna()) <= ids
    assert set(f["links"]["a"]) | set(f["links"]["b"]) <= ids
    assert (f["links"]["a"] != f["links"]["b"]).all()
    assert set(f["outreach"]["contact_id"].dropna()) <= ids
    assert set(f["outreach"]["goal_id"].dropna()) <= set(f["goals"]["id"])
    assert set(f["outreach_history"]["outreach_id"]) <= set(f["outreach"]["id"])
    tags = f["tags"]
    assert ((tags["owner"] == "profile") == tags["contact_id"].isna()).all()


def test_every_foreign_key_is_valid(frames):
    check_references(frames)


def test_links_form_clusters_with_bridges(frames):
    g = nx.Graph()
    g.add_edges_from(frames["links"][["a", "b"]].itertuples(index=False, name=None))
    groups = nx.community.louvain_communities(g, seed=1)
    assert sum(len(c) >= 5 for c in groups) >= 3
    between = nx.betweenness_centrality(g)
    assert max(between.values()) > 0.05  # someone connects otherwise separate groups
    assert frames["links"]["strength"].between(0, 1).all()


def test_pipeline_history_follows_allowed_moves(frames):
    out, hist = frames["outreach"], frames["outreach_history"]
    assert out["stage"].nunique() >= 6
    assert (out["contact_id"].isna() & (out["target"].str.len() > 0)).sum() == 1
    for oid, rows in hist.groupby("outreach_id"):
        moves = list(zip([None, *rows["to_stage"].tolist()[:-1]], rows["to_stage"]))
        assert rows["from_stage"].tolist() == [m[0] for m in moves]
        assert all(schema.can_move(a, b) for a, b in moves), oid
        assert rows["date"].is_monotonic_increasing and (pd.to_datetime(rows["date"]) <= AS_OF).all()
        assert out.set_index("id").loc[oid, "stage"] == rows["to_stage"].iloc[-1]


@settings(max_examples=8, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(1, 120))
def test_any_seed_and_size_gives_a_valid_synthetic_network(seed, n):
    f = demo.generate_demo(seed=seed, n_contacts=n)
    assert len(f["contacts"]) == n
    check_references(f)
    emails = [e for cell in f["contacts"]["emails"] if cell for e in cell.split(";")]
    assert all(EXAMPLE_EMAIL.match(e) for e in emails)


@pytest.mark.parametrize("n_contacts, n_interactions", [(300, 5000), (300, 100), (80, 0), (1, 3)])
def test_n_interactions_fixes_the_total(n_contacts, n_interactions):
    f = demo.generate_demo(n_contacts=n_contacts, n_interactions=n_interactions)
    assert len(f["interactions"]) == n_interactions
    check_references(f)


def test_interactions_per_contact_scales_the_total():
    f = demo.generate_demo(n_contacts=200, interactions_per_contact=10)
    assert len(f["interactions"]) == 2000


# ----------------------------------------------------------------------------- workbook files


def test_write_demo_builds_a_valid_workbook(tmp_path, frames):
    book = demo.write_demo(tmp_path / "demo.sqlite")
    try:
        assert len(book.contacts()) == len(frames["contacts"])
        assert book.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert book.conn.execute("PRAGMA foreign_key_check").fetchall() == []
        counts = book.counts()
        assert all(counts[t] == len(frames[t]) for t in schema.TABLES)
        assert book.as_of().isoformat() == "2026-10-15"
        assert book.settings()["is_demo"] is True
        assert book.profile().loc[0, "name"] == "Sam Rivera"
        assert book.outreach_history()["from_stage"].eq("").sum() == len(frames["outreach"])
    finally:
        book.close()


def test_open_demo_is_idempotent_and_rebuilds_when_stale(tmp_path):
    path = tmp_path / "demo.sqlite"
    first = demo.open_demo(path)
    first.save_reflection("test.marker", "kept")
    first.close()
    again = demo.open_demo(path)
    assert again.reflection("test.marker") == "kept"  # not rebuilt
    again.set_setting("demo_version", "0-old")
    again.close()
    rebuilt = demo.open_demo(path)
    assert rebuilt.reflection("test.marker") == ""
    assert rebuilt.settings()["demo_version"] == demo.DEMO_VERSION
    rebuilt.close()


def test_open_demo_defaults_to_demo_path(tmp_path):
    book = demo.open_demo()
    try:
        assert book.path == workbook.demo_path()
        assert str(book.path).startswith(str(tmp_path))  # conftest points WORKBOOK_DB into tmp_path
    finally:
        book.close()


def test_demo_never_overwrites_a_real_workbook(book):
    book.add_contact("Ada Example")
    with pytest.raises(WorkbookError):
        demo.write_demo(book.path)
    with pytest.raises(WorkbookError):
        demo.open_demo(book.path)
    assert book.contacts()["full_name"].tolist() == ["Ada Example"]


@pytest.mark.parametrize("content", [None, b"not a database, just notes\n"])
def test_main_refuses_to_overwrite_a_non_demo_file(tmp_path, capsys, content):
    path = tmp_path / "mine.sqlite"
    if content is None:
        b = workbook.open(path)
        b.add_contact("Ada Example")
        b.close()
    else:
        path.write_bytes(content)
    before = path.read_bytes()
    assert demo.main(["--db", str(path)]) == 2
    assert "not a demo workbook" in capsys.readouterr().err
    assert path.read_bytes() == before


def test_main_writes_the_demo_and_rewrites_it(tmp_path, capsys):
    path = tmp_path / "d.sqlite"
    assert demo.main(["--db", str(path)]) == 0
    assert str(path) in capsys.readouterr().out
    assert demo.main(["--db", str(path), "--seed", "3"]) == 0
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT value FROM settings WHERE key = 'demo_seed'").fetchone()[0] == "3"
        assert conn.execute("SELECT count(*) FROM contacts").fetchone()[0] == 250


def test_main_writes_csvs(tmp_path, capsys):
    assert demo.main(["--csv", str(tmp_path / "csv"), "--seed", "7"]) == 0
    assert sorted(p.stem for p in (tmp_path / "csv").glob("*.csv")) == sorted(schema.TABLES)
    assert (tmp_path / "csv" / "contacts.csv").read_bytes() == (demo.DEMO_CSV_FOLDER / "contacts.csv").read_bytes()
