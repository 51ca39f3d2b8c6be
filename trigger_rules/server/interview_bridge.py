"""The next questions worth asking, from the interview module, as plain data."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..case import Case
from ..engine import Consultant
from ..interview import interview_status, next_questions

__all__ = ["questions_document"]


def questions_document(
    case: Case,
    consultant: Consultant,
    *,
    dont_know: Sequence[str],
    expanded: Sequence[str],
    limit: int,
) -> dict[str, Any]:
    """The questions to ask next, most useful first, and whether the interview can stop."""
    questions = next_questions(
        case, dont_know=dont_know, expanded=expanded, limit=limit, consultant=consultant
    )
    status = interview_status(case, dont_know=dont_know, expanded=expanded, consultant=consultant)
    return {"questions": [q.to_dict() for q in questions], "status": status.to_dict()}
