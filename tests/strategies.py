"""Hypothesis strategies shared by the property tests: arbitrary valid cases."""

from __future__ import annotations

from hypothesis import strategies as st

from trigger_rules import Case
from trigger_rules.engine import default_consultant
from trigger_rules.knowledge_base import SIDES

_FACTS = default_consultant().knowledge.facts
YES_NO_CODES = tuple(sorted(code for code, spec in _FACTS.items() if spec.is_yes_no))
VALUED = {code: spec.type for code, spec in _FACTS.items() if not spec.is_yes_no}

states = st.sampled_from(("present", "absent", "unknown"))


def _value(kind: str) -> st.SearchStrategy[int | str]:
    if kind == "age_years":
        return st.integers(0, 120)
    if kind == "duration_days":
        return st.integers(0, 36500)
    return st.sampled_from(SIDES)


@st.composite
def cases(draw: st.DrawFn, codes: tuple[str, ...] = YES_NO_CODES) -> Case:
    """Any subset of facts, each present, absent or unknown; any valid values."""
    chosen = draw(st.dictionaries(st.sampled_from(codes), states, max_size=len(codes)))
    values = {}
    for code, kind in sorted(VALUED.items()):
        value = draw(st.none() | _value(kind))
        if value is not None:
            values[code] = value
    return Case(
        present={c for c, s in chosen.items() if s == "present"},
        absent={c for c, s in chosen.items() if s == "absent"},
        values=values,
    )


def unknown_codes() -> st.SearchStrategy[str]:
    """Strings that are not fact codes."""
    return st.text(min_size=1, max_size=30).filter(lambda s: s not in _FACTS)
