"""FHIR R4 in and out (the optional extra ``trigger_rules[fhir]``).

* :func:`questionnaire`: the fact catalogue as a Questionnaire: one group per question
  group, each item's ``linkId`` its fact code, answer types from the fact type, choices
  as ``answerOption``, follow-up questions behind ``enableWhen``, and questions that
  apply only to some people (pregnancy, for instance) hidden by ``enableWhen`` once an
  answer rules them out;
* :func:`case_from_questionnaire_response`: a filled QuestionnaireResponse as a
  :class:`Case`; unknown linkIds and wrong answer types raise :class:`FhirInputError`,
  nothing is dropped;
* :func:`questionnaire_response`: the other way, a case as a filled response;
* :func:`report_to_bundle`: a report as a ``collection`` Bundle: a RiskAssessment for the
  suspects (the evidence as ``basis``), a ServiceRequest for each red flag and referral
  (``priority`` from its urgency) and a CarePlan for the advice, its cautions and notes,
  and what was held back.

Every resource is validated with the ``fhir.resources`` models of ``fhir.resources.R4B``
(FHIR 4.3.0). HL7 confines R4B's changes from R4 (4.0.1) to medication definition,
evidence-based medicine and subscriptions; the six resources used here lie outside those,
so what this module writes is R4 content. ``import trigger_rules`` never imports this
module.
"""

from __future__ import annotations

import importlib
import json
import uuid
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Final, TextIO

from .case import Case, Value
from .engine import Consultant, default_consultant
from .errors import TriggerRulesError, closest
from .knowledge_base import GROUPS, VALUE_RANGES, FactSpec
from .report import Report
from .triage import TriageLevel
from .versioning import knowledge_version

__all__ = [
    "CODE_SYSTEMS",
    "PRIORITY",
    "FhirInputError",
    "FhirUnavailableError",
    "case_from_questionnaire_response",
    "questionnaire",
    "questionnaire_response",
    "report_to_bundle",
    "run_command",
]

#: Code systems of the library's own codes (fact codes, muscles, findings, advice).
CODE_SYSTEMS: Final = {
    "fact": "urn:trigger-rules:codes:fact",
    "answer": "urn:trigger-rules:codes:answer",
    "muscle": "urn:trigger-rules:codes:muscle",
    "finding": "urn:trigger-rules:codes:finding",
    "advice": "urn:trigger-rules:codes:advice",
}
QUESTIONNAIRE_URL: Final = "urn:trigger-rules:questionnaire:intake"
#: ServiceRequest.priority for each triage level a red flag or referral can carry.
PRIORITY: Final = {
    TriageLevel.SELF_CARE: "routine",
    TriageLevel.ROUTINE: "routine",
    TriageLevel.URGENT_DAYS: "urgent",
    TriageLevel.SAME_DAY: "asap",
    TriageLevel.EMERGENCY: "stat",
}
_GROUP_PREFIX: Final = "group."
_GROUP_TITLES: Final = {
    "red_flags": "Warning signs",
    "where_it_hurts": "Where it hurts",
    "what_changes_it": "What makes it better or worse",
    "self_treatment_findings": "What you found while self-treating",
    "habits": "Habits",
    "history": "History",
    "about_the_person": "About you",
}
_ANSWER_TYPES: Final = {
    "yes_no": "boolean",
    "age_years": "integer",
    "duration_days": "integer",
    "side": "choice",
    "choice": "choice",
}
_ANSWER_KEYS: Final = {
    "boolean": "valueBoolean",
    "integer": "valueInteger",
    "choice": "valueCoding",
}
_HELP_CONTROL: Final = {
    "url": "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl",
    "valueCodeableConcept": {
        "coding": [{"system": "http://hl7.org/fhir/questionnaire-item-control", "code": "help"}]
    },
}
_SUBJECT: Final = {"display": "The person consulted"}


class FhirUnavailableError(TriggerRulesError, ImportError):
    """The optional ``fhir.resources`` package is not installed."""


