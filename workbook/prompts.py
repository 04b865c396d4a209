"""Every coaching question of the workbook, in one place.

The views (the journal, each chapter's reflection boxes) and the notebooks read their questions
here, so a question is written once and its answer is found under the same id everywhere.
A prompt id's prefix names its chapter (``map.``, ``common.``, ``outreach.``, ``health.``...);
answers are saved in the workbook's ``reflections`` table under that id.

>>> ask("map.circles")[:29], chapter_of("map.missing-field"), humanise("health.cooling-ties")
('Who belongs in your inner cir', 'map', 'Cooling ties')
>>> sorted(of_chapter("common"))
['common.touchpoints', 'common.values']

The research the coaching text leans on lives here too, once (:data:`SOURCES`): each entry has
the short citation, the full reference, what was found in plain words, and what the workbook does
with it. Teaching text and docstrings cite through :func:`cite` so a citation is written once.

>>> cite("dormant-value")
'Walter, Levin & Murnighan 2015'
"""
from __future__ import annotations

import re

#: Chapters in the order of the workbook, with their headings.
CHAPTERS: dict[str, str] = {
    "start": "Getting started",
    "map": "Map your network",
    "common": "Find common ground",
    "outreach": "Plan mentor outreach",
    "health": "Relationship health",
    "week": "This week",
    "note": "Your own notes",
    "other": "Other questions",
}

#: Every question, by prompt id, in the order of the chapters (a declarative table).
PROMPTS: dict[str, str] = {
    "start.why": "What do you want your network to help you with over the next year, and what can you offer it?",
    "map.circles": "Who belongs in your inner circle right now? Is anyone there out of habit, and is anyone "
                   "missing who deserves more of your time?",
    "map.missing-field": "Which field, role or community is missing from your network that matters for your goals, "
                         "and which event or group could reach it?",
    "map.weak-ties": "Which weak tie (someone you rarely talk to) or bridge between your groups could open a door "
                     "you care about, and what small thing will you ask them for?",
    "common.values": "Which values do the people you stay close to share? What would you like people to say "
                     "they share with you?",
    "common.touchpoints": "Choose three people and one genuine touchpoint for each: something you share, "
                          "something useful to them, or a question about their work.",
    "outreach.first-ask": "What exactly will you ask your first mentor candidate for? Keep it small, specific "
                          "and easy to say yes to.",
    "outreach.offer": "What can you offer a mentor in return: an update on what you did with their advice, "
                      "a useful resource, an introduction?",
    "health.cooling": "Which relationship is cooling that you would miss? What is one easy way to get back "
                      "in touch this week?",
    "health.give": "Where have you been taking more than giving? Who could you help, introduce or thank, "
                   "without keeping score?",
    "health.revive": "Which dormant tie will you reconnect with this month? What will you say about the years "
                     "in between, and what would you love to learn from them?",
    "health.rhythm": "Which two or three people deserve a steadier rhythm from you, and what small habit "
                     "(a monthly call, a shared article) would keep it?",
    "week.reflection": "Looking back on this week: who did you reach, what came of it, and what will you do "
                       "differently next week?",
}


