"""Cards built from reports, without a server: every triage level, long text, and arbitrary
cases, each checked against the CDS Hooks 2.0 JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given

from tests.strategies import cases
from trigger_rules import Case, Consultant
from trigger_rules.server.cards import CardContext, cards_for

SCHEMA = json.loads(
    (Path(__file__).parent / "data/cds_hooks_2_0_response.schema.json").read_text()
)
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
CONTEXT = CardContext("trigger_rules", "https://cds.example.org", "hook-1", "p1")


def finding(urgency: str, title: str = "A finding") -> dict[str, Any]:
    return {
        "id": f"f_{urgency}",
        "title": title,
        "text": "What it means and what to do.",
        "urgency": urgency,
        "rules": ["r.one"],
        "facts": ["fever"],
        "sources": ["nice_ng59"],
        "judgement": "",
    }


def report(**parts: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "triage": "self_care",
        "red_flags": [],
        "referrals": [],
        "suspects": [],
        "recommendations": [],
        "cautions": [],
        "notes": [],
        "withheld": [],
        "withheld_reason": "",
        "unscreened": [],
        "sources": [
            {"id": "nice_ng59", "title": "NG59", "publisher": "NICE", "address": "https://x.org"},
            {"id": "S1", "title": "An article", "publisher": "A blog", "address": ""},
        ],
        "notice": "Decision support, not a diagnosis.",
    }
    return base | parts


@pytest.mark.parametrize(
    ("urgency", "indicator"),
    [
        ("emergency", "critical"),
        ("same_day", "critical"),
        ("urgent_days", "warning"),
        ("routine", "info"),
        ("self_care", "info"),
    ],
)
def test_indicator_follows_triage_for_red_flags_and_referrals(
    urgency: str, indicator: str
) -> None:
    data = report(red_flags=[finding(urgency)], referrals=[finding(urgency, "Refer")])
    cards = cards_for(data, CONTEXT)
    VALIDATOR.validate({"cards": cards})
    assert [c["indicator"] for c in cards] == [indicator, indicator]
    assert "suggestions" not in cards[0]
    (action,) = cards[1]["suggestions"][0]["actions"]
    assert action["resource"]["resourceType"] == "ServiceRequest"
    assert action["resource"]["subject"] == {"reference": "Patient/p1"}


def test_long_titles_still_give_summaries_under_140_characters() -> None:
    data = report(red_flags=[finding("emergency", "word " * 60)])
    (card,) = cards_for(data, CONTEXT)
    VALIDATOR.validate({"cards": [card]})
    assert len(card["summary"]) < 140
    assert card["summary"].endswith("…")


def test_a_source_without_an_address_falls_back_to_the_service_page() -> None:
    item = finding("routine") | {"sources": ["S1"]}
    (card,) = cards_for(report(red_flags=[item]), CONTEXT)
    assert card["source"] == {"label": "trigger_rules", "url": "https://cds.example.org/about"}
    assert "links" not in card  # never an empty list


def test_structured_withheld_entries_are_worded() -> None:
    withheld = [
        {
            "kinds": ["stretch", "strengthen"],
            "areas": ["low_back"],
            "because": "spinal_fracture",
            "reason": "Held back until a fracture has been ruled out.",
        }
    ]
    (card,) = cards_for(report(withheld=withheld), CONTEXT)
    VALIDATOR.validate({"cards": [card]})
    assert (
        "stretch, strengthen over low_back (because of `spinal_fracture`): "
        "Held back until a fracture has been ruled out." in card["detail"]
    )


def test_a_report_with_nothing_to_say_gives_no_cards() -> None:
    assert cards_for(report(), CONTEXT) == []


@given(case=cases())
def test_cards_for_any_case_fit_the_spec_and_put_red_flags_first(case: Case) -> None:
    consultant = _consultant()
    data = json.loads(consultant.consult(case).to_json())
    cards = cards_for(data, CONTEXT)
    VALIDATOR.validate({"cards": cards})
    flags = len(data["red_flags"]) + len(data["referrals"])
    assert [c["summary"].split(":")[0] for c in cards[:flags]] == (
        ["Red flag"] * len(data["red_flags"]) + ["Referral"] * len(data["referrals"])
    )
    assert all(not c["summary"].startswith(("Red flag", "Referral")) for c in cards[flags:])


_CONSULTANT: list[Consultant] = []


def _consultant() -> Consultant:
    if not _CONSULTANT:
        _CONSULTANT.append(Consultant())
    return _CONSULTANT[0]