class FhirInputError(TriggerRulesError, ValueError):
    """A FHIR resource that cannot be read as asked: wrong resource type, an invalid
    resource, an unknown linkId or an answer of the wrong type. ``link_id`` names the
    item when there is one."""

    def __init__(self, message: str, link_id: str = "") -> None:
        self.link_id = link_id
        super().__init__(message)


def _model(name: str) -> Any:
    """The fhir.resources R4B model class *name* (e.g. ``"Bundle"``)."""
    try:
        module = importlib.import_module(f"fhir.resources.R4B.{name.lower()}")
    except ImportError as exc:
        raise FhirUnavailableError(
            "FHIR support needs the optional extra: pip install 'trigger_rules[fhir]'"
        ) from exc
    return getattr(module, name)


def _validated(resource: dict[str, Any]) -> dict[str, Any]:
    """*resource* unchanged, after the fhir.resources model of its type accepted it."""
    _model(resource["resourceType"]).model_validate(resource)
    return resource


# --- Questionnaire ----------------------------------------------------------------------------


def _enable_when(spec: FactSpec, facts: Mapping[str, FactSpec]) -> list[dict[str, Any]]:
    """The conditions under which *spec*'s question is shown, all of which must hold.

    A follow-up waits for a yes. A question that applies only to some answers of another
    question (``applies_if``) is hidden once that question has one of the other answers,
    and shown while it is unanswered: FHIR's ``!=`` holds when no answer equals the value,
    which is how the interview reads an unknown answer too.
    """
    conditions: list[dict[str, Any]] = []
    if spec.follow_up_of:
        conditions.append({"question": spec.follow_up_of, "operator": "=", "answerBoolean": True})
    conditions += [
        {"question": other, "operator": "!=", "answerCoding": _answer_coding(value)}
        for other, allowed in sorted(spec.applies_if.items())
        for value in facts[other].allowed_values  # as its answerOption lists them
        if value not in allowed
    ]
    return conditions


def _answer_coding(value: str) -> dict[str, str]:
    """A choice answer as the Questionnaire offers it, and as its conditions test it."""
    return {"system": CODE_SYSTEMS["answer"], "code": value, "display": value}


def _fact_item(spec: FactSpec, facts: Mapping[str, FactSpec]) -> dict[str, Any]:
    answer_type = _ANSWER_TYPES[spec.type]
    item: dict[str, Any] = {
        "linkId": spec.code,
        "code": [{"system": CODE_SYSTEMS["fact"], "code": spec.code}],
        "text": spec.question,
        "type": answer_type,
    }
    if spec.type in VALUE_RANGES:
        low, high = VALUE_RANGES[spec.type]
        item["extension"] = [
            {"url": "http://hl7.org/fhir/StructureDefinition/minValue", "valueInteger": low},
            {"url": "http://hl7.org/fhir/StructureDefinition/maxValue", "valueInteger": high},
        ]
    conditions = _enable_when(spec, facts)
    if conditions:
        item["enableWhen"] = conditions
    if len(conditions) > 1:
        item["enableBehavior"] = "all"
    if spec.allowed_values:
        item["answerOption"] = [{"valueCoding": _answer_coding(v)} for v in spec.allowed_values]
    if spec.help:
        item["item"] = [
            {
                "linkId": f"{spec.code}.help",
                "text": spec.help,
                "type": "display",
                "extension": [_HELP_CONTROL],
            }
        ]
    return item


def questionnaire(consultant: Consultant | None = None) -> dict[str, Any]:
    """The fact catalogue (packaged, or *consultant*'s) as a FHIR R4 Questionnaire."""
    consultant = consultant or default_consultant()
    facts = consultant.knowledge.facts
    groups = []
    for group in GROUPS:
        members = sorted((f for f in facts.values() if f.group == group), key=lambda f: f.code)
        if members:
            groups.append(
                {
                    "linkId": _GROUP_PREFIX + group,
                    "text": _GROUP_TITLES.get(group, group),
                    "type": "group",
                    "item": [_fact_item(f, facts) for f in members],
                }
            )
    return _validated(
        {
            "resourceType": "Questionnaire",
            "id": "trigger-rules-intake",
            "url": QUESTIONNAIRE_URL,
            "version": knowledge_version(consultant.rulebook),
            "name": "TriggerRulesIntake",
            "title": "Low back pain: intake questions",
            "status": "active",
            "subjectType": ["Patient"],
            "description": "Every question trigger_rules can use. Unanswered questions stay "
            "unknown; a 'no' is recorded as asked and denied.",
            "item": groups,
        }
    )


