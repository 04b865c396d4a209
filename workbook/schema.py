"""The workbook's vocabulary and SQLite schema.

Everything else (store, importers, task modules, ui) takes its enumerations
from here, so a value means the same thing in every layer.

>>> "inner" in CIRCLES
True
>>> can_move("identified", "researching")
True
>>> OPEN_STAGES[-1], "paused" in OPEN_STAGES
('ongoing mentor', False)
"""
from __future__ import annotations

CIRCLES = ("inner", "close", "active", "meaningful", "acquaintance")
#: Dunbar layer sizes (cumulative) used to infer circles; acquaintance is the rest.
DUNBAR_SIZES = {"inner": 5, "close": 15, "active": 50, "meaningful": 150}
#: Default cadence in days per circle (acquaintances have none).
DEFAULT_CADENCE = {"inner": 7, "close": 30, "active": 90, "meaningful": 365}
#: Out of touch for this many days makes a tie dormant (Levin, Walter & Murnighan 2011).
DORMANT_DAYS = 1095

TAG_KINDS = ("interest", "value", "goal", "skill", "community", "event", "employer", "city")
CHANNELS = ("message", "email", "call", "video", "meeting", "event", "social", "letter", "other")
DIRECTIONS = ("inbound", "outbound", "mutual")
INTERACTION_KINDS = (
    "catch-up",
    "support-given",
    "support-received",
    "referral-given",
    "referral-received",
    "recommendation",  # who gave it is the direction: outbound = the person gave it
    "endorsement",  # likewise
    "intro-made",
    "intro-received",
    "collaboration",
    "resource-shared",
    "invitation",
    "follow-up",
    "other",
)
#: Kinds that count as the person giving / receiving value (give-and-take balance).
GIVE_KINDS = ("support-given", "referral-given", "intro-made", "resource-shared")
TAKE_KINDS = ("support-received", "referral-received", "intro-received")
#: recommendation and endorsement are give when outbound, take when inbound.
DIRECTIONAL_GIVE_KINDS = ("recommendation", "endorsement")

LINK_KINDS = ("knows", "colleague", "introduced-by", "family", "other")
GOAL_KINDS = ("skill", "role", "field", "other")
GOAL_STATUSES = ("active", "done", "dropped")

STAGES = (
    "identified",
    "researching",
    "intro requested",
    "contacted",
    "replied",
    "met",
    "ongoing mentor",
    "declined",
    "paused",
)
#: Stages of a row still being worked on, in pipeline order: the main road. Declined and paused
#: are side roads where a row rests and nothing falls due (the weekly plan and the funnel use these).
OPEN_STAGES = STAGES[:7]
#: Open stages short of an ongoing mentorship: the outreach still in progress (report, coach's page).
IN_PROGRESS_STAGES = OPEN_STAGES[:-1]
#: Allowed pipeline moves. Any open stage may go to declined or paused; paused resumes anywhere
#: open; a declined candidate can be tried again from identified.
_FORWARD = {
    "identified": ("researching", "intro requested", "contacted"),
    "researching": ("intro requested", "contacted", "identified"),
    "intro requested": ("contacted", "researching"),
    "contacted": ("replied",),
    "replied": ("met", "contacted"),
    "met": ("ongoing mentor", "replied"),
    "ongoing mentor": (),
}
STAGE_TRANSITIONS: dict[str, tuple[str, ...]] = {
    **{s: nxt + ("declined", "paused") for s, nxt in _FORWARD.items()},
    "declined": ("identified",),
    "paused": tuple(_FORWARD),
}


def can_move(from_stage: str | None, to_stage: str) -> bool:
    """True when the pipeline may move from ``from_stage`` to ``to_stage``.

    A new row (``from_stage=None``) may start at any stage, so people can record
    mentors they already have.

    >>> can_move("contacted", "met")
    False
    >>> can_move(None, "met")
    True
    """
    if to_stage not in STAGES:
        return False
    if from_stage is None or from_stage == to_stage:
        return True
    return to_stage in STAGE_TRANSITIONS.get(from_stage, ())


SCHEMA_VERSION = 4

#: What a derived item (common ground the importers find in an export, with its source) says.
DERIVED_KINDS = ("employer", "school", "skill", "field", "topic")
#: Entries of the person's own history (Positions.csv, Education.csv, or typed in).
PROFILE_HISTORY_KINDS = ("position", "education")

