"""Topics from what was written: keyphrases of the person's own texts, found again in contacts' texts.

Local only: no network, no model. The person's texts (headline, summary, messages they sent,
invitation notes, recommendations they wrote) go through YAKE (``yake``, an unsupervised
statistical keyphrase extractor) when it is installed, else through a plain n-gram count; the
phrases are then looked up in every contact's texts at once (distinct texts are tokenised once,
their 1-3 word n-grams matched against the person's phrases with one hash look-up).

A phrase never becomes a topic when it holds a name (a contact's or the person's), a stop word,
a greeting or a chit-chat word (:func:`is_topic`); a single word the person only uses inside
their longer phrases is left out too ("data" when they write "climate data").
Keys fold case and accents and a plural ``s`` ("Data pipelines" and "data pipeline" are one topic).

>>> sorted(keyphrases(["I work on open data for civic groups. Open data needs civic groups."], top=3))
['civic groups', 'open data']
>>> is_topic("hello world"), is_topic("thanks"), is_topic("ada lovelace", names={"ada"}), is_topic("open data")
(False, False, False, True)
"""
from __future__ import annotations

import functools
import re
import unicodedata
from typing import Iterable

import numpy as np
import pandas as pd

#: Longest phrase looked for, in words.
MAX_WORDS = 3
_WORD = re.compile(r"[^\W_](?:[\w'+#-]*[\w+#])?")
_COMBINING = re.compile(r"[\u0300-\u036f]")

#: Function words (a short English list; YAKE's own list is added when it is installed).
_FUNCTION_WORDS = """a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each else even ever every few for from further
get gets got had has have having he her here hers herself him himself his how i if in into is it its itself just
let like may me might more most much must my myself no nor not now of off on once one only or other our ours
ourselves out over own per quite rather really same shall she should so some such than that the their theirs them
themselves then there these they this those through to too under until up upon us very was we were what when where
which while who whom why will with within without would yet you your yours yourself yourselves i'm i've i'd i'll
you're you've we're we've it's that's there's let's don't didn't doesn't isn't wasn't can't won't couldn't
wouldn't shouldn't etc via""".split()
#: Greetings, thanks and the small talk and logistics of any message: never a topic on their own.
GREETINGS = frozenset("""hi hello hey dear greetings thanks thank thankyou cheers regards best wishes congratulations
congrats welcome bye goodbye ok okay yes yeah sure great good nice lovely awesome amazing wonderful fantastic glad
happy pleased sorry apologies please kind kindly warm warmly hope hoping well fine cool""".split())
CHITCHAT = frozenset("""today tomorrow yesterday tonight morning afternoon evening night day days week weeks weekend
month months year years time times moment minute minutes hour hours soon later lately recently next last ago
monday tuesday wednesday thursday friday saturday sunday call calls chat chats catch catching coffee lunch dinner
drink drinks breakfast meet meeting meetings met meetup talk talking touch note notes message messages email emails
mail inbox reply replies link links article articles post posts read reading update updates news thing things
stuff something anything everything nothing lot lots bit way ways help helps helped helping know knew let see seen
look looking looked want wanted need needed think thought feel felt make made take took give gave go going went
come coming came say said tell told ask asked share shared sharing send sent introduce introduction intro intros
connect connecting connected connection invite invited invitation question questions idea ideas chance
role job new old quick quickly free available happy mentioned mention appreciate appreciated useful interesting
working slow slowly fast late early busy reply replied one two three four five six seven eight nine ten
eleven twelve fifteen twenty thirty forty fifty hundred wrote co-wrote office birthday catch-up blog walk panel session sessions workshop event events work worked linkedin skill
skills endorsement endorsements recommendation recommendations profile fun love loved enjoy enjoyed interested passionate excited people person someone everyone team folks guys all together around back first again still also anyway""".split())


@functools.lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """English stop words: the list above, YAKE's when installed, greetings and chit-chat."""
    words = set(_FUNCTION_WORDS) | GREETINGS | CHITCHAT
    try:
        from importlib.resources import files

        words |= set(files("yake").joinpath("core/StopwordsList/stopwords_en.txt").read_text("utf-8").split())
    except Exception:  # yake missing or laid out differently: the built-in list still holds
        pass
    return frozenset(fold(w) for w in words)


def fold(text: str) -> str:
    """Lower-case with accents folded.

    >>> fold("Café Ünïcode")
    'cafe unicode'
    """
    text = str(text).casefold()
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text)) if not text.isascii() else text


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")) else word