# --- QuestionnaireResponse -> Case ------------------------------------------------------------


def _as_dict(resource: object) -> dict[str, Any]:
    if isinstance(resource, Mapping):
        return dict(resource)
    dump = getattr(resource, "model_dump", None)
    if callable(dump):
        data: dict[str, Any] = dump(mode="json", exclude_none=True)
        return data
    raise FhirInputError(
        f"expected a QuestionnaireResponse as a dict or a fhir.resources model "
        f"(got {type(resource).__name__})"
    )


def _answered_items(items: list[Any], path: str) -> Iterator[tuple[str, dict[str, Any]]]:
    for index, item in enumerate(items):
        where = f"{path}[{index}]"
        yield where, item
        yield from _answered_items(item.get("item", []), f"{where}.item")
        for a_index, answer in enumerate(item.get("answer", [])):
            yield from _answered_items(answer.get("item", []), f"{where}.answer[{a_index}].item")


def _answer_value(spec: FactSpec, answer: Mapping[str, Any], where: str) -> bool | Value:
    answer_type = _ANSWER_TYPES[spec.type]
    key = _ANSWER_KEYS[answer_type]
    given = sorted(k for k in answer if k.startswith("value"))
    if given != [key]:
        raise FhirInputError(
            f"{where}: {spec.code!r} is answered with one {key} "
            f"(got {', '.join(given) or 'no value'})",
            spec.code,
        )
    value = answer[key]
    if answer_type == "boolean":
        if not isinstance(value, bool):
            raise FhirInputError(
                f"{where}: {key} must be true or false (got {value!r})", spec.code
            )
        return value
    if answer_type == "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            raise FhirInputError(
                f"{where}: {key} must be a whole number (got {value!r})", spec.code
            )
        return value
    system, code = value.get("system"), value.get("code")
    if system not in (None, CODE_SYSTEMS["answer"]) or code not in spec.allowed_values:
        near = closest(str(code), spec.allowed_values, limit=1)
        hint = f"; did you mean {near[0]!r}?" if near else ""
        raise FhirInputError(
            f"{where}: {spec.code!r} accepts a coding from {CODE_SYSTEMS['answer']} with "
            f"code one of {', '.join(spec.allowed_values)} (got {value!r}){hint}",
            spec.code,
        )
    return str(code)


def case_from_questionnaire_response(
    resource: object, consultant: Consultant | None = None
) -> Case:
    """The case a filled QuestionnaireResponse (a dict or a fhir.resources model) states.

    ``true`` is present, ``false`` absent, an item without answer unknown. Raises
    :class:`FhirInputError` for an invalid resource, a linkId that is neither a fact code
    nor a group of :func:`questionnaire`, an answer of the wrong type, or several answers
    to one question; the case is then checked against the catalogue like any other.
    """
    consultant = consultant or default_consultant()
    facts = consultant.knowledge.facts
    data = _as_dict(resource)
    if data.get("resourceType") != "QuestionnaireResponse":
        raise FhirInputError(
            f"expected resourceType 'QuestionnaireResponse' (got {data.get('resourceType')!r})"
        )
    try:
        _model("QuestionnaireResponse").model_validate(data)
    except ValueError as exc:  # pydantic's ValidationError is a ValueError
        first = str(exc).splitlines()[:3]
        raise FhirInputError("not a valid QuestionnaireResponse: " + " ".join(first)) from None
    groups = {_GROUP_PREFIX + g for g in GROUPS}
    present: set[str] = set()
    absent: set[str] = set()
    values: dict[str, Value] = {}
    seen: set[str] = set()
    for where, item in _answered_items(data.get("item", []), "item"):
        link_id = item["linkId"]
        if link_id in groups or (link_id.endswith(".help") and link_id[:-5] in facts):
            if item.get("answer"):
                raise FhirInputError(f"{where}: {link_id!r} takes no answer", link_id)
            continue
        spec = facts.get(link_id)
        if spec is None:
            near = closest(link_id, facts)
            hint = f"did you mean {' or '.join(map(repr, near))}?" if near else "not a fact code"
            raise FhirInputError(f"{where}: unknown linkId {link_id!r}: {hint}", link_id)
        if link_id in seen:
            raise FhirInputError(f"{where}: {link_id!r} appears more than once", link_id)
        seen.add(link_id)
        answers = item.get("answer", [])
        if len(answers) > 1:
            raise FhirInputError(f"{where}: {link_id!r} takes one answer", link_id)
        if not answers:
            continue
        value = _answer_value(spec, answers[0], f"{where}.answer[0]")
        if spec.is_yes_no:
            (present if value else absent).add(link_id)
        else:
            values[link_id] = value
    return Case(present=present, absent=absent, values=values).validated(facts)


