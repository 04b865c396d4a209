"""Introductions: pairs of contacts who share a lot, are not linked, and would each gain."""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .items import _EMPTY_INT, INTRO_KINDS, _column_keys, _names, _sorted_unique
from .space import _row_of, _space, _Space


#: Candidate generation for introductions touches at most this many (row, neighbour) products.
PAIR_WORK_BUDGET = 20_000_000


def _ngrams(key: str, longest: int = 4) -> list[str]:
    words = key.split()
    grams = {" ".join(words[i:i + k]) for k in range(1, longest + 1) for i in range(len(words) - k + 1)}
    grams.add(key)
    return sorted(grams)


def _wanted_skills(goal_keys: np.ndarray, skill_keys: np.ndarray) -> pd.DataFrame:
    """Which skills each goal phrase mentions: ``goal`` and ``skill`` positions in the two key arrays.

    A goal wants a skill when the skill's name appears in it as whole words ("move into product
    management" wants "product management"). The loop runs over distinct goal phrases, not contacts.
    """
    pairs = [(i, g) for i, key in enumerate(goal_keys) if key for g in _ngrams(str(key))]
    if not pairs or not len(skill_keys):
        return pd.DataFrame({"goal": _EMPTY_INT, "skill": _EMPTY_INT})
    table = pd.DataFrame(pairs, columns=["goal", "gram"])
    skill = pd.Index(skill_keys).get_indexer(table["gram"].to_numpy(object))
    return (pd.DataFrame({"goal": table["goal"].to_numpy(np.int64), "skill": skill.astype(np.int64)})
            .loc[lambda f: f["skill"] >= 0].drop_duplicates().reset_index(drop=True))


def _complement(s: _Space) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    """(wants, has) as contacts x items: the skills each contact's goals mention, and the skills they have."""
    kind = s.vocab["kind"].to_numpy(object)
    skill_codes, goal_codes = np.flatnonzero(kind == "skill"), np.flatnonzero(kind == "goal")
    keys = s.vocab["key"].to_numpy(object)
    pairs = _wanted_skills(keys[goal_codes], keys[skill_codes])
    V = len(keys)
    M = sp.csr_matrix((np.ones(len(pairs)), (goal_codes[pairs["goal"].to_numpy()],
                                             skill_codes[pairs["skill"].to_numpy()])), shape=(V, V))
    is_skill = np.zeros(V)
    is_skill[skill_codes] = 1.0
    has = sp.csr_matrix(s.X @ sp.diags(is_skill))
    has.eliminate_zeros()
    want = sp.csr_matrix((s.X @ M).sign())
    return want, has


def _rowwise_dot(A: sp.csr_matrix, B: sp.csr_matrix, a: np.ndarray, b: np.ndarray) -> sp.csr_matrix:
    """Elementwise product of rows A[a] and B[b] (shared entries per pair), as a CSR matrix."""
    return A[a].multiply(B[b]).tocsr()


def _top_k_candidates(Xn: sp.csr_matrix, cols: np.ndarray, k: int, block: int = 4096) -> np.ndarray:
    """Candidate pairs (as ``i * n + j`` with i < j): each row's ``k`` most similar rows over ``cols``.

    ``S = R @ R.T`` is computed a block of rows at a time; within a block each entry becomes
    one int64 key (row, descending similarity, column), so one sort ranks every row at once.
    """
    n = Xn.shape[0]
    if not len(cols) or n < 2 or k <= 0:
        return _EMPTY_INT
    if n >= 1 << 24:
        raise ValueError("Introductions handle up to 16 million contacts.")
    R = Xn[:, cols].tocsr()
    RT = R.T.tocsr()
    levels = (1 << 21) - 1  # similarity quantised to 21 bits, for ranking only
    found: list[np.ndarray] = []
    for start in range(0, n, block):
        P = (R[start:start + block] @ RT).tocsr()
        local = np.repeat(np.arange(P.shape[0], dtype=np.int64), np.diff(P.indptr))
        col = P.indices.astype(np.int64)
        other = col != local + start
        local, col = local[other], col[other]
        if not len(local):
            continue
        q = np.rint(np.clip(P.data[other], 0.0, 1.0) * levels).astype(np.int64)
        key = np.sort((local << 45) | ((levels - q) << 24) | col)
        local, col = key >> 45, key & ((1 << 24) - 1)
        first = np.r_[0, np.flatnonzero(np.diff(local)) + 1]
        rank = np.arange(len(local)) - np.repeat(first, np.diff(np.r_[first, len(local)]))
        keep = rank < k
        a, b = local[keep] + start, col[keep]
        found.append(np.minimum(a, b) * n + np.maximum(a, b))
    return _sorted_unique(np.concatenate(found)) if found else _EMPTY_INT


