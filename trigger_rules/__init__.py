"""trigger_rules: low back pain from myofascial trigger points, as an expert system.

Declare what is known about a person and get a :class:`Report`: red flags and referrals
with a triage level, the muscles whose trigger points may be contributing, and the advice
and cautions that go with them, each with the rule that produced it and its sources.

>>> import trigger_rules
>>> report = trigger_rules.consult(present=["cough_sneeze_pain"])
>>> report.suspects[0].muscle
'quadratus_lumborum'

Importing the package has no side effects: nothing is loaded, printed or logged until the
first consultation.
"""

from __future__ import annotations

from ._experta import trace_health_data
from .batch import PoolUnavailableError, WorkerError, WorkerPool, consult_many
from .case import Case, FactState
from .engine import Consultant, consult, default_consultant
from .errors import (
    CaseFileError,
    ConflictingFactError,
    InvalidFactValueError,
    InvalidInputTypeError,
    KnowledgeError,
    TriggerRulesError,
    UnknownFactError,
)
from .interview import Interview, InterviewStatus, Question, interview_status, next_questions
from .knowledge_base import FactSpec, Knowledge, load_knowledge
from .report import (
    Caution,
    EvidenceLine,
    Finding,
    Note,
    Recommendation,
    Report,
    SourceRef,
    Suspect,
    Withheld,
)
from .shapes import (
    CaseDict,
    CautionDict,
    EvidenceLineDict,
    FactDict,
    FindingDict,
    NoteDict,
    RecommendationDict,
    ReportDict,
    SourceRefDict,
    SuspectDict,
    WithheldDict,
)
from .triage import TriageLevel
from .versioning import library_version
from .vocabulary import AdviceKind, Area, FactKind, FactType, Group, ItemCategory, Side

__all__ = [
    "AdviceKind",
    "Area",
    "Case",
    "CaseDict",
    "CaseFileError",
    "Caution",
    "CautionDict",
    "ConflictingFactError",
    "Consultant",
    "EvidenceLine",
    "EvidenceLineDict",
    "FactDict",
    "FactKind",
    "FactSpec",
    "FactState",
    "FactType",
    "Finding",
    "FindingDict",
    "Group",
    "Interview",
    "InterviewStatus",
    "InvalidFactValueError",
    "InvalidInputTypeError",
    "ItemCategory",
    "Knowledge",
    "KnowledgeError",
    "Note",
    "NoteDict",
    "PoolUnavailableError",
    "Question",
    "Recommendation",
    "RecommendationDict",
    "Report",
    "ReportDict",
    "Side",
    "SourceRef",
    "SourceRefDict",
    "Suspect",
    "SuspectDict",
    "TriageLevel",
    "TriggerRulesError",
    "UnknownFactError",
    "Withheld",
    "WithheldDict",
    "WorkerError",
    "WorkerPool",
    "consult",
    "consult_many",
    "fact_catalogue",
    "interview_status",
    "load_knowledge",
    "next_questions",
    "trace_health_data",
]

# The version lives in pyproject.toml only; the installed metadata is its one reader.
__version__: str = library_version()


def fact_catalogue() -> tuple[FactSpec, ...]:
    """Every fact code the packaged knowledge base knows, sorted by code."""
    facts = default_consultant().knowledge.facts
    return tuple(facts[code] for code in sorted(facts))
