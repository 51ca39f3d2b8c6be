"""Answers in FHIR: the QuestionnaireResponse a CDS client prefetches.

The conversion itself is ``trigger_rules.fhir`` (the FHIR extra, which the server extra
installs); this module finds the QuestionnaireResponse in what the client sent (a
resource, or the searchset Bundle the prefetch query returns) and names that query in
discovery.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..case import Case
from ..engine import Consultant
from ..fhir import (
    QUESTIONNAIRE_URL,
    FhirInputError,
    FhirUnavailableError,
    case_from_questionnaire_response,
)
from .bodies import ApiError

__all__ = ["QUESTIONNAIRE_RESPONSE_KEY", "case_from_prefetched_resource", "prefetch_templates"]

#: The prefetch key the service reads a QuestionnaireResponse from.
QUESTIONNAIRE_RESPONSE_KEY = "questionnaireResponse"
_WHERE = f"prefetch.{QUESTIONNAIRE_RESPONSE_KEY}"


def prefetch_templates() -> dict[str, str]:
    """Prefetch templates for discovery: the person's latest answers to our questionnaire."""
    return {
        QUESTIONNAIRE_RESPONSE_KEY: (
            "QuestionnaireResponse?subject={{context.patientId}}"
            f"&questionnaire={QUESTIONNAIRE_URL}&status=completed&_sort=-authored&_count=1"
        )
    }


def case_from_prefetched_resource(resource: Any, consultant: Consultant) -> Case:
    """The case in a prefetched QuestionnaireResponse (or a Bundle holding one)."""
    found = _questionnaire_response(resource)
    try:
        return case_from_questionnaire_response(found, consultant)
    except FhirUnavailableError:
        raise ApiError(
            501,
            "fhir_unavailable",
            "this server cannot read a QuestionnaireResponse: install "
            "'trigger_rules[server]' (it brings the FHIR extra)",
            expected="prefetch 'case' with the library's case JSON",
        ) from None
    except FhirInputError as exc:
        raise ApiError(
            422,
            "invalid_questionnaire_response",
            f"{_WHERE}: {exc}",
            expected=f"a QuestionnaireResponse to the Questionnaire {QUESTIONNAIRE_URL} "
            "(GET /v1/fhir/questionnaire)",
        ) from None


def _questionnaire_response(resource: Any) -> Mapping[str, Any]:
    if not isinstance(resource, Mapping):
        raise ApiError(422, "invalid_prefetch", f"{_WHERE} must be a FHIR resource (an object)")
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
            return entries[0]
        if not entries:
            raise ApiError(
                412,
                "answers_missing",
                f"the Bundle in {_WHERE} holds no QuestionnaireResponse",
                expected="a searchset Bundle with the person's latest QuestionnaireResponse",
            )
        raise ApiError(
            422,
            "invalid_prefetch",
            f"the Bundle in {_WHERE} holds {len(entries)} QuestionnaireResponses; "
            "which one to read is not for this service to guess",
            expected="one QuestionnaireResponse (the prefetch query asks for _count=1)",
        )
    raise ApiError(
        422,
        "invalid_prefetch",
        f"{_WHERE} must be a QuestionnaireResponse or a Bundle (got resourceType {kind!r})",
        expected="a QuestionnaireResponse, or a searchset Bundle holding one",
    )
