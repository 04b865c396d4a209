"""Job titles: the one seniority and function classifier, for the map, the mentor ranking and
the dormant ties worth reviving.

Every rule runs once per distinct title (30,000 contacts hold about a hundred), on the title
lower-cased with accents folded ("Directora de Ingeniería" reads as "directora de ingenieria").

>>> classify_seniority(pd.Series(["Head of Data", "Product Manager", "VP Engineering"])).tolist()
['director', 'mid', 'vp']
>>> rate_seniority(pd.Series(["VP Engineering"])).values.tolist()
[['vp', 0.9, 'vice president']]
"""
from __future__ import annotations

import re
import unicodedata
from typing import Sequence

import numpy as np
import pandas as pd

from .distinct import per_text

#: Seniority levels, lowest first (``seniority_rank`` is the position here; unknown is -1).
SENIORITY_LEVELS = ("entry", "mid", "senior", "manager", "director", "vp", "executive")

#: "X Manager" titles that name an individual contributor, not a people manager.
IC_MANAGER_WORDS = ("product", "project", "program", "programme", "account", "partnerships", "partner",
                    "community", "success", "relationship", "case")
_IC_MANAGER = "".join(rf"(?<!{w}\s)" for w in IC_MANAGER_WORDS)

#: Ordered seniority rules: the first rule whose pattern matches a title wins, so the highest
#: marker counts ("Associate Director" is a director, "Senior Manager" a manager), except that an
#: explicit trainee marker beats "manager" ("Junior Marketing Manager" is entry level). A title with
#: none of the markers is ``mid``; an empty title is ``unknown``. Notes: a Managing Director runs a
#: company (executive), as do a Geschäftsführer and a directeur général; "Partner" is executive only
#: as a firm's partner ("Partner", "Managing Partner", "Partner, Acme"), not "People Partner" or
#: "Partner Manager"; a "Head of X" (and a head teacher) leads a function, so ranks with directors;
#: product, project, programme, account, partnerships, community, success, relationship and case
#: managers (:data:`IC_MANAGER_WORDS`) are individual contributors, so ``mid`` unless marked senior;
#: a "Product Owner" is not an owner. French, German, Spanish, Portuguese and Italian markers for
#: director, manager and trainee are included.
SENIORITY_RULES: tuple[tuple[str, str], ...] = (
    ("executive", r"\bchief\b(?!\s+of\s+staff)|\bc[a-z]o\b|\b(co-?)?founder\b|(?<!product\s)(?<!process\s)\bowner\b"
                  r"|(?<!vice\s)(?<!vice-)\bpresident\b|\bmanaging\s+(partner|director)\b"
                  r"|\bgeschaftsfuhrer(in)?\b|\bdirect(eur|rice)\s+general(e)?\b|\bdirector\s+general\b"
                  r"|\bpdg\b|\bgerente\s+general\b|\bfundador(a)?\b|\bfondat(eur|rice)\b|\bgrunder(in)?\b"
                  r"|(^|[,&/|(]\s*)((senior|managing|founding|general|equity)\s+)?partner\b"
                  r"(?!\s*(manager|marketing|success|sales|engineer|account|relations|development|lead|ships))"),
    ("vp", r"\b(vp|svp|evp|avp|vice[\s-]*president(e|a)?)\b"),
    ("director", r"\b(director|directora|directeur|directrice|direktor|direktorin|diretor|diretora|direttore"
                 r"|direttrice)\b|\bhead\b|\bheadteacher\b|\bjef[ea]\b"),
    ("entry", r"\b(intern|internship|trainee|apprentice|junior|jr|student|werkstudent(in)?|praktikant(in)?"
              r"|auszubildende[r]?|azubi|stagiaire|alternant(e)?|becari[oa]|pasante|tirocinante)\b"),
    ("manager", _IC_MANAGER + r"\bmanager\b|\bsupervisor\b|\bgerente\b|\bresponsable\b|leiter(in)?\b"),
    ("senior", r"\b(senior|sr|snr|lead|leader|principal|staff|distinguished|professor)\b"),
    ("entry", r"\b(associate|graduate|entry|assistant)\b"),
)