def _budget_columns(df: np.ndarray, budget: int) -> np.ndarray:
    """The rarest items (held by 2+ contacts) whose pair work ``sum(df**2)`` fits in ``budget``."""
    order = np.argsort(df, kind="stable")
    order = order[df[order] >= 2]
    fits = np.cumsum(df[order].astype(float) ** 2) <= budget
    return np.sort(order[fits])


_INTRO_COLUMNS = ["a", "b", "a_name", "b_name", "similarity", "benefit", "score", "n_shared", "shared",
                  "a_gains", "b_gains", "reason"]


def suggest_introductions(contacts: pd.DataFrame, tags: pd.DataFrame, links: pd.DataFrame | None = None, *,
                          top: int = 50, k: int = 10, min_shared: int = 2,
                          budget: int = PAIR_WORK_BUDGET) -> pd.DataFrame:
    """Pairs of contacts worth introducing: they share a lot, are not linked, and would each gain.

    ``similarity`` is the pair's cosine similarity (0-1, symmetric). Each side's gain is 1 when
    the other has a skill its goals mention, else 0.5 when the other has a skill it lacks, else
    0; ``benefit`` is the mean of the two gains and ``score = similarity * (1 + benefit) / 2``.
    Pairs need ``min_shared`` shared items; each contact's ``k`` nearest neighbours are the
    candidates (see the module docstring). Returns the ``top`` pairs, best first, with
    ``a < b`` (contact ids), names, the shared items rarest first, what each gains, and a reason.

    >>> c = pd.DataFrame({"contact_id": [1, 2, 3], "full_name": ["Ana", "Ben", "Cy"], "company": "", "location": ""})
    >>> t = pd.DataFrame({"owner": "contact", "contact_id": pd.array([1, 1, 2, 2, 3], dtype="Int64"),
    ...                   "kind": ["interest", "skill", "interest", "goal", "interest"],
    ...                   "text": ["chess", "SQL", "chess", "learn SQL", "golf"]})
    >>> suggest_introductions(c, t, min_shared=1)[["a_name", "b_name", "benefit", "b_gains"]].values.tolist()
    [['Ana', 'Ben', 0.5, 'SQL']]
    """
    top, k, min_shared = int(top), int(k), int(min_shared)
    s = _space(contacts, tags, kinds=INTRO_KINDS, with_profile=False)
    empty = pd.DataFrame({c: [] for c in _INTRO_COLUMNS})
    if len(s.ids) < 2 or top <= 0:
        return empty
    Xn = _unit_rows(s)
    a, b = _candidates(s, Xn, contacts, links, k=k, budget=budget)
    p = _score_pairs(s, Xn, a, b)
    ok = p["n_shared"] >= max(min_shared, 1)
    idx = np.flatnonzero(ok)
    order = idx[np.lexsort((s.ids[b[idx]], s.ids[a[idx]], -np.round(p["score"][idx], 12)))][:top]
    if not len(order):
        return empty
    return _explain_pairs(s, contacts, a, b, p, order)


def _unit_rows(s: _Space) -> sp.csr_matrix:
    """The rarity-weighted item vectors scaled to length 1 (empty rows stay zero)."""
    Xw = sp.csr_matrix(s.X.multiply(s.weight[None, :]))
    norm = np.sqrt(np.asarray(Xw.multiply(Xw).sum(axis=1)).ravel())
    return sp.csr_matrix(sp.diags(np.where(norm > 0, 1.0 / np.where(norm > 0, norm, 1.0), 0.0)) @ Xw)