# -- the practice loops (schema 4) ----------------------------------------------------------------
#: Who an event row names: someone the person means to meet there, or someone they met.
EVENT_ROLES = ("to meet", "met")
#: Hours after an event within which a follow-up to someone met there is due (a weekly-plan step).
EVENT_FOLLOW_UP_HOURS = 48
#: A collaboration project's road (idea -> proposed -> active -> done); dropped is a side road.
PROJECT_STATUSES = ("idea", "proposed", "active", "done", "dropped")
PROJECT_TRANSITIONS: dict[str, tuple[str, ...]] = {
    "idea": ("proposed", "dropped"),
    "proposed": ("active", "idea", "dropped"),
    "active": ("done", "dropped"),
    "done": (),
    "dropped": ("idea",),
}
#: Asks for a referral or a recommendation: made by the person, or received from someone else.
ASK_KINDS = ("referral", "recommendation")
ASK_DIRECTIONS = ("made", "received")
ASK_STATUSES = ("asked", "given", "declined")
#: What a measurable networking goal counts, per week or per month.
TARGET_METRICS = ("conversations", "new people", "revived ties", "posts engaged", "events", "asks made")
TARGET_PERIODS = ("week", "month")


def _in(values: tuple[str, ...]) -> str:
    return "(" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + ")"


def _one_of(column: str, values: tuple[str, ...]) -> str:
    """A CHECK body equal to ``column IN (...)``: SQLite 3.40 builds a temporary b-tree for an IN
    list in a CHECK on every row inserted, which tripled the cost of a 200,000-row import."""
    return f"CASE {column} " + " ".join("WHEN '" + v.replace("'", "''") + "' THEN 1" for v in values) + " ELSE 0 END"


