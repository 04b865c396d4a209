"""Text work done once per distinct value: the trick every vectorised text rule here relies on.

pandas' string methods cost per element. 30,000 contacts hold a few thousand companies and a
hundred job titles, and 100,000 tags a few thousand distinct texts, so rules run on the
distinct values and the results are spread back by position.
"""
from __future__ import annotations

from typing import Callable

import numpy as np
import pandas as pd


def per_text(values: pd.Series, steps: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """Run ``steps`` (vectorised string methods) once per distinct text of ``values``.

    Missing values reach ``steps`` as ``""``. The result is an object Series on ``values``' index
    and name; ``values`` is not changed.

    >>> per_text(pd.Series([" Ada", None, " Ada"]), lambda s: s.str.strip()).tolist()
    ['Ada', '', 'Ada']
    """
    codes, uniques = pd.factorize(values.to_numpy(dtype=object))
    distinct = pd.Series([str(u) for u in uniques] + [""], dtype=object)  # missing values (code -1) take the last
    done = np.asarray(steps(distinct).to_numpy(dtype=object), dtype=object)
    return pd.Series(done[codes], index=values.index, name=values.name, dtype=object)


def per_value(values: pd.Series, rule: Callable[[str], str]) -> pd.Series:
    """Apply a scalar text ``rule`` once per distinct text of ``values`` (missing as ``""``).

    >>> per_value(pd.Series(["b", "a", None, "b"]), str.upper).tolist()
    ['B', 'A', '', 'B']
    """
    return per_text(values, lambda texts: texts.map(rule))