def questionnaire_response(case: Case, consultant: Consultant | None = None) -> dict[str, Any]:
    """*case* as a completed QuestionnaireResponse to :func:`questionnaire` (unknown
    facts are left out; the response says no more than the case, and no less).

    Every known fact is answered, even one whose item the Questionnaire would hide for
    this case (a follow-up whose parent is no, the pregnancy question for a man): an
    answer given anyway still counts for the rules, and dropping a yes could hide a red
    flag. A validator that checks ``enableWhen`` may warn about such answers.
    """
    consultant = consultant or default_consultant()
    facts = consultant.knowledge.facts
    case = case.validated(facts)
    given = dict(case.values)
    groups = []
    for group in GROUPS:
        items = []
        for spec in sorted((f for f in facts.values() if f.group == group), key=lambda f: f.code):
            answer: dict[str, Any]
            if spec.code in case.present or spec.code in case.absent:
                answer = {"valueBoolean": spec.code in case.present}
            elif spec.code in given and spec.allowed_values:
                code = str(given[spec.code])
                answer = {"valueCoding": {"system": CODE_SYSTEMS["answer"], "code": code}}
            elif spec.code in given:
                answer = {"valueInteger": given[spec.code]}
            else:
                continue
            items.append({"linkId": spec.code, "text": spec.question, "answer": [answer]})
        if items:
            groups.append({"linkId": _GROUP_PREFIX + group, "item": items})
    return _validated(
        {
            "resourceType": "QuestionnaireResponse",
            "questionnaire": QUESTIONNAIRE_URL,
            "status": "completed",
            "item": groups,
        }
    )


# --- Report -> Bundle -------------------------------------------------------------------------


def _full_url(report: Report, key: str) -> str:
    # Deterministic ids: the same report always gives the same Bundle.
    seed = json.dumps([report.knowledge_version, report.to_dict()["case"], key], sort_keys=True)
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, seed)}"


def _coding(system: str, code: str, display: str) -> dict[str, Any]:
    return {"coding": [{"system": CODE_SYSTEMS[system], "code": code, "display": display}]}


def _risk_assessment(report: Report, subject: dict[str, Any]) -> dict[str, Any]:
    basis = []
    for suspect in report.suspects:
        for line in (*suspect.evidence, *suspect.evidence_against):
            sign = "for" if line.weight > 0 else "against"
            basis.append(
                {
                    "display": f"{suspect.name}, evidence {sign} ({line.weight:+.2f}): "
                    f"{line.text} [facts: {', '.join(line.facts) or 'none'}; rule {line.rule}]"
                }
            )
    return {
        "resourceType": "RiskAssessment",
        "status": "final",
        "subject": subject,
        "code": {"text": "Muscles whose trigger points may be contributing to low back pain"},
        "basis": basis,
        "prediction": [
            {
                "outcome": {
                    **_coding("muscle", s.muscle, s.name),
                    "text": f"Trigger points in the {s.name.lower()}",
                },
                "probabilityDecimal": s.certainty,
                "rationale": s.statement,
            }
            for s in report.suspects
        ],
        "note": [{"text": report.notice}],
    }


