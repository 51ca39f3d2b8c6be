"""The fast experta engine gives the same reports and firings as plain experta.

``trigger_rules._rete`` drives experta's network differently (changed nodes only, cheaper
reset, per-class dispatch). The reference here is experta's own ``KnowledgeEngine`` over
the very same rule methods: every example case and arbitrary cases must give
byte-identical JSON and the same rules fired the same number of times. Firing order among
equal salience may differ (experta orders those by hashes), so it is not compared.
"""

from __future__ import annotations

import copy
import threading
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

from trigger_rules import Case, Consultant
from trigger_rules._experta import NOT, Fact, KnowledgeEngine, Rule
from trigger_rules._rete import FastKnowledgeEngine
from trigger_rules.cases import load_cases
from trigger_rules.engine import default_consultant
from trigger_rules.rulebook import Rulebook, TriggerRulesEngine

from .strategies import cases

CASES = Path(__file__).resolve().parent.parent / "examples" / "cases"


def _plain_consultant(rulebook: Rulebook) -> Consultant:
    """A consultant whose engine is experta's KnowledgeEngine with the same rules."""
    rules = {
        name: member
        for name, member in vars(rulebook.engine_class).items()
        if isinstance(member, Rule)
    }

    def __init__(self: Any) -> None:
        KnowledgeEngine.__init__(self)
        self.fired = []
        self.concluded = []

    plain = type("PlainExpertaEngine", (KnowledgeEngine,), {**rules, "__init__": __init__})
    reference = copy.copy(rulebook)
    object.__setattr__(reference, "engine_class", plain)
    return Consultant(rulebook=reference)


FAST = Consultant(rulebook=default_consultant().rulebook)
PLAIN = _plain_consultant(FAST.rulebook)


def _same(case: Case) -> None:
    fast_report = FAST.consult(case).to_json()
    fast_fired = Counter(FAST.last_firing_order)
    plain_report = PLAIN.consult(case).to_json()
    plain_fired = Counter(PLAIN.last_firing_order)
    assert fast_fired == plain_fired
    assert fast_report == plain_report


def test_the_reference_really_is_plain_experta() -> None:
    fast, plain = FAST._engine._engine, PLAIN._engine._engine  # type: ignore[attr-defined]
    assert isinstance(fast, FastKnowledgeEngine)
    assert not isinstance(plain, FastKnowledgeEngine)
    assert type(plain).__mro__[1] is KnowledgeEngine
    assert issubclass(TriggerRulesEngine, FastKnowledgeEngine)


@pytest.mark.parametrize("example", load_cases([CASES]), ids=lambda e: e.name)
def test_every_example_case_gives_the_same_report_and_firings(example: Any) -> None:
    _same(example.case)


@settings(max_examples=400)
@given(cases())
def test_arbitrary_cases_give_the_same_report_and_firings(case: Case) -> None:
    _same(case)


def test_a_consultation_does_not_leak_into_the_next() -> None:
    crowded = load_cases([CASES])
    quiet = Case(absent={"saddle_numbness"})
    expected = PLAIN.consult(quiet).to_json()
    for example in crowded:
        FAST.consult(example.case)
        assert FAST.consult(quiet).to_json() == expected


# --- the engine on its own, outside the rule base ----------------------------------------


class Item(Fact):  # type: ignore[misc]
    pass


class Block(Fact):  # type: ignore[misc]
    pass


def _toy(base: type) -> Any:
    class Toy(base):  # type: ignore[misc,valid-type]
        def __init__(self) -> None:
            super().__init__()
            self.seen: list[tuple[str, Any]] = []

        @Rule(Item(name="a"), NOT(Block()))
        def unblocked(self) -> None:
            self.seen.append(("unblocked", None))

        @Rule(Item(name="a"), Item(name="b"), salience=5)
        def both(self) -> None:
            self.seen.append(("both", None))

    return Toy()


@pytest.mark.parametrize("base", [KnowledgeEngine, FastKnowledgeEngine])
def test_a_blocking_fact_withdraws_a_pending_activation(base: type) -> None:
    engine = _toy(base)
    engine.reset()
    engine.declare(Item(name="a"))
    assert len(engine.agenda.activations) == 1
    engine.declare(Block())  # NOT(Block()) no longer holds: the activation goes
    assert engine.agenda.activations == []
    engine.retract(next(f for f in engine.facts.values() if isinstance(f, Block)))
    engine.declare(Item(name="b"))
    engine.run()
    assert engine.seen == [("both", None), ("unblocked", None)]  # salience first


@pytest.mark.parametrize("base", [KnowledgeEngine, FastKnowledgeEngine])
def test_reset_forgets_everything(base: type) -> None:
    engine = _toy(base)
    engine.reset()
    engine.declare(Item(name="a"), Item(name="b"))
    engine.reset()
    engine.declare(Item(name="b"))
    engine.run()
    assert engine.seen == []


def test_engines_in_threads_keep_their_own_state() -> None:
    """Each engine holds its own conflict-set list and key cache; nothing is shared."""
    errors: list[str] = []
    reports = {
        name: FAST.consult(Case(present={name})).to_json()
        for name in ("cough_sneeze_pain", "saddle_numbness", "pain_worse_standing")
    }

    def work(code: str) -> None:
        own = Consultant(rulebook=FAST.rulebook)
        for _ in range(40):
            if own.consult(Case(present={code})).to_json() != reports[code]:
                errors.append(code)

    threads = [threading.Thread(target=work, args=(code,)) for code in reports for _ in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
