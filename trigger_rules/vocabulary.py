"""The closed sets of string values the library uses, as :class:`enum.StrEnum`.

Each member *is* its string (``AdviceKind.STRETCH == "stretch"``), so code that compares
plain strings keeps working, while code that wants a closed type gets one. The tuples in
:mod:`trigger_rules.knowledge_base` (``ADVICE_KINDS``, ``FACT_TYPES``, ...) list the same
values in the same order; a test keeps them in step.
"""

from __future__ import annotations

import enum

__all__ = ["AdviceKind", "Area", "FactKind", "FactType", "Group", "ItemCategory", "Side"]


class AdviceKind(enum.StrEnum):
    """What a recommendation asks the person to do; the first three are self-care."""

    SELF_TREATMENT = "self_treatment"
    STRETCH = "stretch"
    STRENGTHEN = "strengthen"
    PREVENTION = "prevention"


class FactKind(enum.StrEnum):
    """What a fact is about."""

    SYMPTOM = "symptom"
    FINDING = "finding"
    HABIT = "habit"
    HISTORY = "history"


class FactType(enum.StrEnum):
    """How a fact is answered: yes/no (three states) or with a value."""

    YES_NO = "yes_no"
    AGE_YEARS = "age_years"
    DURATION_DAYS = "duration_days"
    SIDE = "side"
    CHOICE = "choice"


class Group(enum.StrEnum):
    """Where a question sits in an intake interview."""

    RED_FLAGS = "red_flags"
    WHERE_IT_HURTS = "where_it_hurts"
    WHAT_CHANGES_IT = "what_changes_it"
    SELF_TREATMENT_FINDINGS = "self_treatment_findings"
    HABITS = "habits"
    HISTORY = "history"
    ABOUT_THE_PERSON = "about_the_person"


class ItemCategory(enum.StrEnum):
    """What a knowledge item is for."""

    SIGN = "sign"
    ADVICE = "advice"
    CAUTION = "caution"
    RED_FLAG = "red_flag"
    REFERRAL = "referral"
    NOTE = "note"


class Area(enum.StrEnum):
    """Body areas that self-care advice works on."""

    LOW_BACK = "low_back"
    BUTTOCKS = "buttocks"
    ABDOMEN = "abdomen"
    LOWER_LEG = "lower_leg"
    PELVIS = "pelvis"


class Side(enum.StrEnum):
    """The answers of a ``side`` fact."""

    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"