#: Migrations: index i holds the SQL that takes a workbook from version i to i + 1.
MIGRATIONS: list[str] = [
    f"""
CREATE TABLE schema_version (version INTEGER NOT NULL);
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL               -- JSON
);
CREATE TABLE profile (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    name         TEXT NOT NULL DEFAULT '',
    headline     TEXT NOT NULL DEFAULT '',
    company      TEXT NOT NULL DEFAULT '',
    position     TEXT NOT NULL DEFAULT '',
    industry     TEXT NOT NULL DEFAULT '',
    location     TEXT NOT NULL DEFAULT '',
    email        TEXT NOT NULL DEFAULT '',
    linkedin_url TEXT NOT NULL DEFAULT '',
    summary      TEXT NOT NULL DEFAULT ''
);
CREATE TABLE contacts (
    id           INTEGER PRIMARY KEY,
    full_name    TEXT NOT NULL CHECK (length(trim(full_name)) > 0),
    first_name   TEXT NOT NULL DEFAULT '',
    last_name    TEXT NOT NULL DEFAULT '',
    emails       TEXT NOT NULL DEFAULT '',   -- normalised, ';'-separated
    phones       TEXT NOT NULL DEFAULT '',   -- ';'-separated
    linkedin_url TEXT NOT NULL DEFAULT '',   -- normalised
    company      TEXT NOT NULL DEFAULT '',
    position     TEXT NOT NULL DEFAULT '',
    industry     TEXT NOT NULL DEFAULT '',
    location     TEXT NOT NULL DEFAULT '',
    how_met      TEXT NOT NULL DEFAULT '',
    source       TEXT NOT NULL DEFAULT 'manual',
    connected_on TEXT CHECK (connected_on IS NULL OR connected_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    birthday     TEXT NOT NULL DEFAULT '',   -- 'YYYY-MM-DD' or '--MM-DD' (year unknown)
    circle       TEXT CHECK (circle IS NULL OR circle IN {_in(CIRCLES)}),
    cadence_days INTEGER CHECK (cadence_days IS NULL OR cadence_days BETWEEN 1 AND 3650),
    notes        TEXT NOT NULL DEFAULT '',
    archived     INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX contacts_linkedin ON contacts(linkedin_url) WHERE linkedin_url <> '';
CREATE INDEX contacts_name ON contacts(full_name);
CREATE TABLE tags (
    id         INTEGER PRIMARY KEY,
    owner      TEXT NOT NULL CHECK (owner IN ('profile', 'contact')),
    contact_id INTEGER REFERENCES contacts(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN {_in(TAG_KINDS)}),
    text       TEXT NOT NULL CHECK (length(trim(text)) > 0),
    CHECK ((owner = 'profile') = (contact_id IS NULL))
);
CREATE UNIQUE INDEX tags_unique ON tags(owner, coalesce(contact_id, 0), kind, lower(text));
CREATE INDEX tags_contact ON tags(contact_id);
CREATE TABLE interactions (
    id          INTEGER PRIMARY KEY,
    contact_id  INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    date        TEXT NOT NULL CHECK (date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    channel     TEXT NOT NULL CHECK (channel IN {_in(CHANNELS)}),
    direction   TEXT NOT NULL CHECK (direction IN {_in(DIRECTIONS)}),
    kind        TEXT NOT NULL DEFAULT 'catch-up' CHECK (kind IN {_in(INTERACTION_KINDS)}),
    note        TEXT NOT NULL DEFAULT '',
    source      TEXT NOT NULL DEFAULT 'manual',
    external_id TEXT                         -- importer's key, makes re-imports idempotent
);
CREATE INDEX interactions_contact_date ON interactions(contact_id, date);
CREATE UNIQUE INDEX interactions_external ON interactions(source, external_id) WHERE external_id IS NOT NULL;
CREATE TABLE links (
    id       INTEGER PRIMARY KEY,
    a        INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    b        INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    kind     TEXT NOT NULL DEFAULT 'knows' CHECK (kind IN {_in(LINK_KINDS)}),
    strength REAL NOT NULL DEFAULT 0.5 CHECK (strength >= 0 AND strength <= 1),
    CHECK (a <> b),
    UNIQUE (a, b, kind)
);
CREATE INDEX links_b ON links(b);
CREATE TABLE goals (
    id          INTEGER PRIMARY KEY,
    title       TEXT NOT NULL CHECK (length(trim(title)) > 0),
    kind        TEXT NOT NULL DEFAULT 'skill' CHECK (kind IN {_in(GOAL_KINDS)}),
    needs       TEXT NOT NULL DEFAULT '',    -- ';'-separated skills, roles or fields
    description TEXT NOT NULL DEFAULT '',
    target_date TEXT,
    status      TEXT NOT NULL DEFAULT 'active' CHECK (status IN {_in(GOAL_STATUSES)}),
    created_at  TEXT NOT NULL
);
CREATE TABLE outreach (
    id         INTEGER PRIMARY KEY,
    contact_id INTEGER REFERENCES contacts(id) ON DELETE CASCADE,
    target     TEXT NOT NULL DEFAULT '',     -- "someone at X / in community Y" when no contact yet
    goal_id    INTEGER REFERENCES goals(id) ON DELETE SET NULL,
    stage      TEXT NOT NULL CHECK (stage IN {_in(STAGES)}),
    next_step  TEXT NOT NULL DEFAULT '',
    due_date   TEXT,
    draft      TEXT NOT NULL DEFAULT '',
    notes      TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (contact_id IS NOT NULL OR length(trim(target)) > 0)
);
CREATE UNIQUE INDEX outreach_contact_goal ON outreach(coalesce(contact_id, -id), coalesce(goal_id, 0));
CREATE TABLE outreach_history (
    id          INTEGER PRIMARY KEY,
    outreach_id INTEGER NOT NULL REFERENCES outreach(id) ON DELETE CASCADE,
    date        TEXT NOT NULL,
    from_stage  TEXT,
    to_stage    TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outreach_history_row ON outreach_history(outreach_id);
CREATE TABLE reflections (
    prompt_id  TEXT PRIMARY KEY CHECK (length(trim(prompt_id)) > 0),
    text       TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL
);
CREATE TABLE imports (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    file_name   TEXT NOT NULL,
    format      TEXT NOT NULL,
    report      TEXT NOT NULL                -- JSON ImportReport
);
INSERT INTO profile (id) VALUES (1);
""",
    # 1 -> 2: a columnar snapshot of the interactions table, so that opening a workbook with a
    # million exchanges does not re-read them row by row (store.Workbook.interactions). It is
    # derived data: rebuilt from the table whenever it does not match. Inserts are noticed by
    # row count and largest id; updates and deletes (which could hide from those) bump a stamp
    # and drop the snapshot in the same transaction, so an erased contact leaves nothing in it.
    # No INSERT trigger: a per-row trigger would double the cost of a large import.
    # The interactions table is rebuilt with the same columns, rows and ids, its vocabulary CHECKs
    # written as CASE (see _one_of; same values allowed, named so errors stay readable).
    f"""
CREATE TABLE interactions_v2 (
    id          INTEGER PRIMARY KEY,
    contact_id  INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    date        TEXT NOT NULL CHECK (date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    channel     TEXT NOT NULL CONSTRAINT channel_known CHECK ({_one_of('channel', CHANNELS)}),
    direction   TEXT NOT NULL CONSTRAINT direction_known CHECK ({_one_of('direction', DIRECTIONS)}),
    kind        TEXT NOT NULL DEFAULT 'catch-up' CONSTRAINT kind_known CHECK ({_one_of('kind', INTERACTION_KINDS)}),
    note        TEXT NOT NULL DEFAULT '',
    source      TEXT NOT NULL DEFAULT 'manual',
    external_id TEXT                         -- importer's key, makes re-imports idempotent
);
INSERT INTO interactions_v2 (id, contact_id, date, channel, direction, kind, note, source, external_id)
    SELECT id, contact_id, date, channel, direction, kind, note, source, external_id FROM interactions;
DROP TABLE interactions;
ALTER TABLE interactions_v2 RENAME TO interactions;
CREATE INDEX interactions_contact_date ON interactions(contact_id, date);
CREATE UNIQUE INDEX interactions_external ON interactions(source, external_id) WHERE external_id IS NOT NULL;
CREATE TABLE table_stamps (
    name TEXT PRIMARY KEY,
    n    INTEGER NOT NULL
);
INSERT INTO table_stamps (name, n) VALUES ('interactions', 0);
CREATE TABLE frame_cache (
    name   TEXT PRIMARY KEY,
    stamp  INTEGER NOT NULL,
    n_rows INTEGER NOT NULL,
    max_id INTEGER NOT NULL,
    blob   BLOB NOT NULL
);
CREATE TRIGGER interactions_updated AFTER UPDATE ON interactions BEGIN
    UPDATE table_stamps SET n = n + 1 WHERE name = 'interactions';
    DELETE FROM frame_cache WHERE name = 'interactions';
END;
CREATE TRIGGER interactions_deleted AFTER DELETE ON interactions BEGIN
    UPDATE table_stamps SET n = n + 1 WHERE name = 'interactions';
    DELETE FROM frame_cache WHERE name = 'interactions';
END;
""",
    # 2 -> 3: the person's dated history, and derived items: what an export says a contact shares
    # with the person, each with its source (file, date). A dismissal ("not true") is keyed on who
    # it is about (``identity``: LinkedIn URL, else email, else name key), the kind and the
    # normalised value, not on row ids, so it outlives re-imports that rebuild the derived rows.
    f"""
CREATE TABLE profile_history (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN {_in(PROFILE_HISTORY_KINDS)}),
    organisation TEXT NOT NULL CHECK (length(trim(organisation)) > 0),
    title        TEXT NOT NULL DEFAULT '',   -- job title, or degree and field of study
    started_on   TEXT NOT NULL DEFAULT '',   -- 'YYYY' or 'YYYY-MM' ('' unknown)
    finished_on  TEXT NOT NULL DEFAULT '',   -- '' while current
    source       TEXT NOT NULL DEFAULT 'manual'
);
CREATE UNIQUE INDEX profile_history_unique ON profile_history(kind, lower(organisation), lower(title), started_on);
CREATE TABLE derived (
    id          INTEGER PRIMARY KEY,
    owner       TEXT NOT NULL CHECK (owner IN ('profile', 'contact')),
    contact_id  INTEGER REFERENCES contacts(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN {_in(DERIVED_KINDS)}),
    value       TEXT NOT NULL CHECK (length(trim(value)) > 0),
    key         TEXT NOT NULL CHECK (length(key) > 0),   -- the normalised value
    detail      TEXT NOT NULL DEFAULT '',               -- "2016-2021", "you endorsed them"...
    source_file TEXT NOT NULL,                          -- 'Positions.csv', 'messages.csv'...
    source_date TEXT CHECK (source_date IS NULL OR source_date GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    identity    TEXT NOT NULL,
    CHECK ((owner = 'profile') = (contact_id IS NULL))
);
CREATE UNIQUE INDEX derived_unique ON derived(owner, coalesce(contact_id, 0), kind, key, source_file);
CREATE INDEX derived_contact ON derived(contact_id);
CREATE TABLE derived_dismissals (
    identity TEXT NOT NULL,
    kind     TEXT NOT NULL,
    key      TEXT NOT NULL,
    at       TEXT NOT NULL,
    PRIMARY KEY (identity, kind, key)
);
""",
    # 3 -> 4: the practice loops (events, collaboration projects, referral and recommendation
    # asks, the brand statement, a measurable networking goal) and progress kept over weeks:
    # every reflection answer is kept, dated, in reflection_history (``reflections`` stays the
    # latest answer per prompt, as every earlier reader expects). Existing answers are carried over.
    f"""
CREATE TABLE events (
    id          INTEGER PRIMARY KEY,
    title       TEXT NOT NULL CHECK (length(trim(title)) > 0),
    starts_on   TEXT NOT NULL CHECK (starts_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    ends_on     TEXT CHECK (ends_on IS NULL OR ends_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    location    TEXT NOT NULL DEFAULT '',
    url         TEXT NOT NULL DEFAULT '',
    goal        TEXT NOT NULL DEFAULT '',      -- what the person wants from it ("meet two data leads")
    notes       TEXT NOT NULL DEFAULT '',
    source      TEXT NOT NULL DEFAULT 'manual', -- 'manual' or the calendar file it came from
    uid         TEXT NOT NULL DEFAULT '',       -- the calendar's UID: a re-import adds nothing
    created_at  TEXT NOT NULL
);
CREATE UNIQUE INDEX events_uid ON events(uid) WHERE uid <> '';
CREATE TABLE event_people (
    id          INTEGER PRIMARY KEY,
    event_id    INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    contact_id  INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    role        TEXT NOT NULL CHECK (role IN {_in(EVENT_ROLES)}),
    note        TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX event_people_unique ON event_people(event_id, contact_id);
CREATE TABLE projects (
    id          INTEGER PRIMARY KEY,
    title       TEXT NOT NULL CHECK (length(trim(title)) > 0),
    description TEXT NOT NULL DEFAULT '',
    basis       TEXT NOT NULL DEFAULT '',       -- the shared interest or complementary skill behind it
    status      TEXT NOT NULL DEFAULT 'idea' CHECK (status IN {_in(PROJECT_STATUSES)}),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE TABLE project_people (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    contact_id  INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX project_people_unique ON project_people(project_id, contact_id);
CREATE TABLE project_history (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    date        TEXT NOT NULL,
    from_status TEXT NOT NULL DEFAULT '',
    to_status   TEXT NOT NULL CHECK (to_status IN {_in(PROJECT_STATUSES)})
);
CREATE TABLE asks (
    id          INTEGER PRIMARY KEY,
    contact_id  INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN {_in(ASK_KINDS)}),
    direction   TEXT NOT NULL CHECK (direction IN {_in(ASK_DIRECTIONS)}),
    specifics   TEXT NOT NULL DEFAULT '',       -- the role, company or skill the ask is about
    status      TEXT NOT NULL DEFAULT 'asked' CHECK (status IN {_in(ASK_STATUSES)}),
    asked_on    TEXT NOT NULL CHECK (asked_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    answered_on TEXT CHECK (answered_on IS NULL OR answered_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    thanked_on  TEXT CHECK (thanked_on IS NULL OR thanked_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    notes       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX asks_contact ON asks(contact_id);
CREATE TABLE brand_statements (
    id          INTEGER PRIMARY KEY,
    core_values TEXT NOT NULL DEFAULT '',       -- ";"-joined, as the person chose them
    strengths   TEXT NOT NULL DEFAULT '',
    audience    TEXT NOT NULL DEFAULT '',
    goals       TEXT NOT NULL DEFAULT '',
    statement   TEXT NOT NULL CHECK (length(trim(statement)) > 0),
    pitch       TEXT NOT NULL DEFAULT '',
    at          TEXT NOT NULL
);
CREATE TABLE targets (
    id          INTEGER PRIMARY KEY,
    metric      TEXT NOT NULL CHECK (metric IN {_in(TARGET_METRICS)}),
    n           INTEGER NOT NULL CHECK (n BETWEEN 1 AND 100),
    per         TEXT NOT NULL CHECK (per IN {_in(TARGET_PERIODS)}),
    started_on  TEXT NOT NULL CHECK (started_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);
CREATE TABLE reflection_history (
    id          INTEGER PRIMARY KEY,
    prompt_id   TEXT NOT NULL CHECK (length(trim(prompt_id)) > 0),
    text        TEXT NOT NULL,
    at          TEXT NOT NULL
);
CREATE INDEX reflection_history_prompt ON reflection_history(prompt_id, at);
INSERT INTO reflection_history (prompt_id, text, at)
    SELECT prompt_id, text, updated_at FROM reflections WHERE length(trim(text)) > 0;
""",
]

#: The tables a workbook holds, in an order that respects foreign keys (for export/import).
TABLES = (
    "settings",
    "profile",
    "contacts",
    "tags",
    "interactions",
    "links",
    "goals",
    "outreach",
    "outreach_history",
    "reflections",
    "imports",
    "events",
    "event_people",
    "projects",
    "project_people",
    "project_history",
    "asks",
    "brand_statements",
    "targets",
    "reflection_history",
)
#: Tables of derived data (schema 3), kept apart from :data:`TABLES` (the demo's and the export's
#: list): rebuilt by every LinkedIn import; read with ``Workbook.derived_items`` / ``profile_history``.
DERIVED_TABLES = ("profile_history", "derived", "derived_dismissals")
