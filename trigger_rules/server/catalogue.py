"""The fact catalogue and the JSON Schemas, as served under ``/v1``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..knowledge_base import VALUE_RANGES, FactSpec

__all__ = ["facts_document", "schema", "schema_names"]


def facts_document(catalogue: Mapping[str, FactSpec]) -> list[dict[str, Any]]:
    """Every fact a case can use, sorted by code, with what each accepts."""
    facts = []
    for code in sorted(catalogue):
        spec = catalogue[code]
        entry: dict[str, Any] = {
            "code": spec.code,
            "kind": spec.kind,
            "type": spec.type,
            "group": spec.group,
            "question": spec.question,
        }
        if spec.allowed_values:
            entry["allowed_values"] = list(spec.allowed_values)
        if spec.type in VALUE_RANGES:
            low, high = VALUE_RANGES[spec.type]
            entry["minimum"], entry["maximum"] = low, high
        if spec.help:
            entry["help"] = spec.help
        if spec.follow_up_of:
            entry["follow_up_of"] = spec.follow_up_of
        facts.append(entry)
    return facts


def schema_names() -> tuple[str, ...]:
    return ()


def schema(name: str) -> dict[str, Any] | None:
    return None
