"""The published JSON contract: the JSON Schemas shipped with the package, and the plain
data of the fact catalogue.

The schemas (draft 2020-12) live in ``trigger_rules/schemas/`` as package data:

* ``report``: what :meth:`Report.to_dict` and ``trigger-rules consult --json`` produce;
* ``case``: the input, :meth:`Case.to_dict` / :meth:`Case.from_dict`;
* ``facts``: the fact catalogue, ``trigger-rules facts --json``.

``trigger-rules schema [report|case|facts]`` prints one. Stability rules are in the
README's "Report contract" section.
"""

from __future__ import annotations

import importlib.resources
import json
from collections.abc import Iterable
from typing import Any, Final, cast

from .errors import TriggerRulesError, closest
from .knowledge_base import FactSpec
from .shapes import FactDict, FactKindName, FactTypeName, GroupName

__all__ = ["SCHEMA_NAMES", "UnknownSchemaError", "fact_to_dict", "facts_to_list", "json_schema"]

SCHEMA_NAMES: Final = ("report", "case", "facts")


class UnknownSchemaError(TriggerRulesError, ValueError):
    """A schema name that is not one of :data:`SCHEMA_NAMES`."""

    def __init__(self, name: str) -> None:
        near = closest(name, SCHEMA_NAMES, limit=1)
        hint = f"did you mean {near[0]!r}?" if near else f"one of {', '.join(SCHEMA_NAMES)}"
        super().__init__(f"unknown schema {name!r}: {hint}")


def schema_text(name: str) -> str:
    """The schema *name* as shipped (JSON text)."""
    if name not in SCHEMA_NAMES:
        raise UnknownSchemaError(name)
    resource = importlib.resources.files("trigger_rules") / "schemas" / f"{name}.json"
    return resource.read_text(encoding="utf-8")


def json_schema(name: str = "report") -> dict[str, Any]:
    """The JSON Schema *name* (``report``, ``case`` or ``facts``) as a dict; a fresh copy
    on every call, so a caller may change it."""
    data: dict[str, Any] = json.loads(schema_text(name))
    return data


def fact_to_dict(spec: FactSpec) -> FactDict:
    """One fact of the catalogue as JSON data (``trigger-rules schema facts``)."""
    return {
        "code": spec.code,
        "question": spec.question,
        # Loading checked these against their closed sets (FactSpec's validators).
        "kind": cast(FactKindName, str(spec.kind)),
        "group": cast(GroupName, str(spec.group)),
        "type": cast(FactTypeName, str(spec.type)),
        "choices": list(spec.choices),
        "help": spec.help,
        "follow_up_of": spec.follow_up_of,
    }


def facts_to_list(facts: Iterable[FactSpec]) -> list[FactDict]:
    """The catalogue as JSON data, sorted by code."""
    return [fact_to_dict(f) for f in sorted(facts, key=lambda f: f.code)]
