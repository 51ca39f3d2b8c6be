"""The five triage levels, lowest to highest."""

from __future__ import annotations

import enum

__all__ = ["SELF_CARE_WITHHELD_FROM", "TriageLevel"]


class TriageLevel(enum.Enum):
    """How soon a professional should see the person.

    Members compare by urgency: ``TriageLevel.ROUTINE < TriageLevel.EMERGENCY``. The value
    is the public string id used in JSON and in the CLI.
    """

    SELF_CARE = "self_care"
    ROUTINE = "routine"
    URGENT_DAYS = "urgent_days"
    SAME_DAY = "same_day"
    EMERGENCY = "emergency"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @property
    def withholds_self_care(self) -> bool:
        """Whether self-treatment, stretching and strengthening advice is held back."""
        return self.rank >= SELF_CARE_WITHHELD_FROM.rank

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, TriageLevel):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, TriageLevel):
            return NotImplemented
        return self.rank <= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, TriageLevel):
            return NotImplemented
        return self.rank > other.rank

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, TriageLevel):
            return NotImplemented
        return self.rank >= other.rank


_RANK = {level: index for index, level in enumerate(TriageLevel)}

#: From this level up, a person should be seen before touching the painful area.
SELF_CARE_WITHHELD_FROM = TriageLevel.SAME_DAY