def _candidates(s: _Space, Xn: sp.csr_matrix, contacts: pd.DataFrame, links: pd.DataFrame | None, *, k: int,
                budget: int) -> tuple[np.ndarray, np.ndarray]:
    """Candidate pairs (row positions a < b): each contact's ``k`` nearest, less linked pairs and colleagues."""
    n = len(s.ids)
    pairs = _top_k_candidates(Xn, _budget_columns(s.vocab["df"].to_numpy(), budget), k)
    a, b = pairs // n, pairs % n
    # Already tied, or colleagues at the same company: not an introduction.
    drop = np.zeros(len(a), dtype=bool)
    if links is not None and len(links):
        la = pd.Index(s.ids).get_indexer(links["a"].astype("int64").to_numpy())
        lb = pd.Index(s.ids).get_indexer(links["b"].astype("int64").to_numpy())
        ok = (la >= 0) & (lb >= 0)
        linked = np.minimum(la[ok], lb[ok]).astype(np.int64) * n + np.maximum(la[ok], lb[ok])
        drop |= np.isin(pairs, linked)
    company = _column_keys(contacts, "company", "employer")
    drop |= (company[a] == company[b]) & (company[a] != "")
    return a[~drop], b[~drop]


def _score_pairs(s: _Space, Xn: sp.csr_matrix, a: np.ndarray, b: np.ndarray) -> dict[str, Any]:
    """Similarity, shared items, what each side gains, benefit and score for the pairs (a[i], b[i])."""
    both = _rowwise_dot(Xn, Xn, a, b)
    similarity = np.clip(np.asarray(both.sum(axis=1)).ravel(), 0.0, 1.0)
    want, has = _complement(s)
    # What each side gains: a skill its goals call for (1), else at least a skill it lacks (0.5).
    a_goal, b_goal = _rowwise_dot(want, has, a, b), _rowwise_dot(want, has, b, a)
    skills_of = np.diff(has.indptr)
    common_skills = np.diff(_rowwise_dot(has, has, a, b).indptr)
    a_gain = np.where(np.diff(a_goal.indptr) > 0, 1.0, np.where(skills_of[b] > common_skills, 0.5, 0.0))
    b_gain = np.where(np.diff(b_goal.indptr) > 0, 1.0, np.where(skills_of[a] > common_skills, 0.5, 0.0))
    benefit = (a_gain + b_gain) / 2
    return {"both": both, "similarity": similarity, "n_shared": np.diff(both.indptr), "has": has,
            "a_goal": a_goal, "b_goal": b_goal, "benefit": benefit, "score": similarity * (1 + benefit) / 2}


def _explain_pairs(s: _Space, contacts: pd.DataFrame, a: np.ndarray, b: np.ndarray, p: dict[str, Any],
                   order: np.ndarray) -> pd.DataFrame:
    """The result table for the chosen pairs only: names, shared items rarest first, gains, a reason."""
    texts = s.vocab["text"].to_numpy(object)
    dfs, alpha = s.vocab["df"].to_numpy(), s.vocab["alpha"].to_numpy()
    names, has = _names(contacts), p["has"]

    def spell(m: sp.csr_matrix, i: int, limit: int = 4) -> str:
        cols_i = m.indices[m.indptr[i]: m.indptr[i + 1]]
        cols_i = cols_i[np.lexsort((alpha[cols_i], dfs[cols_i]))]
        return "; ".join(texts[cols_i][:limit])

    def gains(goal: sp.csr_matrix, i: int, learner: int, teacher: int) -> tuple[str, bool]:
        by_goal = spell(goal, i)
        if by_goal:
            return by_goal, True
        theirs = has.indices[has.indptr[teacher]: has.indptr[teacher + 1]]
        mine = has.indices[has.indptr[learner]: has.indptr[learner + 1]]
        new_cols = np.setdiff1d(theirs, mine)
        return "; ".join(texts[new_cols[np.lexsort((alpha[new_cols], dfs[new_cols]))]][:2]), False

    rows = []
    for i in order:
        an, bn = names[a[i]], names[b[i]]
        shared = spell(p["both"], i)
        a_gains, a_goal_hit = gains(p["a_goal"], i, a[i], b[i])
        b_gains, b_goal_hit = gains(p["b_goal"], i, b[i], a[i])
        reason = f"Both: {shared}."
        for gain, hit, learner, teacher in ((a_gains, a_goal_hit, an, bn), (b_gains, b_goal_hit, bn, an)):
            if gain and hit:
                reason += f" {teacher} has {gain}, which {learner} is working toward."
            elif gain:
                reason += f" {teacher} brings {gain}, new to {learner}."
        rows.append((int(s.ids[a[i]]), int(s.ids[b[i]]), an, bn, float(p["similarity"][i]), float(p["benefit"][i]),
                     float(p["score"][i]), int(p["n_shared"][i]), shared, a_gains, b_gains, reason))
    return pd.DataFrame(rows, columns=_INTRO_COLUMNS)


