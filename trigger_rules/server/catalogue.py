"""The fact catalogue and the JSON Schemas, as served under ``/v1``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..contract import SCHEMA_NAMES, facts_to_list, json_schema
from ..knowledge_base import FactSpec

__all__ = ["facts_document", "schema", "schema_names"]


def facts_document(catalogue: Mapping[str, FactSpec]) -> list[Any]:
    """Every fact a case can use, sorted by code, as ``trigger-rules facts --json`` gives
    it (the ``facts`` schema)."""
    return list(facts_to_list(catalogue.values()))


def schema_names() -> tuple[str, ...]:
    return tuple(SCHEMA_NAMES)


def schema(name: str) -> dict[str, Any] | None:
    """The JSON Schema *name*, or ``None`` when there is none of that name."""
    return json_schema(name) if name in SCHEMA_NAMES else None
