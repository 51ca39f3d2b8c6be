"""The rule modules compile into one experta engine without losing or merging rules."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import attrs
import pytest

from trigger_rules import Consultant, KnowledgeError
from trigger_rules.knowledge_base import load_knowledge
from trigger_rules.rulebook import (
    Advise,
    Advised,
    Evidence,
    Present,
    RaiseRedFlag,
    Refer,
    Rulebook,
    Suspected,
    rule,
)
from trigger_rules.rules import MODULES, all_rules
from trigger_rules.triage import TriageLevel


def test_every_rule_compiles_to_its_own_engine_rule(consultant: Consultant) -> None:
    # experta silently drops one of two rule methods with the same name; count them.
    engine = consultant.rulebook.new_engine()
    compiled = {r.__name__ for r in engine.get_rules()}
    assert len(compiled) == len(all_rules())
    assert compiled == {f"{s.module}__{s.name}" for s in all_rules()}


def test_rule_ids_are_unique_and_prefixed_by_module() -> None:
    ids = [spec.id for spec in all_rules()]
    assert len(ids) == len(set(ids))
    for spec in all_rules():
        assert spec.id.startswith(spec.module + ".")


def test_duplicate_rule_names_are_refused() -> None:
    spec = all_rules()[0]
    with pytest.raises(KnowledgeError, match="defined twice"):
        Rulebook((*all_rules(), spec), load_knowledge())


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__.rsplit(".", 1)[1])
def test_each_module_opens_with_the_passages_it_encodes(module: object) -> None:
    doc = inspect.getdoc(module) or ""
    assert len(doc) > 80, "a rule module opens with the passage it encodes"
    cited = [
        token
        for token in ("S0", "S1", "S2", "S3", "S4", "NICE", "NG", "guideline")
        if token in doc
    ]
    assert cited, "and names its source"


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__.rsplit(".", 1)[1])
def test_each_weight_has_its_justification_beside_it(module: object) -> None:
    source = inspect.getsource(module)  # type: ignore[arg-type]
    lines = source.splitlines()
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "rule"):
            continue
        if not any(
            getattr(k.value, "func", None) is not None
            and getattr(k.value.func, "id", "") == "Evidence"
            for k in node.keywords
        ):
            continue
        above = lines[node.lineno - 2].strip()
        assert above.startswith("#"), (
            f"{module}: the evidence rule at line {node.lineno} needs a comment right above "
            "it saying which passage justifies its weight"
        )


def test_red_flags_fire_before_other_rules(consultant: Consultant) -> None:
    consultant.consult(
        {"saddle_numbness": True, "cough_sneeze_pain": True, "wallet_in_back_pocket": True}
    )
    order = consultant.last_firing_order
    flags = [i for i, rule_id in enumerate(order) if rule_id.startswith("cauda_equina.")]
    others = [i for i, rule_id in enumerate(order) if not rule_id.startswith("cauda_equina.")]
    assert flags
    assert others
    assert max(flags) < min(others)


def test_red_flags_may_not_depend_on_conclusions() -> None:
    spec = attrs.evolve(
        rule("late", Suspected(), then=RaiseRedFlag("cauda_equina", TriageLevel.EMERGENCY)),
        module="test",
    )
    with pytest.raises(KnowledgeError, match="never late"):
        Rulebook((*all_rules(), spec), load_knowledge())


def test_late_referrals_may_not_reach_the_gate() -> None:
    referral = next(s.then for s in all_rules() if isinstance(s.then, Refer))
    spec = attrs.evolve(
        rule("late", Suspected(), then=Refer(referral.referral, TriageLevel.SAME_DAY)),
        module="test",
    )
    with pytest.raises(KnowledgeError, match="below 'same_day'"):
        Rulebook((*all_rules(), spec), load_knowledge())


def test_evidence_weights_must_be_in_range() -> None:
    spec = attrs.evolve(
        rule("heavy", Present("fever"), then=Evidence("piriformis", _a_sign(), 1.5)),
        module="test",
    )
    with pytest.raises(KnowledgeError, match="weight"):
        Rulebook((*all_rules(), spec), load_knowledge())


def test_a_rule_must_name_items_of_the_right_category() -> None:
    spec = attrs.evolve(
        rule("wrong", Advised(kind="stretch"), then=Advise("aorta_pulse")), module="test"
    )
    with pytest.raises(KnowledgeError, match=r"defines it as a caution"):
        Rulebook((*all_rules(), spec), load_knowledge())


def test_knowledge_files_hold_no_python_but_their_package_marker() -> None:
    from trigger_rules.knowledge_base import default_root

    root = Path(str(default_root()))
    python = sorted(p.name for p in root.rglob("*.py"))
    assert set(python) == {"__init__.py"}


def _a_sign() -> str:
    knowledge = load_knowledge()
    return next(i.id for i in knowledge.items.values() if i.category == "sign")
