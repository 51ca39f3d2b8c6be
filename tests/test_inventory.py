"""Every claim of the knowledge inventory is encoded, and every encoding fires.

``tests/inventory/claims.toml`` maps each claim of the inventory (sections 1 to 10) to the
knowledge ids that encode it: items, muscles or fact codes. This test fails when a claim
has no mapping, when a mapping names an id the knowledge base lacks, or when an id never
shows up in the report of any example case.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from trigger_rules import Consultant
from trigger_rules.cases import load_cases

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
INVENTORY = HERE / "inventory" / "knowledge-inventory.md"
SHARED_INVENTORY = ROOT.parent / "shared" / "knowledge-inventory.md"
CLAIMS = HERE / "inventory" / "claims.toml"


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def _inventory_claims() -> list[tuple[int, str]]:
    """(section, text) of each bullet and each bold muscle paragraph, sections 1-10."""
    claims: list[tuple[int, str]] = []
    section = 0
    current: list[str] | None = None
    for line in INVENTORY.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^## (\d+)\.", line)
        if heading:
            section = int(heading.group(1))
            current = None
            continue
        if section and (line.startswith("- ") or line.startswith("**")):
            current = [line.removeprefix("- ")]
            claims.append((section, ""))
        elif current is not None and line.startswith("  ") and line.strip():
            current.append(line.strip())
        else:
            current = None
            continue
        claims[-1] = (section, _normalise(" ".join(current)))
    return claims


def _mapping() -> list[dict[str, object]]:
    data = tomllib.loads(CLAIMS.read_text(encoding="utf-8"))
    return list(data["claim"])


def _reached(consultant: Consultant) -> set[str]:
    reached: set[str] = set()
    for example in load_cases([ROOT / "examples" / "cases"]):
        report = consultant.consult(example.case)
        reached.update(f.id for f in (*report.red_flags, *report.referrals))
        reached.update(r.id for r in report.recommendations)
        reached.update(c.id for c in (*report.cautions, *report.notes))
        for suspect in report.suspects:
            reached.add(suspect.muscle)
            reached.update(e.sign for e in (*suspect.evidence, *suspect.evidence_against))
        reached.update(example.case.present | example.case.absent)
        reached.update(code for code, _ in example.case.values)
    return reached


def test_the_inventory_copy_matches_the_shared_one() -> None:
    if not SHARED_INVENTORY.exists():
        pytest.skip("../shared/knowledge-inventory.md is not beside this checkout")
    assert INVENTORY.read_text(encoding="utf-8") == SHARED_INVENTORY.read_text(encoding="utf-8")


def test_every_claim_is_mapped_exactly_once() -> None:
    entries = _mapping()
    unmapped = []
    for section, text in _inventory_claims():
        matches = [
            e
            for e in entries
            if e["section"] == section and text.startswith(_normalise(str(e["starts"])))
        ]
        if len(matches) != 1:
            unmapped.append(f"section {section}: {text[:70]!r} ({len(matches)} mappings)")
    assert unmapped == []


def test_every_mapping_names_a_claim() -> None:
    claims = _inventory_claims()
    stale = [
        str(e["starts"])
        for e in _mapping()
        if not any(
            s == e["section"] and t.startswith(_normalise(str(e["starts"]))) for s, t in claims
        )
    ]
    assert stale == []


def test_every_mapped_id_exists_and_fires(consultant: Consultant) -> None:
    knowledge = consultant.knowledge
    known = set(knowledge.items) | set(knowledge.muscles) | set(knowledge.facts)
    reached = _reached(consultant)
    missing, silent = [], []
    for entry in _mapping():
        ids = list(entry["ids"])  # type: ignore[call-overload]
        assert ids, entry["starts"]
        for item_id in ids:
            if item_id not in known:
                missing.append(item_id)
            elif item_id not in reached:
                silent.append(item_id)
    assert missing == []
    assert silent == []