#: The research behind the coaching, by key: ``cite`` (short, in-text), ``reference`` (full),
#: ``finding`` (what the study found, in plain words) and ``use`` (what the workbook does with it).
#: Findings say which measure they rest on where that changes the advice.
SOURCES: dict[str, dict[str, str]] = {
    "dunbar": {
        "cite": "Dunbar 1998; Zhou, Sornette, Hill & Dunbar 2005",
        "reference": "Dunbar, R. I. M. (1998). The social brain hypothesis. Evolutionary Anthropology 6(5), "
                     "178-190. Zhou, W.-X., Sornette, D., Hill, R. A. & Dunbar, R. I. M. (2005). Discrete "
                     "hierarchical organization of social group sizes. Proc. R. Soc. B 272, 439-444.",
        "finding": "Personal networks come in layers of roughly 5, 15, 50 and 150 people, and how often people are "
                   "in touch falls with each layer (about weekly, monthly, a few times a year, yearly).",
        "use": "Only the default rhythm of each circle (7, 30, 90, 365 days). Circles are inferred from how often "
               "you are actually in touch, never filled up to these sizes, and the sizes are no target: they "
               "describe personal lives, not how many professional contacts you should have.",
    },
    "weak-ties": {
        "cite": "Granovetter 1973",
        "reference": "Granovetter, M. S. (1973). The strength of weak ties. American Journal of Sociology 78(6), "
                     "1360-1380.",
        "finding": "People often hear about jobs through acquaintances rather than close friends: weaker ties move "
                   "in other circles and pass on news you would not otherwise hear.",
        "use": "The map's weak ties and bridges, and the advice to reach beyond your inner circles.",
    },
    "weak-ties-test": {
        "cite": "Rajkumar et al. 2022",
        "reference": "Rajkumar, K., Saint-Jacques, G., Bojinov, I., Brynjolfsson, E. & Aral, S. (2022). A causal "
                     "test of the strength of weak ties. Science 377(6612), 1304-1310.",
        "finding": "In experiments on about 20 million LinkedIn users, ties measured by mutual connections helped "
                   "job mobility most when moderately weak (an inverted U). Measured by interaction intensity "
                   "(how much two people message each other), the weakest ties helped most.",
        "use": "The workbook's tie strength is an interaction measure (recency, frequency, two-way exchange, "
               "years known, help given or received), not a count of mutual connections. By that measure the "
               "finding is that the weakest ties helped most, so the workbook never calls its middle band "
               "'the ties most likely to open doors'.",
    },
    "tie-strength": {
        "cite": "Gilbert & Karahalios 2009",
        "reference": "Gilbert, E. & Karahalios, K. (2009). Predicting tie strength with social media. Proceedings "
                     "of CHI 2009, 211-220.",
        "finding": "Recency, frequency, intimacy, duration, reciprocal services and structure together predict how "
                   "strong people rate a tie.",
        "use": "The ingredients of the tie-strength score (workbook.ties).",
    },
    "dormant-ties": {
        "cite": "Levin, Walter & Murnighan 2011",
        "reference": "Levin, D. Z., Walter, J. & Murnighan, J. K. (2011). Dormant ties: The value of reconnecting. "
                     "Organization Science 22(4), 923-939.",
        "finding": "Executives who reconnected with contacts they had been out of touch with for three years or "
                   "more got advice that was more novel than their current contacts gave, and as useful, quickly: "
                   "trust and shared history survive the silence.",
        "use": "A tie three years out of touch is 'dormant', and the plan suggests reviving one or two a week.",
    },
    "dormant-value": {
        "cite": "Walter, Levin & Murnighan 2015",
        "reference": "Walter, J., Levin, D. Z. & Murnighan, J. K. (2015). Reconnection choices: Selecting the most "
                     "valuable (vs. most preferred) dormant ties. Organization Science 26(5), 1447-1465.",
        "finding": "The most valuable dormant ties to revive were people you had spent less time with and who were "
                   "more senior, yet people prefer to reconnect with those they were close to.",
        "use": "Dormant ties are ranked by seniority, a field new to you and your goals, not by past closeness.",
    },
    "ask-yes": {
        "cite": "Flynn & Lake 2008",
        "reference": "Flynn, F. J. & Lake, V. K. B. (2008). If you need help, just ask: Underestimating compliance "
                     "with direct requests for help. Journal of Personality and Social Psychology 95(1), 128-143.",
        "finding": "People asking strangers for small favours expected to need about twice as many asks as they "
                   "did: we underestimate how often others say yes.",
        "use": "Drafts make one small, specific ask and the coaching says to send it.",
    },
    "ask-in-person": {
        "cite": "Roghanizad & Bohns 2017",
        "reference": "Roghanizad, M. M. & Bohns, V. K. (2017). Ask in person: You're less persuasive than you "
                     "think over email. Journal of Experimental Social Psychology 69, 223-226.",
        "finding": "Requests made face to face got far more yeses than the same request by email (in their study, "
                   "about 34 times more), and people asking by email did not expect the difference.",
        "use": "For someone you already know, the plan suggests a call or a meeting for the ask; email is for "
               "a first contact or a follow-up.",
    },
    "reciprocity": {
        "cite": "Gouldner 1960",
        "reference": "Gouldner, A. W. (1960). The norm of reciprocity: A preliminary statement. American "
                     "Sociological Review 25(2), 161-178.",
        "finding": "People feel bound to return help they received; relationships where help flows both ways "
                   "over time are stable.",
        "use": "Give and take are shown per tie, and the plan suggests returning a favour to someone who has "
               "helped you more than you helped them. Over a long relationship, not every exchange.",
    },
    "givers": {
        "cite": "Grant 2013",
        "reference": "Grant, A. (2013). Give and Take: A Revolutionary Approach to Success. Viking. See also Grant, "
                     "A. & Rebele, R. (2017). Beat generosity burnout. Harvard Business Review.",
        "finding": "Givers are over-represented both at the top and at the bottom of success measures: those who "
                   "give while protecting their own time and goals do well, those who give to everyone at their own "
                   "expense burn out.",
        "use": "The plan suggests giving without keeping score, at most a third of a week's steps, and the health "
               "page names ties where you give far more than you get so you can choose, not drift.",
    },
    "homophily": {
        "cite": "McPherson, Smith-Lovin & Cook 2001",
        "reference": "McPherson, M., Smith-Lovin, L. & Cook, J. M. (2001). Birds of a feather: Homophily in social "
                     "networks. Annual Review of Sociology 27, 415-444.",
        "finding": "People tie mostly to people like themselves (in age, field, background, place), which narrows "
                   "what a network hears.",
        "use": "Common ground makes a first conversation easy; the map's diversity measures and 'where to grow' "
               "show what sameness leaves out.",
    },
    "women-networks": {
        "cite": "Ibarra 1992",
        "reference": "Ibarra, H. (1992). Homophily and differential returns: Sex differences in network structure "
                     "and access in an advertising firm. Administrative Science Quarterly 37(3), 422-447.",
        "finding": "Men got both friendship and career access from ties to men; women got support from women and "
                   "career access from men, so they needed two different networks.",
        "use": "The coaching does not assume one network serves every purpose: it suggests looking separately for "
               "support and for access to decisions.",
    },
    "minority-networks": {
        "cite": "Ibarra 1995",
        "reference": "Ibarra, H. (1995). Race, opportunity, and diversity of social circles in managerial networks. "
                     "Academy of Management Journal 38(3), 673-703.",
        "finding": "Minority managers on a fast track kept networks that were more diverse and reached further "
                   "outside their own group than those of their peers.",
        "use": "As for women's networks: reach beyond the people most like you, on purpose.",
    },
    "borrowed-networks": {
        "cite": "Burt 1998",
        "reference": "Burt, R. S. (1998). The gender of social capital. Rationality and Society 10(1), 5-46.",
        "finding": "Brokering between groups paid off for senior men; women and newcomers, whose legitimacy was "
                   "questioned, did better by borrowing the network of a strategic sponsor.",
        "use": "Brokerage is shown as one option, not the one right network shape; a sponsor's introductions "
               "count as a route too.",
    },
    "structural-holes": {
        "cite": "Burt 1992",
        "reference": "Burt, R. S. (1992). Structural Holes: The Social Structure of Competition. Harvard University "
                     "Press.",
        "finding": "People whose contacts do not know each other hear more different ideas and can connect them.",
        "use": "The map's effective size, constraint and bridge contacts.",
    },
    "developmental-networks": {
        "cite": "Higgins & Kram 2001",
        "reference": "Higgins, M. C. & Kram, K. E. (2001). Reconceptualizing mentoring at work: A developmental "
                     "network perspective. Academy of Management Review 26(2), 264-288.",
        "finding": "People grow through several developers at once, each for something (a skill, a field, "
                   "support, sponsorship), more than through one mentor.",
        "use": "Mentor outreach works per goal and need: several mentors, each asked for one thing.",
    },
}