def score_pair(contacts: pd.DataFrame, tags: pd.DataFrame, a: int, b: int) -> float:
    """The similarity :func:`suggest_introductions` uses for one pair (0-1, symmetric).

    >>> c = pd.DataFrame({"contact_id": [1, 2], "full_name": ["A", "B"], "company": "", "location": ""})
    >>> t = pd.DataFrame({"owner": "contact", "contact_id": pd.array([1, 2, 2], dtype="Int64"),
    ...                   "kind": "interest", "text": ["chess", "chess", "golf"]})
    >>> score_pair(c, t, 1, 2) == score_pair(c, t, 2, 1) and 0 < score_pair(c, t, 1, 2) < 1
    True
    """
    s = _space(contacts, tags, kinds=INTRO_KINDS, with_profile=False)
    i, j = _row_of(s, a), _row_of(s, b)
    w = s.weight
    x = s.X[[i, j]].toarray() * w[None, :]
    norms = np.sqrt((x ** 2).sum(axis=1))
    if i == j or not norms.all():
        return 1.0 if i == j and norms.all() else 0.0
    return float(np.clip((x[0] * x[1]).sum() / (norms[0] * norms[1]), 0.0, 1.0))


def _first_name(name: Any) -> str:
    words = " ".join(str(name or "").split()).split()
    return words[0] if words else "there"


def _listed(items: Any) -> str:
    """'a; b; c' (how :func:`suggest_introductions` lists items) as 'a, b and c'."""
    parts = [p.strip() for p in str(items or "").split(";") if p.strip()]
    return ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else "".join(parts)


def introduction_note(a_name: str, b_name: str, *, shared: str = "", a_gains: str = "", b_gains: str = "",
                      sender: str = "", brand: str = "") -> str:
    """The note that introduces two contacts to each other (plain text), for a row of
    :func:`suggest_introductions` (``shared``, ``a_gains``, ``b_gains`` as it lists them).

    It is written for after both said yes to meeting (a double opt-in: ask each first). ``brand``,
    the person's brand statement ('' for none), signs it off as one line under their name.

    >>> print(introduction_note("Ana Diaz", "Ben Ode", shared="chess; SQL", a_gains="Python", sender="Sam",
    ...                         brand="I help teams learn."), end="")
    Subject: Introducing Ana and Ben
    <BLANKLINE>
    Hi Ana and Ben,
    <BLANKLINE>
    I asked you both first and you were both glad to meet, so here is the introduction I promised.
    You have chess and SQL in common.
    Ana, Ben knows Python, which could help you.
    <BLANKLINE>
    I will leave it with you from here: no need to copy me in.
    <BLANKLINE>
    Best wishes,
    Sam
    I help teams learn.
    """
    a, b = _first_name(a_name), _first_name(b_name)
    lines = ["I asked you both first and you were both glad to meet, so here is the introduction I promised."]
    if _listed(shared):
        lines.append(f"You have {_listed(shared)} in common.")
    for learner, teacher, gain in ((a, b, a_gains), (b, a, b_gains)):
        if _listed(gain):
            lines.append(f"{learner}, {teacher} knows {_listed(gain)}, which could help you.")
    signature = " ".join(str(sender or "").split()) or "[your name]"
    line = " ".join(str(brand or "").split())[:400]
    body = [f"Subject: Introducing {a} and {b}", f"Hi {a} and {b},", "\n".join(lines),
            "I will leave it with you from here: no need to copy me in.",
            "Best wishes,\n" + signature + (f"\n{line}" if line else "")]
    return "\n\n".join(body) + "\n"
