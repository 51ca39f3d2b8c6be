"""The next questions worth asking, from the interview module when it is there."""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Any

from ..case import Case
from .bodies import ApiError

__all__ = ["next_questions"]


def next_questions(case: Case, *, dont_know: Sequence[str], limit: int) -> list[dict[str, Any]]:
    """The questions to ask next, as plain data, most useful first."""
    try:
        ask = importlib.import_module("trigger_rules").next_questions
    except AttributeError:
        raise ApiError(
            501,
            "not_implemented",
            "this version of trigger_rules cannot suggest questions yet",
        ) from None
    return [question.to_dict() for question in ask(case, dont_know=dont_know, limit=limit)]