#: Functions, by rules tried in order (a few specific phrases first, so "Data Engineer" is
#: engineering and "UX Researcher" research); ``other`` when none matches, ``unknown`` for no title.
FUNCTION_RULES: tuple[tuple[str, str], ...] = (
    ("engineering", r"\bdata\s+engineer\w*"),
    ("research", r"\b(ux|user)\s+research\w*|\bchief\s+scienti\w*"),
    ("education", r"\b(curriculum|learning\s+design\w*|instructional\s+design\w*|head\s?teacher|head\s+of\s+year"
                  r"|teaching)\b"),
    ("operations", r"\b(chief\s+operating|coo)\b"),
    ("design", r"\b(design\w*|ux|ui|user experience|creative|illustrat\w*|art director)\b"),
    ("finance", r"\b(financ\w*|accountant|accounting|controller|cfo|treasur\w*|audit\w*|tax|investments?"
                r"|investor|banker|banking|actuar\w*|venture|vc|private equity)\b"),
    ("data", r"\b(data|analytics|analyst|machine learning|ml|ai|business intelligence|bi|statistic\w*)\b"),
    ("sales", r"\b(sales|account executive|account manager|business development|bdr|sdr|partnerships?"
              r"|revenue|cro)\b"),
    ("marketing", r"\b(marketing|growth|brand|seo|content|cmo|demand generation|social media)\b"),
    ("engineering", r"\b(engineer\w*|developer|software|programmer|devops|sre|architect|cto|ciso|cio|it"
                    r"|technolog\w*|security|qa|firmware|infrastructure|ingenieur\w*|ingeniero|ingegnere"
                    r"|entwickler\w*|desarrollador\w*|developpeu\w*)\b"),
    ("product", r"\b(product|pm)\b"),
    ("people", r"\b(hr|human resources|people|talent|recruit\w*|hiring|chro)\b"),
    ("legal", r"\b(legal|lawyer|attorney|counsel|solicitor|barrister|paralegal|compliance)\b"),
    ("research", r"\b(research\w*|scientist|phd|postdoc\w*|professor|lecturer|academic)\b"),
    ("healthcare", r"\b(nurse|doctor|physician|clinic\w*|medical|health\w*|pharmac\w*|therap\w*|surgeon"
                   r"|dentist)\b"),
    ("education", r"\b(teacher|educat\w*|tutor|instructor|school)\b"),
    ("consulting", r"\b(consult\w*|advis[oe]r|advisory)\b"),
    ("customer", r"\b(customer|client|support|success|service)\b"),
    ("operations", r"\b(operations|ops|project|programme|program|logistics|supply chain|procurement"
                   r"|administrat\w*|office|assistant|coordinator)\b"),
    ("communications", r"\b(communications?|pr|public relations|journalis\w*|editor|writer|reporter|press)\b"),
    ("leadership", r"\b(ceo|chief executive|(co-?)?founder|owner|president|managing director|strategy|strategist"
                   r"|general manager|entrepreneur|executive director|board member|chair\w*)\b"),
)
FUNCTIONS = tuple(dict.fromkeys(name for name, _ in FUNCTION_RULES)) + ("other",)

#: A 0-1 seniority score per level, for rankings that weigh seniority (mentor candidates, dormant
#: ties worth reviving: Walter, Levin & Murnighan 2015 found weaker, more senior dormant ties gave the
#: most valuable advice).
SENIORITY_SCORES = {"executive": 1.0, "vp": 0.9, "director": 0.85, "manager": 0.7, "senior": 0.55, "mid": 0.4,
                    "entry": 0.1, "unknown": 0.3}
#: How each level reads in a sentence ("a senior contact", "an executive").
SENIORITY_LABELS = {"executive": "executive", "vp": "vice president", "director": "director or head",
                    "manager": "manager", "senior": "senior", "mid": "mid-level", "entry": "junior",
                    "unknown": "unknown seniority"}

_PLAIN_GROUPS = re.compile(r"\((?!\?)")
_COMBINING = re.compile(r"[\u0300-\u036f]")


def _fold(texts: pd.Series) -> pd.Series:
    """Lower-case, trimmed, accents folded (distinct texts only reach here)."""
    def one(text: str) -> str:
        return _COMBINING.sub("", unicodedata.normalize("NFKD", text)) if not text.isascii() else text

    return texts.str.strip().str.lower().map(one).str.replace("ß", "ss", regex=False)


