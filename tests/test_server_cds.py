"""The service over HTTP: CDS Hooks 2.0 end to end, the JSON API, and the error answers.

One real uvicorn server (``trigger-rules serve``) runs on a free loopback port for the
module; every card it returns is checked against a JSON Schema written from the spec.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest

from tests.serving import Running, serve
from trigger_rules import Case, Consultant, interview_status, next_questions
from trigger_rules.cases import ExampleCase, load_cases
from trigger_rules.contract import SCHEMA_NAMES, json_schema
from trigger_rules.fhir import QUESTIONNAIRE_URL, case_from_questionnaire_response, questionnaire
from trigger_rules.server import SERVICE_ID

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads(
    (Path(__file__).parent / "data/cds_hooks_2_0_response.schema.json").read_text()
)
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
SERVICE = f"/cds-services/{SERVICE_ID}"
EXAMPLES = load_cases([str(ROOT / "examples/cases")])


def case_json(case: Case) -> dict[str, Any]:
    return dict(case.to_dict())


def hook_request(prefetch: dict[str, Any], instance: str = "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea"):
    return {
        "hook": "patient-view",
        "hookInstance": instance,
        "context": {"userId": "Practitioner/example", "patientId": "1288992"},
        "prefetch": prefetch,
    }


@pytest.fixture(scope="module")
def server() -> Iterator[Running]:
    with serve("--max-body-bytes", "20000") as running:
        yield running


@pytest.fixture(scope="module")
def client(server: Running) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=10) as client:
        yield client


def test_server_warns_on_stderr_when_it_runs_without_authentication(server: Running) -> None:
    assert "WARNING: no JWT keys configured" in server.stderr()
    assert "127.0.0.1" in server.stderr()


def test_discovery_lists_the_service_with_its_hook(client: httpx.Client) -> None:
    response = client.get("/cds-services")
    assert response.status_code == 200
    (service,) = response.json()["services"]
    assert service["id"] == SERVICE_ID
    assert service["hook"] == "patient-view"
    assert service["description"]
    assert service["title"]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.name)
def test_every_example_case_gives_valid_cards_that_follow_its_report(
    client: httpx.Client, consultant: Consultant, example: ExampleCase
) -> None:
    response = client.post(SERVICE, json=hook_request({"case": case_json(example.case)}))
    assert response.status_code == 200, response.text
    body = response.json()
    VALIDATOR.validate(body)
    cards = body["cards"]
    report = consultant.consult(example.case)
    findings = [*report.red_flags, *report.referrals]
    # one card per red flag and referral, first, in the report's order, with its indicator
    expected = {"emergency": "critical", "same_day": "critical", "urgent_days": "warning"}
    for card, finding in zip(cards, findings, strict=False):
        assert finding.title in card["summary"] or card["summary"].endswith("…")
        assert card["indicator"] == expected.get(finding.urgency.value, "info")
    referral_cards = cards[len(report.red_flags) : len(findings)]
    for card in referral_cards:
        (suggestion,) = card["suggestions"]
        (action,) = suggestion["actions"]
        assert action["type"] == "create"
        assert action["resource"]["resourceType"] == "ServiceRequest"
        assert action["resource"]["subject"] == {"reference": "Patient/1288992"}
    assert sum("suggestions" in card for card in cards) == len(report.referrals)
    if report.suspects:
        (suspect_card,) = [c for c in cards if c["summary"].startswith("Trigger points")]
        for suspect in report.suspects:
            assert suspect.name in suspect_card["detail"]
            for line in suspect.evidence:
                assert line.text in suspect_card["detail"]
    for item in [*report.recommendations, *report.cautions]:
        assert sum(item.text in card.get("detail", "") for card in cards) == 1
    uuids = [card["uuid"] for card in cards]
    assert len(set(uuids)) == len(uuids)


def test_a_cauda_equina_case_gives_a_critical_card_first(client: httpx.Client) -> None:
    case = {
        "present": ["bladder_or_bowel_change", "belt_line_ache"],
        "values": {"pain_side": "left"},
    }
    cards = client.post(SERVICE, json=hook_request({"case": case})).json()["cards"]
    assert cards[0]["indicator"] == "critical"
    assert "cauda equina" in cards[0]["summary"].lower()
    assert cards[0]["source"]["url"].startswith("http")
    # no self-treatment is offered under an emergency: the advice card says it is held back
    (advice,) = [c for c in cards if "advice" in c["summary"].lower()]
    assert "held back" in advice["summary"].lower()


def test_card_ids_differ_between_hook_calls_and_repeat_within_one(client: httpx.Client) -> None:
    prefetch = {"case": {"present": ["cough_sneeze_pain"]}}
    first = client.post(SERVICE, json=hook_request(prefetch, "a")).json()["cards"]
    again = client.post(SERVICE, json=hook_request(prefetch, "a")).json()["cards"]
    other = client.post(SERVICE, json=hook_request(prefetch, "b")).json()["cards"]
    assert [c["uuid"] for c in first] == [c["uuid"] for c in again]
    assert not {c["uuid"] for c in first} & {c["uuid"] for c in other}


def test_feedback_of_the_spec_is_accepted(client: httpx.Client) -> None:
    cards = client.post(
        SERVICE, json=hook_request({"case": {"present": ["cough_sneeze_pain"]}})
    ).json()["cards"]
    feedback = {
        "feedback": [
            {
                "card": cards[0]["uuid"],
                "outcome": "overridden",
                "overrideReason": {
                    "reason": {"code": "d7ecf885", "system": "https://example.com/reasons"},
                    "userComment": "A comment entered by the clinician.",
                },
                "outcomeTimestamp": "2020-12-11T00:00:00Z",
            },
            {
                "card": cards[0]["uuid"],
                "outcome": "accepted",
                "acceptedSuggestions": [{"id": "e56e1945-20b3-4393-8503-a1a20fd73152"}],
                "outcomeTimestamp": "2020-12-11T00:00:00Z",
            },
        ]
    }
    response = client.post(SERVICE + "/feedback", json=feedback)
    assert response.status_code == 200
    assert response.json() == {"received": 2}


@pytest.mark.parametrize(
    "entry",
    [
        {"card": "x", "outcome": "liked", "outcomeTimestamp": "2020-12-11T00:00:00Z"},
        {"card": "x", "outcome": "accepted", "outcomeTimestamp": "2020-12-11T00:00:00Z"},
        {"card": "x", "outcome": "overridden"},
    ],
)
def test_feedback_that_is_not_the_spec_is_400(client: httpx.Client, entry: dict[str, Any]) -> None:
    response = client.post(SERVICE + "/feedback", json={"feedback": [entry]})
    assert response.status_code == 400
    assert "feedback[0]" in response.json()["message"]
    assert "outcome" in response.json()["expected"]


# --- errors -------------------------------------------------------------------------------


def test_malformed_json_is_400_and_says_what_was_expected(client: httpx.Client) -> None:
    for path in ("/v1/consult", SERVICE):
        response = client.post(path, content=b'{"present": [', headers=_json_type())
        assert response.status_code == 400
        assert response.json()["error"] == "malformed_json"
        assert response.json()["expected"] == "a JSON object"


def test_an_unknown_fact_is_422_with_the_nearest_codes(client: httpx.Client) -> None:
    response = client.post("/v1/consult", json={"present": ["cough_sneez_pain"]})
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "unknown_fact"
    assert body["nearest"][0] == "cough_sneeze_pain"
    assert "GET /v1/facts" in body["expected"]
    in_hook = client.post(SERVICE, json=hook_request({"case": {"absent": ["fevr"]}}))
    assert in_hook.status_code == 422
    assert "fever" in in_hook.json()["nearest"]


@pytest.mark.parametrize(
    ("case", "error"),
    [
        ({"present": "fever"}, "invalid_case"),
        ({"presnt": ["fever"]}, "invalid_case"),
        ({"values": {"age": "forty"}}, "invalid_value"),
        ({"values": {"age": True}}, "invalid_value"),
        ({"present": ["fever"], "absent": ["fever"]}, "conflicting_facts"),
        ([], "invalid_case"),
    ],
)
def test_a_case_that_does_not_fit_is_422(client: httpx.Client, case: Any, error: str) -> None:
    response = client.post("/v1/consult", json=case)
    assert response.status_code == 422
    assert response.json()["error"] == error
    assert response.json()["expected"]


def test_a_misspelt_case_key_gets_the_nearest_key(client: httpx.Client) -> None:
    body = client.post("/v1/consult", json={"presnt": ["fever"]}).json()
    assert body["nearest"] == ["present"]


def test_a_body_over_the_limit_is_413_declared_or_streamed(client: httpx.Client) -> None:
    big = json.dumps({"present": ["fever"] * 5000}).encode()
    assert client.post("/v1/consult", content=big, headers=_json_type()).status_code == 413

    def chunks() -> Iterator[bytes]:  # no Content-Length: the server counts as it reads
        for _ in range(30):
            yield b" " * 1000

    response = client.post("/v1/consult", content=chunks(), headers=_json_type())
    assert response.status_code == 413
    assert "20000 bytes" in response.json()["message"]


def test_a_hook_call_without_answers_is_412(client: httpx.Client) -> None:
    response = client.post(SERVICE, json=hook_request({}))
    assert response.status_code == 412
    assert "questionnaireResponse" in response.json()["expected"]


def test_a_hook_call_of_the_wrong_shape_or_hook_is_400(client: httpx.Client) -> None:
    assert client.post(SERVICE, json={"hook": "patient-view"}).status_code == 400
    wrong = hook_request({"case": {}}) | {"hook": "order-sign"}
    response = client.post(SERVICE, json=wrong)
    assert response.status_code == 400
    assert response.json()["error"] == "unsupported_hook"


def test_an_unknown_service_is_404_with_the_known_one(client: httpx.Client) -> None:
    response = client.post("/cds-services/low-back", json=hook_request({"case": {}}))
    assert response.status_code == 404
    assert response.json()["nearest"] == [SERVICE_ID]


# --- the JSON API -------------------------------------------------------------------------


def test_consult_answers_the_librarys_report(client: httpx.Client, consultant: Consultant) -> None:
    case = {"present": ["cough_sneeze_pain", "belt_line_ache"], "absent": ["fever"]}
    response = client.post("/v1/consult", json=case)
    assert response.status_code == 200
    expected = consultant.consult(Case(present=case["present"], absent=case["absent"]))
    assert response.json() == json.loads(expected.to_json())


def test_facts_lists_the_catalogue_as_its_schema_says(
    client: httpx.Client, consultant: Consultant
) -> None:
    facts = client.get("/v1/facts").json()
    jsonschema.validate(facts, json_schema("facts"))
    assert [f["code"] for f in facts] == sorted(consultant.knowledge.facts)


def test_consult_answers_fit_the_report_schema(client: httpx.Client) -> None:
    for example in EXAMPLES[:10]:
        report = client.post("/v1/consult", json=example.case.to_dict()).json()
        jsonschema.validate(report, json_schema("report"))


def test_the_schemas_are_served(client: httpx.Client) -> None:
    listed = client.get("/v1/schemas").json()["schemas"]
    assert listed == [f"/v1/schemas/{name}" for name in SCHEMA_NAMES]
    for name in SCHEMA_NAMES:
        response = client.get(f"/v1/schemas/{name}")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/schema+json")
        assert response.json() == json_schema(name)
    missing = client.get("/v1/schemas/reprot")
    assert missing.status_code == 404
    assert missing.json()["nearest"] == ["report"]


def test_next_questions_answers_the_interviews_questions(client: httpx.Client) -> None:
    case = Case(present={"cough_sneeze_pain"})
    response = client.post("/v1/next-questions?limit=3&dont_know=fever", json=case.to_dict())
    assert response.status_code == 200, response.text
    body = response.json()
    expected = next_questions(case, dont_know=["fever"], limit=3)
    assert body["questions"] == [q.to_dict() for q in expected]
    assert "fever" not in [q["code"] for q in body["questions"]]
    assert body["status"] == interview_status(case, dont_know=["fever"]).to_dict()


@pytest.mark.parametrize(
    ("query", "error"),
    [
        ("limit=0", "invalid_parameter"),
        ("limit=x", "invalid_parameter"),
        ("dont_know=fevr", "unknown_fact"),
    ],
)
def test_next_questions_refuses_bad_parameters(
    client: httpx.Client, query: str, error: str
) -> None:
    response = client.post(f"/v1/next-questions?{query}", json={})
    assert response.status_code == 422
    assert response.json()["error"] == error


# --- FHIR -------------------------------------------------------------------------------


FHIR_EXAMPLES = sorted((ROOT / "examples/fhir").glob("*.response.json"))


def test_discovery_asks_for_the_questionnaire_response(client: httpx.Client) -> None:
    (service,) = client.get("/cds-services").json()["services"]
    template = service["prefetch"]["questionnaireResponse"]
    assert template.startswith("QuestionnaireResponse?subject={{context.patientId}}")
    assert f"questionnaire={QUESTIONNAIRE_URL}" in template


def test_the_questionnaire_is_served(client: httpx.Client) -> None:
    served = client.get("/v1/fhir/questionnaire").json()
    assert served == questionnaire()


@pytest.mark.parametrize("path", FHIR_EXAMPLES, ids=lambda p: p.name)
def test_a_prefetched_questionnaire_response_gives_the_same_cards_as_its_case(
    client: httpx.Client, path: Path
) -> None:
    resource = json.loads(path.read_text())
    case = case_from_questionnaire_response(resource)
    by_fhir = client.post(SERVICE, json=hook_request({"questionnaireResponse": resource}))
    assert by_fhir.status_code == 200, by_fhir.text
    VALIDATOR.validate(by_fhir.json())
    by_case = client.post(SERVICE, json=hook_request({"case": case.to_dict()}))
    assert by_fhir.json() == by_case.json()
    bundle = {
        "resourceType": "Bundle",
        "type": "searchset",
        "entry": [{"resource": resource}],
    }
    by_bundle = client.post(SERVICE, json=hook_request({"questionnaireResponse": bundle}))
    assert by_bundle.json() == by_case.json()


def test_the_cauda_equina_response_gives_a_critical_card(client: httpx.Client) -> None:
    resource = json.loads((ROOT / "examples/fhir/cauda_equina_bladder.response.json").read_text())
    cards = client.post(SERVICE, json=hook_request({"questionnaireResponse": resource})).json()
    assert cards["cards"][0]["indicator"] == "critical"


def test_a_bad_questionnaire_response_is_422_naming_the_item(client: httpx.Client) -> None:
    resource = {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": QUESTIONNAIRE_URL,
        "status": "completed",
        "item": [{"linkId": "cough_sneez_pain", "answer": [{"valueBoolean": True}]}],
    }
    response = client.post(SERVICE, json=hook_request({"questionnaireResponse": resource}))
    assert response.status_code == 422
    assert "cough_sneeze_pain" in response.json()["message"]
    empty = {"resourceType": "Bundle", "type": "searchset", "entry": []}
    assert (
        client.post(SERVICE, json=hook_request({"questionnaireResponse": empty})).status_code
        == 412
    )
    both = {"questionnaireResponse": resource, "case": {}}
    assert client.post(SERVICE, json=hook_request(both)).status_code == 400


def test_openapi_describes_every_route_and_only_routes(client: httpx.Client) -> None:
    from trigger_rules.server import create_app

    document = client.get("/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    described = {
        (path, method.upper()) for path, ops in document["paths"].items() for method in ops
    }
    served = {
        (route.path, method)
        for route in create_app().routes
        for method in getattr(route, "methods", ()) or ()
        if method != "HEAD"
    }
    assert described == served


def test_about_page_names_the_sources(client: httpx.Client) -> None:
    page = client.get("/about")
    assert page.status_code == 200
    assert "nice.org.uk" in page.text


def _json_type() -> dict[str, str]:
    return {"content-type": "application/json"}
