"""Combining weighted evidence into a ranked list of suspect muscles.

Each evidence rule carries a certainty factor in [-1, 1] (positive for, negative against).
They combine as in MYCIN: two supporting factors *a* and *b* give ``a + b(1 - a)``, so more
evidence raises certainty with diminishing returns and never past 1; opposing totals meet
as ``(for - against) / (1 - min(for, against))``. Supporting and opposing factors are each
combined in sorted order, so the result does not depend on the order rules fired in.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

__all__ = ["SUSPECT_THRESHOLD", "combine"]

#: Library judgement, not from the sources: one specific sign (weight about 0.4 and up) or
#: two weaker ones together are enough to name a muscle as a suspect; one weak, shared
#: sign (such as buttock pain) alone is not.
SUSPECT_THRESHOLD: Final = 0.35


def _accumulate(factors: Iterable[float]) -> float:
    total = 0.0
    for factor in sorted(factors):
        total = total + factor * (1.0 - total)
    return total


def combine(weights: Iterable[float]) -> float:
    """The certainty that results from all *weights*, in [-1, 1]."""
    weights = tuple(weights)
    support = _accumulate(w for w in weights if w > 0)
    against = _accumulate(-w for w in weights if w < 0)
    if support == 1.0 and against == 1.0:
        return 0.0
    return (support - against) / (1.0 - min(support, against))
