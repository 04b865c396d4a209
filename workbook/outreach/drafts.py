"""Outreach drafts from plain-text templates, concrete asks and "give first" ideas.

Messages a person would send: one small, specific ask (people say yes more often than askers
expect: Flynn & Lake 2008); to someone you know, an offer to talk rather than email alone (asks in
person work far better: Roghanizad & Bohns 2017); a first message to an existing mentor or to
someone you know is not the cold one; an introduction request asks the introducer to check with
the other side first (a double opt-in). No "just checking in", no "..." gaps: what only the person
can say is a bracketed prompt.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..schema import TAKE_KINDS
from .needs import _needs_of
from .shared import find_shared_items

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"  # workbook/templates
DRAFT_KINDS = {
    "first-message": "first_message.txt.j2",
    "intro-request": "intro_request_opt_in.txt.j2",
    "follow-up": "follow_up.txt.j2",
    "thank-you": "thank_you.txt.j2",
    "mentor-update": "mentor_update.txt.j2",
}


#: Who the recipient of a first message is to the person: a stranger, someone they know, or
#: someone who already mentors them (see :func:`relationship_of`).
RELATIONSHIPS = ("cold", "known", "mentor")
#: The first-message template per relationship ("cold" is the file in :data:`TEMPLATES_DIR`).
_FIRST_MESSAGES = {"cold": "first_message.txt.j2", "known": "first_message_known.txt.j2",
                   "mentor": "first_message_mentor.txt.j2"}
#: Templates written here until they move into :data:`TEMPLATES_DIR` (the same jinja2 syntax).
_OWN_TEMPLATES = {
    "first_message_known.txt.j2": """Subject: Your advice on {{ goal }}

Hi {{ recipient }},

{% if introducer %}
{{ introducer }} thought you would be a good person to ask about this, and I agree.
{% endif %}
I am working toward something new: {{ goal }}. You know me and my work, so you were one of the first people I wanted to ask.
{% if shared %}
I would love to catch up on {{ shared_text }} too.
{% endif %}

Would you be open to {{ ask }}? Over coffee or on a call would be lovely, rather than by email.
If now is a busy time, just say and I will ask again later.

Best wishes,
{{ sender }}
""",
    "first_message_mentor.txt.j2": """Subject: A new question for you ({{ goal }})

Hi {{ recipient }},

Your advice has already made a difference for me, so you were the first person I thought of for my next step: {{ goal }}.
{% if shared %}
I would also love to hear your news on {{ shared_text }}.
{% endif %}

Could I ask you for {{ ask }}? Our next conversation would be perfect if one is coming up; I will bring the questions.

With thanks,
{{ sender }}
""",
    "intro_request_opt_in.txt.j2": """Subject: Would you introduce me to {{ target }}?

Hi {{ recipient }},

I hope you are well. My goal right now: {{ goal }}, and I think {{ target }} could give me good advice on it.
{% if shared %}
We have {{ shared_text }} in common, which might make the conversation easy.
{% endif %}

Would you be comfortable introducing us? What I would ask {{ target }} for is {{ ask }}.
Before you connect us, please ask {{ target }} whether they would welcome it: I only want the introduction if they are happy to have it.
I am glad to write a short note you can forward, and it is completely fine to say no.

