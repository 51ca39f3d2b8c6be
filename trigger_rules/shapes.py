"""The plain-data shapes of the library's JSON, as :class:`typing.TypedDict`.

:meth:`Report.to_dict` returns a :class:`ReportDict`, :meth:`Case.to_dict` a
:class:`CaseDict`, and ``trigger-rules facts --json`` prints a list of :class:`FactDict`.
The JSON Schemas in ``trigger_rules/schemas/`` describe the same shapes for other languages;
a test checks that both list the same keys.
"""

from __future__ import annotations

from typing import Literal, TypedDict

__all__ = [
    "AdviceKindName",
    "CaseDict",
    "CautionDict",
    "EvidenceLineDict",
    "FactDict",
    "FactKindName",
    "FactTypeName",
    "FindingDict",
    "GroupName",
    "NoteDict",
    "RecommendationDict",
    "ReportDict",
    "SourceRefDict",
    "SuspectDict",
    "TriageName",
]

TriageName = Literal["self_care", "routine", "urgent_days", "same_day", "emergency"]
AdviceKindName = Literal["self_treatment", "stretch", "strengthen", "prevention"]
FactKindName = Literal["symptom", "finding", "habit", "history"]
FactTypeName = Literal["yes_no", "age_years", "duration_days", "side", "choice"]
GroupName = Literal[
    "red_flags",
    "where_it_hurts",
    "what_changes_it",
    "self_treatment_findings",
    "habits",
    "history",
    "about_the_person",
]


class FindingDict(TypedDict):
    id: str
    title: str
    text: str
    urgency: TriageName
    rules: list[str]
    facts: list[str]
    sources: list[str]
    judgement: str


class EvidenceLineDict(TypedDict):
    rule: str
    sign: str
    text: str
    weight: float
    facts: list[str]
    sources: list[str]


class SuspectDict(TypedDict):
    muscle: str
    name: str
    rank: int
    certainty: float
    statement: str
    evidence: list[EvidenceLineDict]
    evidence_against: list[EvidenceLineDict]
    expected_absent: list[str]
    expected_unknown: list[str]
    rules: list[str]
    facts: list[str]
    sources: list[str]


class RecommendationDict(TypedDict):
    id: str
    kind: AdviceKindName
    title: str
    text: str
    muscles: list[str]
    rules: list[str]
    facts: list[str]
    sources: list[str]
    judgement: str


class CautionDict(TypedDict):
    id: str
    title: str
    text: str
    rules: list[str]
    facts: list[str]
    sources: list[str]
    judgement: str


class NoteDict(CautionDict):
    pass


class SourceRefDict(TypedDict):
    id: str
    title: str
    publisher: str
    address: str


class CaseDict(TypedDict):
    """A case as JSON: yes/no codes asked and answered, and valued facts."""

    present: list[str]
    absent: list[str]
    values: dict[str, int | str]


class ReportDict(TypedDict):
    triage: TriageName
    red_flags: list[FindingDict]
    referrals: list[FindingDict]
    suspects: list[SuspectDict]
    recommendations: list[RecommendationDict]
    cautions: list[CautionDict]
    notes: list[NoteDict]
    withheld: list[AdviceKindName]
    withheld_reason: str
    unscreened: list[str]
    sources: list[SourceRefDict]
    case: CaseDict
    notice: str
    schema_version: str
    library_version: str
    knowledge_version: str
    screening_complete: bool


class FactDict(TypedDict):
    """One entry of the fact catalogue (``trigger-rules facts --json``)."""

    code: str
    question: str
    kind: FactKindName
    group: GroupName
    type: FactTypeName
    choices: list[str]
    help: str
    follow_up_of: str