def _label(texts: pd.Series, rules: Sequence[tuple[str, str]], default: str) -> pd.Series:
    """The first matching rule's name for each (distinct) text; ``unknown`` for a blank one."""
    text = _fold(texts)
    labels = pd.Series(np.where(text == "", "unknown", ""), index=text.index, dtype=object)
    for name, pattern in rules:
        todo = labels == ""
        if not todo.any():
            break
        hit = text[todo].str.contains(_PLAIN_GROUPS.sub("(?:", pattern), regex=True, flags=re.IGNORECASE)
        labels.loc[hit.index[hit.to_numpy(dtype=bool)]] = name
    return labels.where(labels != "", default)


#: Labels already worked out, per (rules, default): the map, health, mentors and the plan each classify
#: the same job titles, and the regexes cost about 10 ms per call on the demo (0.2 s per Map open).
_KNOWN: dict[tuple[int, str], tuple[Sequence, dict[str, str]]] = {}
_KNOWN_LIMIT = 200_000


def classify(values: pd.Series, rules: Sequence[tuple[str, str]], default: str) -> pd.Series:
    """Label each text by the first rule (name, regex) that matches it; rules run once per distinct
    text, and once per process for a text seen before (rules are tuples: they never change).

    >>> classify(pd.Series(["Tea", "", "Coffee"]), (("hot", r"tea|coffee"),), "cold").tolist()
    ['hot', 'unknown', 'hot']
    """
    key = (id(rules), default)
    held = _KNOWN.get(key)
    if held is None or held[0] is not rules or len(held[1]) > _KNOWN_LIMIT:
        held = _KNOWN[key] = (rules, {})  # rules kept alive with their labels, so the id stays theirs
    known = held[1]

    def steps(texts: pd.Series) -> pd.Series:
        new = texts[~texts.isin(known)]
        if len(new):
            known.update(zip(new.tolist(), _label(new.reset_index(drop=True), rules, default).tolist()))
        return texts.map(known)

    return per_text(values, steps)


def classify_seniority(titles: pd.Series) -> pd.Series:
    """Seniority of each job title by :data:`SENIORITY_RULES` (highest marker wins).

    >>> classify_seniority(pd.Series(["Software Intern", "Engineer", "Staff Engineer", "Engineering Manager",
    ...     "Head of Design", "SVP Sales", "Co-founder & CEO", "Product Manager", "Praktikantin", ""])).tolist()
    ['entry', 'mid', 'senior', 'manager', 'director', 'vp', 'executive', 'mid', 'entry', 'unknown']
    """
    return classify(titles, SENIORITY_RULES, "mid").rename("seniority")


def classify_function(titles: pd.Series) -> pd.Series:
    """Function (role family) of each job title by :data:`FUNCTION_RULES` (first rule wins).

    >>> classify_function(pd.Series(["Senior Data Scientist", "Product Designer", "CFO", "Founder", "Zookeeper"])).tolist()
    ['data', 'design', 'finance', 'leadership', 'other']
    """
    return classify(titles, FUNCTION_RULES, "other").rename("function")


def rank_seniority(seniority: pd.Series) -> pd.Series:
    """Position of each level in :data:`SENIORITY_LEVELS` (entry 0 ... executive 6; unknown -1).

    >>> rank_seniority(pd.Series(["entry", "vp", "unknown"])).tolist()
    [0, 5, -1]
    """
    order = {name: i for i, name in enumerate(SENIORITY_LEVELS)}
    return seniority.map(order).fillna(-1).astype("int64").rename("seniority_rank")


def score_seniority(titles: pd.Series) -> pd.Series:
    """A 0-1 seniority score per job title: its level's :data:`SENIORITY_SCORES` (blank 0.3).

    >>> score_seniority(pd.Series(["Chief Data Officer", "Senior Analyst", "Intern", None])).tolist()
    [1.0, 0.55, 0.1, 0.3]
    """
    level = classify_seniority(titles)
    return level.map(SENIORITY_SCORES).astype("float64").rename("seniority")


def rate_seniority(titles: pd.Series) -> pd.DataFrame:
    """Level, 0-1 score and readable label per job title (columns ``level, seniority, label``).

    >>> rate_seniority(pd.Series(["Head of People", "Junior Designer", ""])).values.tolist()
    [['director', 0.85, 'director or head'], ['entry', 0.1, 'junior'], ['unknown', 0.3, 'unknown seniority']]
    """
    level = classify_seniority(titles)
    return pd.DataFrame({"level": level.to_numpy(dtype=object),
                         "seniority": level.map(SENIORITY_SCORES).to_numpy(dtype="float64"),
                         "label": level.map(SENIORITY_LABELS).to_numpy(dtype=object)}, index=titles.index)