def words(text: str) -> list[str]:
    """The folded words of a text.

    >>> words("Data-driven C++ & MLOps, at Zoë's!")
    ['data-driven', 'c++', 'mlops', 'at', "zoe's"]
    """
    return _WORD.findall(fold(text))


def topic_key(phrase: str) -> str:
    """The matching key of a phrase: folded words, plural ``s`` dropped, one space between.

    >>> topic_key("  Data   Pipelines "), topic_key("data pipeline")
    ('data pipeline', 'data pipeline')
    """
    return " ".join(_stem(w) for w in words(phrase))


def is_topic(phrase: str, names: Iterable[str] = ()) -> bool:
    """True when ``phrase`` may be a topic: 1-3 words, none a name, a stop word, a greeting or
    chit-chat, and some word of three letters or more that is not a number.

    >>> is_topic("the data"), is_topic("machine learning"), is_topic("2024"), is_topic("great call")
    (False, True, False, False)
    """
    ws = words(phrase)
    if not ws or len(ws) > MAX_WORDS:
        return False
    stop, named = stop_words(), {fold(n) for n in names}
    if any(_stopped(w, stop) for w in ws) or any(w in named or w.split("'")[0] in named for w in ws):
        return False
    if len(ws) == 1 and len(ws[0]) > 4 and ws[0].endswith("ed"):
        return False  # a lone past tense ("introduced", "planned") says what happened, not what about
    content = [w for w in ws if not _stopped(w, stop) and len(w) >= 3 and not w.replace("-", "").isdigit()]
    return bool(content) and not any(w in GREETINGS for w in ws)


def _stopped(word: str, stop: frozenset[str]) -> bool:
    return word in stop or _stem(word) in stop or word.split("'")[0] in stop


def name_words(names: Iterable[str]) -> frozenset[str]:
    """Every word of the given names (first and last names of contacts and of the person).

    >>> sorted(name_words(["Ada Lovelace", "Zoë O'Neil"]))
    ['ada', 'lovelace', "o'neil", 'zoe']
    """
    out: set[str] = set()
    for n in pd.unique(pd.Series(list(names), dtype=object).fillna("").astype(str)):
        out.update(words(n))
    return frozenset(w for w in out if len(w) >= 2)


def _ngram_counts(texts: list[str]) -> list[str]:
    """Without YAKE: phrases by how often they occur, longer first on ties (a plain fallback)."""
    counts: dict[str, int] = {}
    for text in texts:
        for sentence in re.split(r"[.!?;\n]+", text):
            ws = words(sentence)
            for n in range(1, MAX_WORDS + 1):
                for i in range(len(ws) - n + 1):
                    counts[" ".join(ws[i:i + n])] = counts.get(" ".join(ws[i:i + n]), 0) + 1
    return sorted(counts, key=lambda p: (-counts[p], -len(p.split()), p))


def keyphrases(texts: Iterable[str], *, names: Iterable[str] = (), top: int = 300,
               max_chars: int = 40_000) -> list[str]:
    """The person's keyphrases (folded, best first, no duplicates by key): YAKE over their distinct
    texts (at most ``max_chars`` of them, in the order given), then :func:`is_topic`.

    >>> keyphrases(["Hello Ada! Thanks for the coffee.", "Ada, I love urban beekeeping."], names=["Ada"])
    ['urban beekeeping']
    """
    kept, size = [], 0
    for t in pd.unique(pd.Series(list(texts), dtype=object).fillna("").astype(str).str.strip()):
        if not t:
            continue
        if size + len(t) > max_chars:
            break
        kept.append(t)
        size += len(t) + 2
    if not kept:
        return []
    body = "\n".join(t if t[-1] in ".!?" else t + "." for t in kept)
    try:
        import yake

        extractor = yake.KeywordExtractor(lan="en", n=MAX_WORDS, top=top * 2, dedupLim=0.95)
        found = [p for p, _ in extractor.extract_keywords(body)]
    except ImportError:
        found = _ngram_counts(kept)[: top * 4]
    named, out, seen = name_words(names), [], set()
    for p in found:
        p = " ".join(words(p))
        key = topic_key(p)
        if key and key not in seen and is_topic(p, named):
            seen.add(key)
            out.append(p)
    # A word the person uses inside a longer phrase ("data" in "climate data") is not a topic alone:
    # matched on its own it would join people who merely mention it.
    inner = {w for p in out if " " in p for w in topic_key(p).split()}
    return [p for p in out if " " in p or topic_key(p) not in inner][:top]