def cite(key: str) -> str:
    """The short citation of a source (a KeyError names an unknown key).

    >>> cite("ask-yes")
    'Flynn & Lake 2008'
    """
    try:
        return SOURCES[key]["cite"]
    except KeyError:
        raise KeyError(f"No source has the key {key!r}; add it to workbook.prompts.SOURCES.") from None


def chapter_of(prompt_id: str) -> str:
    """The chapter a prompt id belongs to (its prefix before '.', else 'other').

    >>> chapter_of("week.reflection"), chapter_of("nonsense")
    ('week', 'other')
    """
    prefix = str(prompt_id).split(".", 1)[0] if "." in str(prompt_id) else ""
    return prefix if prefix in CHAPTERS else "other"


def humanise(prompt_id: str) -> str:
    """A readable title for a prompt the registry does not know.

    >>> humanise("map.my_own-question")
    'My own question'
    """
    rest = str(prompt_id).split(".", 1)[-1]
    words = re.sub(r"[-_]+", " ", rest).strip()
    return (words[:1].upper() + words[1:]) or str(prompt_id)


def ask(prompt_id: str) -> str:
    """The question of a prompt id (a KeyError names an id nobody wrote a question for).

    >>> ask("health.give").startswith("Where have you been taking")
    True
    """
    try:
        return PROMPTS[prompt_id]
    except KeyError:
        raise KeyError(f"No coaching question has the id {prompt_id!r}; add it to workbook.prompts.") from None


def of_chapter(chapter: str) -> dict[str, str]:
    """The questions of one chapter, in order.

    >>> list(of_chapter("outreach"))
    ['outreach.first-ask', 'outreach.offer']
    """
    return {pid: text for pid, text in PROMPTS.items() if chapter_of(pid) == chapter}


__all__ = ["CHAPTERS", "PROMPTS", "SOURCES", "ask", "chapter_of", "cite", "humanise", "of_chapter"]
