"""What each page of the app teaches, in plain words: why it matters, what research found, what to do.

One home for the app's coaching text (the ``prompts`` layer: it imports nothing but the vocabulary).
:data:`LESSONS` holds one :class:`Lesson` per app page (keyed like the app's sections);
:data:`MEANINGS` gives every measure a page shows a one-line plain meaning, so nobody meets
"Blau index" or "effective size" without being told what it says.

Written in our own words. Sources are named so a reader can look them up; the claims follow
DESIGN.md ("The science the coaching leans on"): Rajkumar et al.'s inverted U holds for tie
strength measured by mutual connections, while by interaction intensity the weakest ties helped
most; Dunbar's layers describe personal networks and are never targets.

>>> sorted(LESSONS)[:3]
['brand', 'common', 'contacts']
>>> meaning("blau").startswith("How mixed")
True
"""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["LESSONS", "Lesson", "MEANINGS", "lesson", "meaning"]


@dataclass(frozen=True)
class Lesson:
    """A page's short lesson: why it matters, what research found (each with its source), this week's step."""

    title: str
    why: str
    research: tuple[tuple[str, str], ...]  # (finding, source)
    this_week: str


LESSONS: dict[str, Lesson] = {
    "start": Lesson(
        "How this workbook helps",
        "A network is built from small, regular acts: noticing who you know, keeping in touch, giving help "
        "and asking for it. This workbook turns your own contacts into a short list of such acts.",
        (("People who change jobs are often helped by acquaintances rather than close friends: "
          "weak ties carry news your close circle already shares.", "Granovetter 1973"),
         ("Several mentors, each for a different need, help a career more than one perfect mentor.",
          "Higgins & Kram 2001")),
        "Three steps: bring in your contacts (import or add a few), set a goal on your profile "
        "(what you want to grow toward), then open This week and do one action."),
    "profile": Lesson(
        "Why your profile matters",
        "Common ground starts with you: what you care about, what you are good at and where you want to go. "
        "The workbook compares these with your contacts to suggest who to talk to and what about.",
        (("We like and trust people who are similar to us; that makes starting easy but can keep a network "
          "narrow, so look for common ground across differences too.", "McPherson, Smith-Lovin & Cook 2001"),
         ("Goals make networking purposeful: a developmental network is several people, each helping with "
          "something specific.", "Higgins & Kram 2001")),
        "Add at least one goal with two or three needs (skills, roles or fields it calls for). Mentor "
        "outreach, Common ground and the Map all use it."),
    "map": Lesson(
        "Why map your network",
        "Seeing who is in your network, and who is missing, shows where advice and opportunities can come "
        "from, and where you only hear the same views.",
        (("In a study of 20 million LinkedIn users, when tie strength was measured by mutual connections, "
          "moderately weak ties helped people change jobs most (an inverted U); measured by how much people "
          "interacted, the weakest ties helped most. This workbook measures tie strength by interactions.",
          "Rajkumar et al. 2022, Science"),
         ("People who connect groups that do not otherwise talk (who span 'structural holes') hear new ideas "
          "earlier.", "Burt 1992"),
         ("Women's and minorities' networks often need two kinds of ties: close ones for support and wider "
          "ones for access to opportunity.", "Ibarra 1992; Burt 1998")),
        "Open 'Where to grow next' below and pick one event or person who reaches a gap."),
    "common": Lesson(
        "Why common ground",
        "A shared interest, value or goal gives a real reason to get in touch, and makes the conversation "
        "about both of you rather than a request.",
        (("We are drawn to people like us; noticing what you share opens doors, and noticing who differs "
          "from you keeps your network broad.", "McPherson, Smith-Lovin & Cook 2001"),
         ("Introducing two people who would gain from meeting is one of the most valued gifts in a "
          "network; ask both first.", "Burt 2005")),
        "Pick one contact below, read what you share, and send a message built on it."),
    "outreach": Lesson(
        "Why plan mentor outreach",
        "Mentors and advisers rarely appear by chance: they are asked. A short, specific request to the "
        "right person, ideally through someone you both know, is usually welcome.",
        (("People underestimate how often others say yes to a request for help, by as much as half.",
          "Flynn & Lake 2008"),
         ("A request made face to face is far more likely to be granted than the same request by email.",
          "Roghanizad & Bohns 2017"),
         ("Reconnecting with dormant ties (people you have not spoken to for years) gives advice that is "
          "more novel than current ties' and quick to get, as trust survives the silence.", "Levin, Walter & Murnighan 2011"),
         ("Several mentors, each for one need, beat waiting for a single perfect one.", "Higgins & Kram 2001")),
        "Choose one candidate, add them to your pipeline and send one short, specific question."),
    "events": Lesson(
        "Why plan an event, and follow it up",
        "An event only grows your network if you meet new people there and stay in touch afterwards. "
        "Deciding beforehand whom to meet, and following up within two days, turns a crowded room into "
        "a few real conversations.",
        (("At a mixer, guests spent most of their time with people they already knew: meeting new people "
          "takes a plan.", "Ingram & Morris 2007"),
         ("Ties form around shared activities and places; people who meet again in the same circle of "
          "activity become acquaintances.", "Feld 1981")),
        "Pick one upcoming event, choose two people to meet and one opener for each."),
    "together": Lesson(
        "Why work together, and ask well",
        "Doing something together builds a relationship faster than talk alone, and a specific ask to the "
        "right person is usually welcome. Saying thank you closes the loop.",
        (("Groups at odds came together once they shared a goal that needed both of them.",
          "Sherif et al. 1961"),
         ("People underestimate how often others say yes to a request for help, by as much as half.",
          "Flynn & Lake 2008"),
         ("Applicants referred by an employee were more likely to be hired than others.",
          "Fernandez, Castilla & Moore 2000")),
        "Make one specific ask this week, or move one project idea one step on."),
    "brand": Lesson(
        "Why your brand, online",
        "People find you, and remember you, by what you say you do and for whom. A clear sentence about "
        "yourself, and a profile that backs it, make every introduction easier.",
        (("Networking only for one's own gain left people feeling morally uneasy; thinking about what they "
          "could give made it easier.", "Casciaro, Gino & Kouchaki 2014"),
         ("Acting against one's own values felt wrong to people; presenting yourself as you are is also "
          "what lasts.", "Gino, Kouchaki & Galinsky 2015")),
        "Write your one sentence, then fix the first unticked line of your profile checklist."),
    "progress": Lesson(
        "Why a measurable goal",
        "'Network more' is hard to keep; 'two new conversations a week' is easy to check. Counting it "
        "each week shows whether the habit holds.",
        (("Specific, challenging goals led to better performance than 'do your best'.", "Locke & Latham 2002"),
         ("Keeping track of progress made people more likely to reach their goals, more so when the "
          "progress was recorded.", "Harkin et al. 2016")),
        "Set one goal you can count, then look at this page each week."),
    "health": Lesson(
        "Why relationship health",
        "Relationships cool without anyone deciding it. Seeing who you have not been in touch with, and "
        "whether help flows both ways, lets you act before a tie goes quiet.",
        (("Tie strength grows with how recently and often you are in touch, how long you have known each "
          "other, and the help that flows both ways.", "Granovetter 1973; Gilbert & Karahalios 2009"),
         ("People feel obliged to return help; giving first starts that cycle.", "Gouldner 1960"),
         ("Generous 'givers' do best over time, but those who never say no burn out: give with "
          "boundaries.", "Grant 2013"),
         ("The most valuable dormant ties to reconnect with tend to be weaker and more senior ones.",
          "Levin et al.'s later work: Walter, Levin & Murnighan 2015")),
        "Pick one person marked as cooling or dormant and send them something useful, with no ask."),
    "week": Lesson(
        "Why a weekly plan",
        "Small actions done every week keep a network alive better than a big push once a year.",
        (("People keep closer contact with a few and lighter contact with many; the workbook uses these "
          "layers only to suggest how often to be in touch, never as numbers to fill.", "Dunbar 1998"),
         ("Return help you received; thank-yous and small gifts of help keep ties warm.", "Gouldner 1960")),
        "Do the actions below, then press Done so your history stays true."),
    "journal": Lesson(
        "Why write it down",
        "A few honest sentences about what you want and who matters turn a list of contacts into a plan.",
        (("Writing down a specific intention ('when X, I will Y') makes people far more likely to follow "
          "through.", "Gollwitzer 1999"),),
        "Answer one question below: two sentences are enough."),
    "contacts": Lesson(
        "Why keep your contacts tidy",
        "Every suggestion in this workbook is only as good as what it knows: a title, a company, how you "
        "met, and a note on what you talked about.",
        (("Remembering what someone told you, and following up on it, is what makes a contact feel known.",
          "Gilbert & Karahalios 2009"),),
        "Open three people you care about and add how you met or a note from your last talk."),
    "data": Lesson(
        "Your data stays yours",
        "Everything is stored in one file on this computer. Nothing is uploaded.",
        (),
        "Make a backup now, and keep it somewhere safe."),
}