def match_phrases(texts: pd.Series, keys: Iterable[str]) -> tuple[np.ndarray, np.ndarray]:
    """(text position, key code) of every phrase key (:func:`topic_key`) found in ``texts``, each
    pair once; distinct texts are tokenised once and every 1-3 word n-gram is looked up at once.

    >>> rows, codes = match_phrases(pd.Series(["I like Open Data.", "no", "open data, civic teams"]),
    ...                             ["open data", "civic team"])
    >>> list(zip(rows.tolist(), codes.tolist()))
    [(0, 0), (2, 0), (2, 1)]
    """
    vocab = pd.Index(list(dict.fromkeys(k for k in keys if k)))
    empty = np.empty(0, dtype=np.int64)
    if not len(texts) or not len(vocab):
        return empty, empty
    text_codes, distinct = pd.factorize(texts.astype(object).fillna("").to_numpy(dtype=object))
    # Only texts holding some word of some phrase are tokenised: one C-level regex search per text first.
    candidate = np.flatnonzero(_may_hold(pd.Series(distinct, dtype=object).astype(str), vocab))
    tokens = pd.Series(distinct[candidate], dtype=object).map(words)
    lengths = tokens.map(len).to_numpy() if len(tokens) else np.zeros(0, dtype=np.int64)
    raw = np.array([w for ws in tokens for w in ws], dtype=object)
    word_codes, distinct_words = pd.factorize(raw)
    flat = np.array([_stem(w) for w in distinct_words], dtype=object)[word_codes] if len(raw) else raw
    owner = np.repeat(candidate, lengths)
    hits_doc, hits_code = [empty], [empty]
    for n in range(1, MAX_WORDS + 1):
        if len(flat) < n:
            break
        ok = owner[: len(flat) - n + 1] == owner[n - 1:]
        gram = flat[: len(flat) - n + 1].copy()
        for k in range(1, n):
            gram = gram + " " + flat[k: len(flat) - n + 1 + k]
        code = vocab.get_indexer(gram[ok])
        found = code >= 0
        hits_doc.append(owner[: len(flat) - n + 1][ok][found])
        hits_code.append(code[found])
    doc, code = np.concatenate(hits_doc), np.concatenate(hits_code)
    pairs = np.unique(doc.astype(np.int64) * len(vocab) + code)
    doc, code = pairs // len(vocab), pairs % len(vocab)
    # Back from distinct texts to rows: every row holding a text gets that text's phrases.
    order = np.argsort(text_codes, kind="stable")
    sorted_codes = text_codes[order]
    start = np.searchsorted(sorted_codes, doc, side="left")
    stop = np.searchsorted(sorted_codes, doc, side="right")
    counts = stop - start
    rows = order[np.concatenate([np.arange(a, b) for a, b in zip(start, stop)])] if len(doc) else empty
    codes = np.repeat(code, counts)
    out = np.lexsort((codes, rows))
    return rows[out].astype(np.int64), codes[out].astype(np.int64)


def _may_hold(texts: pd.Series, vocab: pd.Index) -> np.ndarray:
    """True for each text that may hold a phrase of ``vocab``: it contains the start of one of the
    phrases' words (plurals and other endings included), or it is not plain ASCII (folded later)."""
    roots = sorted({w for k in vocab for w in str(k).split()}, key=len, reverse=True)
    if not roots:
        return np.zeros(len(texts), dtype=bool)
    pattern = r"(?<![^\W_])(?:" + "|".join(re.escape(r) for r in roots) + ")"
    lower = texts.str.lower()
    return (lower.str.contains(pattern, regex=True) | ~lower.map(str.isascii)).to_numpy(dtype=bool)


def drop_contained(rows: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Mask keeping, per row, only the keys not contained in a longer key of the same row
    ("climate" goes when "climate data" is there too).

    >>> drop_contained(np.array([0, 0, 1]), np.array(["climate", "climate data", "climate"], dtype=object)).tolist()
    [False, True, True]
    """
    keep = np.ones(len(rows), dtype=bool)
    frame = pd.DataFrame({"row": rows, "key": keys})
    multi = frame["key"].str.contains(" ", regex=False)
    if not multi.any():
        return keep
    longer = frame.loc[multi].groupby("row")["key"].agg(list).to_dict()
    for i, (row, key) in enumerate(zip(rows.tolist(), keys.tolist())):
        pad = f" {key} "
        if any(k != key and pad in f" {k} " for k in longer.get(row, ())):
            keep[i] = False
    return keep
