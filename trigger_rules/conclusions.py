"""What an engine concludes from a case, before any wording: the contract between engines
and the report.

An engine (experta or compiled) turns a validated case into :class:`Conclusions`: which
rules fired, on which facts, and what each concluded. :mod:`trigger_rules.assemble` then
words them into a :class:`~trigger_rules.report.Report`. Keeping the two apart lets two
engines be checked against each other conclusion by conclusion, and keeps the report
identical whichever engine produced it.

Every tuple in :class:`Conclusions` is free of duplicates and sorted, so two engines that
concluded the same things give equal values whatever order their rules fired in.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, TypeVar

import attrs

from .triage import TriageLevel

if TYPE_CHECKING:
    from .gate import Gate

__all__ = [
    "AdviceConclusion",
    "CautionConclusion",
    "Conclusion",
    "Conclusions",
    "EvidenceConclusion",
    "NoteConclusion",
    "RaisedConclusion",
    "RedFlagConclusion",
    "ReferralConclusion",
    "canonical",
]


@attrs.frozen(cache_hash=True)
class RaisedConclusion:
    """A red flag or referral raised by *rule* on the case facts *facts*."""

    rule: str
    item: str
    facts: tuple[str, ...]
    urgency: TriageLevel


@attrs.frozen(cache_hash=True)
class RedFlagConclusion(RaisedConclusion):
    pass


@attrs.frozen(cache_hash=True)
class ReferralConclusion(RaisedConclusion):
    pass


@attrs.frozen(cache_hash=True)
class EvidenceConclusion:
    """Weighted evidence about *muscle*; *item* is the sign that words it."""

    rule: str
    item: str
    facts: tuple[str, ...]
    muscle: str
    weight: float


@attrs.frozen(cache_hash=True)
class AdviceConclusion:
    """Advice; *muscle* and *area* are the suspect it is about ("" when about none)."""

    rule: str
    item: str
    facts: tuple[str, ...]
    kind: str
    muscle: str = ""
    area: str = ""


@attrs.frozen(cache_hash=True)
class CautionConclusion:
    rule: str
    item: str
    facts: tuple[str, ...]


@attrs.frozen(cache_hash=True)
class NoteConclusion:
    rule: str
    item: str
    facts: tuple[str, ...]


Conclusion = (
    RaisedConclusion | EvidenceConclusion | AdviceConclusion | CautionConclusion | NoteConclusion
)
_C = TypeVar("_C", bound=Conclusion)


def _key(conclusion: Conclusion) -> tuple[str, str, tuple[str, ...], str, str]:
    muscle = getattr(conclusion, "muscle", "")
    area = getattr(conclusion, "area", "")
    return (conclusion.rule, conclusion.item, conclusion.facts, muscle, area)


def canonical(conclusions: Iterable[_C]) -> tuple[_C, ...]:
    """*conclusions* without duplicates, in a fixed order."""
    return tuple(sorted(set(conclusions), key=_key))


@attrs.frozen
class Conclusions:
    """Everything one consultation concluded, in canonical order (see :func:`canonical`).

    ``gate`` is what was decided between the two phases (triage so far, the ranked
    suspects, the self-care held back); see :mod:`trigger_rules.gate`.
    """

    red_flags: tuple[RedFlagConclusion, ...]
    referrals: tuple[ReferralConclusion, ...]
    evidence: tuple[EvidenceConclusion, ...]
    advice: tuple[AdviceConclusion, ...]
    cautions: tuple[CautionConclusion, ...]
    notes: tuple[NoteConclusion, ...]
    gate: Gate

    @classmethod
    def collect(cls, concluded: Iterable[Conclusion], gate: Gate) -> Conclusions:
        """Sort a flat stream of conclusions (with duplicates) into canonical groups."""
        red_flags: list[RedFlagConclusion] = []
        referrals: list[ReferralConclusion] = []
        evidence: list[EvidenceConclusion] = []
        advice: list[AdviceConclusion] = []
        cautions: list[CautionConclusion] = []
        notes: list[NoteConclusion] = []
        for c in concluded:
            if isinstance(c, RedFlagConclusion):
                red_flags.append(c)
            elif isinstance(c, ReferralConclusion):
                referrals.append(c)
            elif isinstance(c, EvidenceConclusion):
                evidence.append(c)
            elif isinstance(c, AdviceConclusion):
                advice.append(c)
            elif isinstance(c, CautionConclusion):
                cautions.append(c)
            elif isinstance(c, NoteConclusion):
                notes.append(c)
        return cls(
            red_flags=canonical(red_flags),
            referrals=canonical(referrals),
            evidence=canonical(evidence),
            advice=canonical(advice),
            cautions=canonical(cautions),
            notes=canonical(notes),
            gate=gate,
        )