#: One-line plain meanings of the measures the app shows (keys are what the pages use).
MEANINGS: dict[str, str] = {
    "blau": "How mixed a group is: 0 means everyone is alike, near 1 means many different kinds of people.",
    "tie_strength": "How close you are, from 0 to 1, judged from how recently, how often and how both-ways "
                    "you have been in touch.",
    "moderate": "Moderately weak ties: people you are in touch with now and then, who often bring news "
                "and openings your close circle does not.",
    "effective_size": "How many of your contacts are not connected to each other: the number of separate "
                      "groups you reach.",
    "constraint": "How much your contacts all know each other: high means one tight group, low means you "
                  "reach several.",
    "brokerage": "Contacts who link groups that would not otherwise meet: good people to ask for an "
                 "introduction.",
    "circle": "Circles sort people by how often you are in touch (weekly, monthly, a few times a year, "
              "yearly); they set how often to get in touch, they are not targets to fill.",
    "common_ground": "How much you share with someone, counting rare shared things more than common ones.",
    "fit": "Mentor fit: how well someone's skills and experience match what your goal needs, from 0 to 1.",
    "closeness": "How close you are today (tie strength, 0 to 1): the closer, the easier it is to ask.",
    "reciprocity": "Whether exchanges go both ways: 1 means evenly, near 0 means it is mostly one side.",
    "give_take": "Help you gave compared with help you received.",
    "dormant": "Dormant: no exchange for three years or more. Such ties can often be woken with a short note.",
    "coverage": "How many of your contacts have the skill, role or field a goal needs: missing, thin or covered.",
}


def lesson(key: str) -> Lesson:
    """The lesson of an app page (KeyError for an unknown page).

    >>> lesson("outreach").research[0][1]
    'Flynn & Lake 2008'
    """
    return LESSONS[key]


def meaning(key: str) -> str:
    """The plain meaning of a measure (empty for an unknown one).

    >>> meaning("nonsense")
    ''
    """
    return MEANINGS.get(key, "")
