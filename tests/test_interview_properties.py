"""Properties of the interview (issue 11, item 6).

Each example walks a whole interview (a few milliseconds per question), so these run a
fixed, small number of examples whatever the profile.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trigger_rules import Case, Interview, TriageLevel, next_questions
from trigger_rules.engine import default_consultant
from trigger_rules.interview import Question
from trigger_rules.rulebook import NotPresent, Present, RaiseRedFlag, Refer

from .strategies import chief_complaints, interview_reply

CONSULTANT = default_consultant()
FACTS = CONSULTANT.knowledge.facts
SPECS = CONSULTANT.rulebook.specs
WALK = settings(max_examples=12, deadline=None)


def _next(state: Interview) -> Question | None:
    questions = next_questions(
        state.case,
        dont_know=state.dont_know,
        expanded=state.expanded,
        limit=1,
        consultant=CONSULTANT,
    )
    return questions[0] if questions else None


def _start(present: frozenset[str]) -> Interview:
    return Interview(case=Case(present=present))


def _open_emergency_rules(state: Interview) -> list[str]:
    """Emergency rules that some unasked question could still complete."""
    case, unsure = state.case, state.dont_know
    known = case.present | case.absent | {c for c, _ in case.values}
    open_rules = []
    for spec in SPECS:
        then = spec.then
        if not isinstance(then, RaiseRedFlag | Refer) or spec.derived_conditions:
            continue
        if then.urgency is not TriageLevel.EMERGENCY:
            continue
        undecided = False
        failed = False
        for condition in spec.case_conditions:
            code = condition.code
            if code not in known and code not in unsure:
                undecided = True
            elif isinstance(condition, NotPresent):
                failed = failed or code in case.present
            elif isinstance(condition, Present):
                failed = failed or code not in case.present
            else:
                failed = failed or condition.status(case).value != "met"
        if undecided and not failed:
            open_rules.append(spec.id)
    return open_rules


@WALK
@given(chief_complaints())
def test_answering_no_to_everything_reaches_a_stop(present: frozenset[str]) -> None:
    state = _start(present)
    steps = 0
    while (question := _next(state)) is not None:
        steps += 1
        assert steps <= len(FACTS), "more questions than there are facts"
        state = state.answer(question, False if question.type in ("yes_no", "any_of") else None)
    assert not _open_emergency_rules(state)


@WALK
@given(chief_complaints(), st.data())
def test_never_stops_while_an_emergency_question_is_open(
    present: frozenset[str], data: st.DataObject
) -> None:
    state = _start(present)
    # Each question settles a fact or halves a group answered yes.
    for _ in range(len(FACTS) * (math.ceil(math.log2(len(FACTS))) + 2)):
        question = _next(state)
        if question is None:
            break
        kind = FACTS[question.code].type if not question.is_group else ""
        reply = data.draw(interview_reply(question.type, question.allowed, kind))
        state = state.answer(question, reply)
    else:
        pytest.fail("the interview did not end")
    assert not _open_emergency_rules(state)


RED_FLAGS = sorted({s.then.flag for s in SPECS if isinstance(s.then, RaiseRedFlag)})


@pytest.mark.parametrize("flag", RED_FLAGS)
def test_yes_to_a_red_flags_first_question_raises_it_or_asks_its_questions(flag: str) -> None:
    state = Interview()
    while (question := _next(state)) is not None and flag not in question.findings:
        state = state.answer(question, False if question.type in ("yes_no", "any_of") else None)
    assert question is not None, f"no question ever screens for {flag}"
    if question.type in ("yes_no", "any_of"):
        after = state.answer(question, True)
    else:  # a value: the one most likely to complete the flag's rules
        after = state.answer(question, max(FACTS[question.code].allowed_values or (120,)))
    report = CONSULTANT.consult(after.case)
    if flag in {f.id for f in report.red_flags}:
        return
    following = _next(after)
    assert following is not None
    if question.is_group:
        assert set(following.codes) <= set(question.codes)
    else:
        assert flag in following.findings


@WALK
@given(chief_complaints(), st.randoms(use_true_random=False))
def test_order_does_not_depend_on_answer_order(present: frozenset[str], rng: object) -> None:
    answers: list[tuple[str, bool | None]] = [(code, True) for code in sorted(present)]
    answers += [("fever", False), ("saddle_numbness", None), ("smoker", True)]
    answers = [(c, r) for c, r in answers if not (c in present and r is not True)]
    shuffled = list(answers)
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    first, second = Interview(), Interview()
    for code, reply in answers:
        first = first.answer(code, reply)
    for code, reply in shuffled:
        second = second.answer(code, reply)
    assert first == second
    assert next_questions(
        first.case, dont_know=first.dont_know, limit=None, consultant=CONSULTANT
    ) == next_questions(second.case, dont_know=second.dont_know, limit=None, consultant=CONSULTANT)