Thank you,
{{ sender }}
""",
}


def _env():
    import jinja2

    # Plain text (autoescape off: drafts go to an email client, not HTML); StrictUndefined turns a
    # missing value into an error instead of a blank gap in a message to a real person.
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.DictLoader(_OWN_TEMPLATES), jinja2.FileSystemLoader(str(TEMPLATES_DIR))]),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )


#: The values each draft kind must have (non-empty), on top of recipient and sender.
_REQUIRED = {
    "first-message": ("goal", "ask"),
    "intro-request": ("goal", "ask", "target"),
    "follow-up": ("goal", "ask"),
    "thank-you": ("goal", "learned"),
    "mentor-update": ("goal", "progress"),
}

#: How a draft brings in the person's brand statement (:func:`workbook.practices.brand.brand_line`),
#: by kind and relationship, and where: after the greeting, or as the note's last paragraph. Only a
#: first message and an introduction request carry it; follow-ups, thank-yous and updates go to
#: people who have had it already, so they leave it out.
_BRAND_LEADS = {
    ("first-message", "cold"): ("To introduce myself in one line:", "top"),
    ("first-message", "known"): ("Where I am now, in one line:", "top"),
    ("first-message", "mentor"): ("Where I am now, in one line:", "top"),
    ("intro-request", "cold"): ("If it helps when you write to {target}, this is how I describe my work:", "end"),
}
#: Longest brand statement a draft quotes (characters; the store keeps at most 400).
MAX_BRAND = 400


def make_ask(goal: Any) -> str:
    """A concrete, small request built from the goal's first need.

    >>> make_ask({"title": "Move into product", "needs": "product strategy"})
    'a 20-minute call in the next few weeks, with three specific questions about product strategy'
    """
    needs = _needs_of(goal)
    topic = needs[0] if needs else "the path you took"
    return f"a 20-minute call in the next few weeks, with three specific questions about {topic}"


def compose_draft(
    kind: str,
    *,
    recipient: str,
    sender: str,
    goal: str,
    ask: str = "",
    shared: Sequence[str] = (),
    introducer: str = "",
    target: str = "",
    learned: str = "",
    progress: str = "",
    follow_up_number: int = 1,
    relationship: str = "cold",
    brand: str = "",
) -> str:
    """Render an outreach draft (plain text from :data:`TEMPLATES_DIR`). Required values may not be blank.

    Kinds: first-message (``introducer`` optional: who suggested it; ``relationship`` one of
    :data:`RELATIONSHIPS` picks the cold, the warm or the existing-mentor wording), intro-request
    (written to the introducer, ``recipient``, about ``target``, asking them to check with the
    target first), follow-up, thank-you (``learned``) and mentor-update (``progress``, ``ask`` optional).
    ``brand`` (the person's brand statement, '' for none) becomes one line of a first message (after
    the greeting) or of an introduction request (before the sign-off); other kinds leave it out.

    >>> d = compose_draft("first-message", recipient="Lee", sender="Sam", goal="moving into product",
    ...                   ask="a 20-minute call", shared=["climbing"])
    >>> "Hi Lee" in d and "climbing" in d and "a 20-minute call" in d
    True
    """
    if kind not in DRAFT_KINDS:
        raise ValueError(f"Draft kind must be one of {', '.join(DRAFT_KINDS)} (got {kind!r}).")
    if relationship not in RELATIONSHIPS:
        raise ValueError(f"Relationship must be one of {', '.join(RELATIONSHIPS)} (got {relationship!r}).")
    values = {"recipient": recipient, "sender": sender, "goal": goal, "ask": ask, "introducer": introducer,
              "target": target, "learned": learned, "progress": progress}
    # One line each, no trailing full stop (the templates punctuate).
    values = {k: " ".join(str(v or "").split()).rstrip(".").strip() for k, v in values.items()}
    missing = [k for k in ("recipient", "sender", *_REQUIRED[kind]) if not values[k]]
    if missing:
        raise ValueError(f"A {kind} draft needs: {', '.join(missing)}.")
    items = [" ".join(str(s).split()) for s in shared if str(s or "").strip()]
    name = _FIRST_MESSAGES[relationship] if kind == "first-message" else DRAFT_KINDS[kind]
    template = _env().get_template(name)
    text = template.render(**values, shared=items, shared_text=_join_items(items),
                           follow_up_number=int(follow_up_number))
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    return _with_brand(text, kind, relationship, brand, values["target"]) + "\n"


def _brand_text(brand: str) -> str:
    """The statement on one line, at most :data:`MAX_BRAND` characters, ending as a sentence.

    >>> _brand_text("  I help teams\\n learn  "), _brand_text("  "), _brand_text("Why not?")
    ('I help teams learn.', '', 'Why not?')
    """
    text = " ".join(str(brand or "").split())
    if len(text) > MAX_BRAND:
        text = text[:MAX_BRAND].rsplit(" ", 1)[0].rstrip(" ,;:-")
    return text if not text or text[-1] in ".!?…" else text + "."


def _with_brand(text: str, kind: str, relationship: str, brand: str, target: str) -> str:
    """``text`` with the brand line in its place (unchanged when there is no brand or the kind has none)."""
    line, lead = _brand_text(brand), _BRAND_LEADS.get((kind, relationship if kind == "first-message" else "cold"))
    if not line or lead is None:
        return text
    paragraph = lead[0].format(target=target) + " " + line
    parts = text.split("\n\n")
    greeting = next((i for i, p in enumerate(parts) if p.startswith("Hi ")), 0)
    at = greeting + 1 if lead[1] == "top" else len(parts) - 1
    return "\n\n".join(parts[:at] + [paragraph] + parts[at:])


def _join_items(items: Sequence[str]) -> str:
    items = list(items)[:3]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def suggest_give_first(contacts: pd.DataFrame, tags: pd.DataFrame, *, profile_skills: Sequence[str] = ()) -> pd.Series:
    """A "give first" idea per contact: how to offer value before asking (rule order below).

    1. a community you share: offer to help at its next get-together;
    2. their interest: send one useful article, talk or event about it;
    3. one of your skills they lack: offer it for something they are working on;
    4. their company: congratulate them on recent news, or share a relevant opportunity;
    5. otherwise: ask what they are working on and offer one concrete introduction.

    >>> c = pd.DataFrame({"contact_id": [1, 2], "company": ["Acme", ""]})
    >>> t = pd.DataFrame({"owner": ["contact"], "contact_id": [1], "kind": ["interest"], "text": ["urban cycling"]})
    >>> suggest_give_first(c, t).tolist()[0]
    'Send them one genuinely useful article, talk or event about urban cycling.'
    """
    ids = pd.Index(contacts["contact_id"].astype("int64"), name="contact_id")
    if tags is not None and len(tags):
        # Only these contacts' tags and the profile's matter: select them by id first (one person
        # is asked about at a time; scanning 100,000 tags' text for each would cost more).
        tags = tags.loc[tags["contact_id"].isin(ids).to_numpy(dtype=bool)
                        | (tags["owner"].to_numpy(dtype=object) == "profile")]
    ct = tags.loc[tags["owner"] == "contact"] if tags is not None and len(tags) else pd.DataFrame(
        columns=["contact_id", "kind", "text", "owner"])
    ct = ct.loc[ct["contact_id"].isin(ids)]
    ct = ct.assign(contact_id=pd.to_numeric(ct["contact_id"]).astype("Int64"))

    def first(kind: str) -> pd.Series:
        sub = ct.loc[ct["kind"] == kind]
        return sub.groupby("contact_id")["text"].first().reindex(ids)

    shared = find_shared_items(tags.loc[tags["kind"] == "community"] if tags is not None and len(tags) else tags, ids)
    shared_comm = shared.map(lambda xs: xs[0] if len(xs) else None).reindex(ids)
    interest = first("interest")
    skills_have = ct.loc[ct["kind"] == "skill"].assign(k=lambda f: f["text"].astype(str).str.lower())
    has = skills_have.groupby("contact_id")["k"].agg(set).reindex(ids)
    mine = [s for s in profile_skills if str(s).strip()]
    offer = pd.Series([next((s for s in mine if s.lower() not in (h if isinstance(h, set) else set())), None)
                       for h in has], index=ids) if mine else pd.Series(None, index=ids, dtype=object)
    company = (contacts["company"].fillna("").astype(str).str.strip().to_numpy() if "company" in contacts
               else np.full(len(ids), ""))
    company = pd.Series(company, index=ids).replace("", None)
    idea = pd.Series(
        "Ask what they are working on right now and offer one concrete introduction from your network.",
        index=ids, dtype=object)
    idea = idea.mask(company.notna(), "Congratulate them on recent news at " + company.astype(str)
                     + ", or pass on an opportunity that fits them.")
    idea = idea.mask(offer.notna(), "Offer your " + offer.astype(str) + " skills for something they are working on.")
    idea = idea.mask(interest.notna(), "Send them one genuinely useful article, talk or event about "
                     + interest.astype(str) + ".")
    idea = idea.mask(shared_comm.notna(), "Offer to help at the next " + shared_comm.astype(str) + " get-together.")
    return idea.rename("give_first")


def relationship_of(contact_id: int, interactions: pd.DataFrame | None = None, stage: str = "") -> str:
    """Who a contact is to the person, for the first message's wording (:data:`RELATIONSHIPS`).

    ``mentor`` when their pipeline row is at "ongoing mentor" or they have helped the person before
    (support, a referral or an introduction received); ``known`` with any exchange on record;
    otherwise ``cold``.

    >>> i = pd.DataFrame({"contact_id": [1, 2], "kind": ["catch-up", "support-received"]})
    >>> relationship_of(1, i), relationship_of(2, i), relationship_of(3, i), relationship_of(3, None, "ongoing mentor")
    ('known', 'mentor', 'cold', 'mentor')
    """
    if str(stage or "") == "ongoing mentor":
        return "mentor"
    if interactions is None or not len(interactions):
        return "cold"
    mine = interactions.loc[pd.to_numeric(interactions["contact_id"], errors="coerce").to_numpy() == int(contact_id)]
    if not len(mine):
        return "cold"
    helped = "kind" in mine and mine["kind"].isin(TAKE_KINDS).any()
    return "mentor" if helped else "known"


def draft_for(
    kind: str,
    contact_id: int,
    *,
    contacts: pd.DataFrame,
    tags: pd.DataFrame,
    goal: Any,
    profile: pd.DataFrame | Mapping[str, Any],
    introducer: str = "",
    ask: str = "",
    learned: str = "",
    progress: str = "",
    follow_up_number: int = 1,
    interactions: pd.DataFrame | None = None,
    stage: str = "",
    brand: str = "",
) -> str:
    """A draft about one contact, personalised with what you share with them and a concrete ask.

    Pass ``interactions`` (and the pipeline row's ``stage``) so a first message to someone you know,
    or to an existing mentor, is not worded as a cold one (:func:`relationship_of`). ``brand``, the
    person's brand statement, is passed on to :func:`compose_draft` (one line, only when not blank).

    For ``intro-request`` the message goes to ``introducer`` (a name) and asks to meet the contact.
    Gaps only the person can fill (what they learned, their progress) get a bracketed prompt to
    replace, never a blank.

    >>> c = pd.DataFrame({"contact_id": [2], "full_name": ["Lee Chen"], "first_name": ["Lee"], "company": [""]})
    >>> t = pd.DataFrame({"owner": ["profile", "contact"], "contact_id": [None, 2], "kind": ["interest"] * 2,
    ...                   "text": ["Go", "go"]})
    >>> d = draft_for("intro-request", 2, contacts=c, tags=t, goal={"title": "Lead a team", "needs": "hiring"},
    ...               profile={"name": "Sam"}, introducer="Dana Reyes")
    >>> d.splitlines()[0], "Hi Dana," in d, "go in common" in d
    ('Subject: Would you introduce me to Lee Chen?', True, True)
    """
    c = contacts.loc[contacts["contact_id"].astype("int64") == int(contact_id)]
    if c.empty:
        raise ValueError(f"There is no contact with id {contact_id}.")
    row = c.iloc[0]
    full = str(row["full_name"]).strip()
    first = str(row.get("first_name", "") or "").strip() or full.split()[0]
    prof = profile.iloc[0].to_dict() if isinstance(profile, pd.DataFrame) else dict(profile)
    sender = str(prof.get("name", "") or "").strip() or "[your name]"
    goal_text = (goal.get("title") if isinstance(goal, (pd.Series, Mapping)) else str(goal)) or "my next step"
    shared = find_shared_items(tags, [int(contact_id)]).get(int(contact_id), [])
    if kind == "intro-request":
        if not str(introducer or "").strip():
            raise ValueError("An introduction request needs the name of the person who could introduce you.")
        recipient, target, intro = str(introducer).strip().split()[0], full, ""
    else:
        recipient, target, intro = first, "", introducer
    return compose_draft(
        kind,
        recipient=recipient,
        sender=sender,
        goal=str(goal_text),
        ask=ask or ("" if kind in ("thank-you", "mentor-update") else make_ask(goal)),
        shared=list(shared),
        introducer=intro,
        target=target,
        learned=learned or "[one thing you took from the conversation]",
        progress=progress or "[one concrete step you took since]",
        follow_up_number=follow_up_number,
        relationship=relationship_of(int(contact_id), interactions, stage) if kind == "first-message" else "cold",
        brand=brand,
    )
