"""Answers in FHIR: the QuestionnaireResponse a CDS client prefetches.

The FHIR conversion itself lives in ``trigger_rules.fhir`` (the FHIR extra); this module
finds the QuestionnaireResponse in what the client sent (a resource, or a searchset
Bundle from the prefetch query) and names the prefetch query in discovery.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

from ..case import Case
from ..knowledge_base import FactSpec
from .bodies import ApiError

__all__ = ["case_from_prefetched_resource", "prefetch_templates", "questionnaire_url"]


def _fhir() -> Any:
    try:
        return importlib.import_module("trigger_rules.fhir")
    except ImportError:
        return None


def questionnaire_url() -> str:
    """The canonical URL of the library's Questionnaire, when the FHIR module is there."""
    fhir = _fhir()
    if fhir is None:
        return ""
    return str(fhir.questionnaire().get("url", ""))


def prefetch_templates() -> dict[str, str]:
    """Prefetch templates for discovery: the person's latest answers to our questionnaire."""
    url = questionnaire_url()
    if not url:
        return {}
    return {
        "questionnaireResponse": (
            "QuestionnaireResponse?subject={{context.patientId}}"
            f"&questionnaire={url}&status=completed&_sort=-authored&_count=1"
        )
    }


def case_from_prefetched_resource(resource: Any, catalogue: Mapping[str, FactSpec]) -> Case:
    """The case in a prefetched QuestionnaireResponse (or a Bundle holding one)."""
    fhir = _fhir()
    if fhir is None:
        raise ApiError(
            412,
            "fhir_unavailable",
            "this server cannot read a QuestionnaireResponse (the FHIR module is missing)",
            expected="prefetch 'case' with the library's case JSON",
        )
    found = _questionnaire_response(resource)
    case: Case = fhir.case_from_questionnaire_response(found)
    return case.validated(catalogue)


def _questionnaire_response(resource: Any) -> Mapping[str, Any]:
    where = "prefetch.questionnaireResponse"
    if not isinstance(resource, Mapping):
        raise ApiError(422, "invalid_prefetch", f"{where} must be a FHIR resource (an object)")
    kind = resource.get("resourceType")
    if kind == "QuestionnaireResponse":
        return resource
    if kind == "Bundle":
        entries: list[Mapping[str, Any]] = [
            e["resource"]
            for e in resource.get("entry") or []
            if isinstance(e, Mapping)
            and isinstance(e.get("resource"), Mapping)
            and e["resource"].get("resourceType") == "QuestionnaireResponse"
        ]
        if len(entries) == 1:
            found: Mapping[str, Any] = entries[0]
            return found
        if not entries:
            raise ApiError(
                412,
                "answers_missing",
                f"the Bundle in {where} holds no QuestionnaireResponse",
                expected="a searchset Bundle with the person's latest QuestionnaireResponse",
            )
        raise ApiError(
            422,
            "invalid_prefetch",
            f"the Bundle in {where} holds {len(entries)} QuestionnaireResponses; "
            "which one to read is not for this service to guess",
            expected="one QuestionnaireResponse (the prefetch query asks for _count=1)",
        )
    raise ApiError(
        422,
        "invalid_prefetch",
        f"{where} must be a QuestionnaireResponse or a Bundle (got resourceType {kind!r})",
        expected="a QuestionnaireResponse, or a searchset Bundle holding one",
    )