def _service_request(finding: Any, kind: str, subject: dict[str, Any]) -> dict[str, Any]:
    label = "Red flag" if kind == "red_flag" else "Referral"
    return {
        "resourceType": "ServiceRequest",
        "status": "active",
        "intent": "proposal",
        "category": [{"text": label}],
        "priority": PRIORITY[finding.urgency],
        "code": {**_coding("finding", finding.id, finding.title), "text": finding.title},
        "subject": subject,
        "reasonCode": [{"text": finding.text}],
        "note": [
            {
                "text": f"Urgency {finding.urgency.value}. Facts: {', '.join(finding.facts)}. "
                f"Rules: {', '.join(finding.rules)}. Sources: {', '.join(finding.sources)}."
            }
        ],
    }


def _care_plan(report: Report, subject: dict[str, Any]) -> dict[str, Any] | None:
    notes = [{"text": f"Caution: {c.title}. {c.text}"} for c in report.cautions]
    notes += [{"text": f"Note: {n.title}. {n.text}"} for n in report.notes]
    notes += [
        {"text": f"Held back: {', '.join(w.kinds)} over {', '.join(w.areas)}. {w.reason}"}
        for w in report.withheld
    ]
    if not (report.recommendations or notes):
        return None
    return {
        "resourceType": "CarePlan",
        "status": "active",
        "intent": "proposal",
        "title": "Self-care advice for low back pain",
        "description": report.notice,
        "subject": subject,
        "activity": [
            {
                "detail": {
                    "code": {**_coding("advice", r.id, r.title), "text": r.title},
                    "status": "not-started",
                    "description": r.text,
                }
            }
            for r in report.recommendations
        ],
        "note": notes,
    }


def report_to_bundle(
    report: Report, *, subject: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """*report* as a FHIR R4 ``collection`` Bundle (see the module doc).

    *subject* is the Reference the resources are about (``{"reference": "Patient/1"}``);
    by default a Reference that only says "The person consulted".
    """
    who = dict(subject) if subject is not None else dict(_SUBJECT)
    resources: list[tuple[str, dict[str, Any]]] = []
    if report.suspects:
        resources.append(("risk", _risk_assessment(report, who)))
    for kind, findings in (("red_flag", report.red_flags), ("referral", report.referrals)):
        resources += [(f"{kind}:{f.id}", _service_request(f, kind, who)) for f in findings]
    plan = _care_plan(report, who)
    if plan is not None:
        resources.append(("care_plan", plan))
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "identifier": {
            "system": "urn:trigger-rules:knowledge-version",
            "value": report.knowledge_version or "unversioned",
        },
        "meta": {
            "tag": [
                {"system": "urn:trigger-rules:library-version", "code": report.library_version},
                {"system": "urn:trigger-rules:schema-version", "code": report.schema_version},
                {"system": "urn:trigger-rules:triage", "code": report.triage.value},
            ]
        },
        "entry": [
            {"fullUrl": _full_url(report, key), "resource": _validated(resource)}
            for key, resource in resources
        ],
    }
    return _validated(bundle)


# --- command line -----------------------------------------------------------------------------


def run_command(command: str, response: str | None, consultant: Consultant, out: TextIO) -> int:
    """``trigger-rules fhir questionnaire`` and ``trigger-rules fhir bundle RESPONSE.json``."""
    if command == "questionnaire":
        resource = questionnaire(consultant)
    else:
        path = Path(str(response))
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise FhirInputError(f"{path}: cannot read: {exc.strerror}") from None
        except json.JSONDecodeError as exc:
            raise FhirInputError(f"{path}: not valid JSON: {exc}") from None
        try:
            case = case_from_questionnaire_response(data, consultant)
        except TriggerRulesError as exc:
            raise FhirInputError(f"{path}: {exc}", getattr(exc, "link_id", "")) from None
        resource = report_to_bundle(consultant.consult(case))
    out.write(json.dumps(resource, indent=2, ensure_ascii=False) + "\n")
    return 0
