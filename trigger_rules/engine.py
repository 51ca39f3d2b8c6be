"""Consulting the rules: from a :class:`Case` to a :class:`Report`.

A consultation has two phases on one set of conclusions:

1. the case is declared; red-flag, referral, evidence, finding and habit rules fire;
2. between the phases (:class:`trigger_rules.gate.BetweenPhases`, shared by every engine)
   triage is the highest urgency raised, evidence is ranked into suspects, and the
   self-care that triage or the raised items hold back is decided; then advice rules fire
   from the suspects, each self-care rule only where the gate is open, and caution rules
   from the advice.

The gate sits between the phases, so no firing order can let self-care advice through
under an emergency. An engine only concludes; :mod:`trigger_rules.assemble` words the
conclusions into the report, so both engines give identical reports.
"""

from __future__ import annotations

import collections
import functools
import threading
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any, Final, Protocol

from ._boundary import check_consultant_arguments
from .assemble import Assembler
from .case import Case, Value
from .compiled import CompiledEngine
from .conclusions import Conclusions, EvidenceConclusion, RaisedConclusion
from .errors import InvalidInputTypeError, TriggerRulesError, closest
from .extension import extended_rulebook
from .gate import BetweenPhases
from .interview import Question, next_questions
from .knowledge_base import Knowledge, load_knowledge
from .report import Report
from .rulebook import (
    CaseFacts,
    RaiseRedFlag,
    Rulebook,
    RuleSpec,
    SelfCareOpen,
    SuspectCountFact,
    SuspectFact,
    TriggerRulesEngine,
)
from .rules import all_rules
from .versioning import knowledge_version

__all__ = [
    "ENGINES",
    "Consultant",
    "ConsultantOptionError",
    "check_engine_name",
    "consult",
    "default_consultant",
    "packaged_rulebook",
]

#: The engines a :class:`Consultant` can run: ``experta`` (the default and the reference)
#: and ``compiled`` (the same rule specs evaluated directly, much faster).
ENGINES: Final = ("experta", "compiled")


class ConsultantOptionError(TriggerRulesError, ValueError):
    """An option of :class:`Consultant` (``engine``, ``cache_size``) or of
    :func:`~trigger_rules.consult_many` (``workers``, ``chunksize``) has a value it cannot
    take."""


class _Engine(Protocol):
    @property
    def fired(self) -> list[str]: ...

    def conclude(self, case: Case) -> Conclusions: ...


class ExpertaEngine:
    """Runs the rules on experta's RETE network: the reference engine."""

    def __init__(self, rulebook: Rulebook) -> None:
        self.rulebook = rulebook
        self._engine: TriggerRulesEngine = rulebook.new_engine()
        self._between = BetweenPhases(
            rulebook.knowledge,
            rulebook.thresholds,
            (s.then.flag for s in rulebook.specs if isinstance(s.then, RaiseRedFlag)),
        )

    @property
    def fired(self) -> list[str]:
        return self._engine.fired

    def conclude(self, case: Case) -> Conclusions:
        engine = self._engine
        rulebook = self.rulebook
        engine.reset()
        engine.fired = []
        engine.concluded = []
        codes = rulebook.codes
        # Only codes some rule reads enter the network.
        answers: dict[str, Any] = {c: True for c in case.present if c in codes}
        answers.update((c, False) for c in case.absent if c in codes)
        answers.update((c, v) for c, v in case.values if c in codes)
        engine.declare(CaseFacts(**answers))
        engine.run()

        phase_one = list(engine.concluded)
        gate = self._between(
            [c for c in phase_one if isinstance(c, RaisedConclusion)],
            [c for c in phase_one if isinstance(c, EvidenceConclusion)],
        )
        # Phase-2 facts go in with one declare.
        facts: list[Any] = [
            SuspectFact(muscle=s.muscle, area=s.area, facts=s.facts) for s in gate.suspects
        ]
        facts += [
            SuspectCountFact(min_certainty=c.min_certainty, count=c.count, facts=c.facts)
            for c in gate.counts
        ]
        open_ = gate.open & rulebook.gate_pairs
        facts += [SelfCareOpen(kind=kind, area=area) for kind, area in sorted(open_)]
        if facts:
            engine.declare(*facts)
        engine.run()
        return Conclusions.collect(engine.concluded, gate)


class Consultant:
    """A reusable, thread-safe consultation service over one knowledge base.

    The packaged knowledge and rules are loaded, checked and compiled once per process and
    shared by every consultant built without its own (see :func:`packaged_rulebook`); a
    consultant over other knowledge or rules builds its own rulebook (tens of
    milliseconds). Each :meth:`consult` then reuses the consultant's engine. Concurrent calls on
    one instance are serialised by a lock; for parallel work use one instance per thread,
    as :func:`consult` does.

    *engine* picks the evaluator: ``"experta"`` (default, the reference) or ``"compiled"``
    (same rules and identical reports, without experta). *cache_size* keeps the reports of
    that many recent cases (keyed by the validated case) and returns the same, immutable
    report object when a case comes again; 0 (the default) keeps none.
    """

    def __init__(
        self,
        knowledge: Knowledge | None = None,
        rules: Sequence[RuleSpec] | None = None,
        *,
        rulebook: Rulebook | None = None,
        engine: str = "experta",
        cache_size: int = 0,
    ) -> None:
        check_engine_name(engine)
        if isinstance(cache_size, bool) or not isinstance(cache_size, int) or cache_size < 0:
            raise ConsultantOptionError(
                f"cache_size must be a whole number, 0 or more (got {cache_size!r})"
            )
        check_consultant_arguments(knowledge, rules, rulebook)
        if rulebook is None and knowledge is None and rules is None:
            rulebook = packaged_rulebook()
        elif rulebook is None:
            rulebook = Rulebook(
                specs=tuple(all_rules() if rules is None else rules),
                knowledge=load_knowledge() if knowledge is None else knowledge,
            )
        self.rulebook = rulebook
        self.knowledge = rulebook.knowledge
        self.engine = engine
        self._engine: _Engine = (
            ExpertaEngine(rulebook) if engine == "experta" else CompiledEngine(rulebook)
        )
        self._assembler = Assembler(
            rulebook.knowledge, rulebook.specs, knowledge_version=knowledge_version(rulebook)
        )
        self._lock = threading.Lock()
        self._cache_size = cache_size
        self._cache: collections.OrderedDict[Case, Report] = collections.OrderedDict()
        self._twin: Consultant | None = self if engine == "compiled" else None

    @classmethod
    def extended(
        cls,
        *,
        rules: Sequence[RuleSpec] | ModuleType = (),
        knowledge: str | Path | None = None,
        namespace: str | None = None,
        engine: str = "experta",
        cache_size: int = 0,
    ) -> Consultant:
        """A consultant over the packaged rules and knowledge plus an app's own; see
        :mod:`trigger_rules.extension`."""
        rulebook = extended_rulebook(rules, knowledge, namespace=namespace)
        return cls(rulebook=rulebook, engine=engine, cache_size=cache_size)

    @property
    def last_firing_order(self) -> tuple[str, ...]:
        """Rule ids in the order they fired in the latest consultation (for tracing)."""
        return tuple(self._engine.fired)

    def conclude(self, case: Case | Mapping[str, bool | Value | None]) -> Conclusions:
        """What the rules conclude for *case*, before wording (see :mod:`.conclusions`)."""
        case = self._validated(case)
        with self._lock:
            return self._engine.conclude(case)

    def consult(self, case: Case | Mapping[str, bool | Value | None]) -> Report:
        """Run every rule on *case* and return the report."""
        case = self._validated(case)
        with self._lock:
            if self._cache_size:
                cached = self._cache.get(case)
                if cached is not None:
                    self._cache.move_to_end(case)
                    return cached
            conclusions = self._engine.conclude(case)
            report = self._assembler.assemble(case, conclusions)
            if self._cache_size:
                self._cache[case] = report
                if len(self._cache) > self._cache_size:
                    self._cache.popitem(last=False)
        return report

    def next_questions(
        self,
        case: Case | Mapping[str, bool | Value | None] | None = None,
        *,
        dont_know: Iterable[str] = (),
        limit: int | None = 10,
        expanded: Iterable[str] = (),
    ) -> tuple[Question, ...]:
        """The questions worth asking next; see :func:`trigger_rules.next_questions`."""
        return next_questions(
            case, dont_know=dont_know, limit=limit, expanded=expanded, consultant=self
        )

    def compiled_twin(self) -> Consultant:
        """A compiled-engine consultant over this one's rulebook, for look-ahead work.

        Its reports are identical to this consultant's (both engines are checked against
        each other), so the interview can run many evaluations at the compiled speed.
        """
        if self._twin is None:
            self._twin = Consultant(rulebook=self.rulebook, engine="compiled")
        return self._twin

    def _validated(self, case: Case | Mapping[str, bool | Value | None]) -> Case:
        if not isinstance(case, Case):
            case = Case.from_answers(case)
        return case.validated(self.knowledge.facts)


_LOCAL = threading.local()
_SHARED_LOCK = threading.Lock()


@functools.cache
def _packaged_rulebook() -> Rulebook:
    return Rulebook(specs=all_rules(), knowledge=load_knowledge())


def packaged_rulebook() -> Rulebook:
    """The packaged rules over the packaged knowledge, loaded and checked once per process
    and shared by every consultant built without knowledge or rules of its own: read it,
    never change it (a change would reach every such consultant)."""
    with _SHARED_LOCK:  # built once, even when threads race
        return _packaged_rulebook()


def check_engine_name(engine: object) -> None:
    """Refuse an engine name :class:`Consultant` does not know, naming the nearest."""
    if engine not in ENGINES:
        near = closest(str(engine), ENGINES)
        hint = f"; did you mean {near[0]!r}?" if near else ""
        raise ConsultantOptionError(
            f"engine must be one of {', '.join(map(repr, ENGINES))} (got {engine!r}){hint}"
        )


def default_consultant() -> Consultant:
    """This thread's consultant over the packaged knowledge base.

    The knowledge base is loaded and the rules compiled once per process; each thread gets
    its own engine so that threads never share a fact base.
    """
    consultant: Consultant | None = getattr(_LOCAL, "consultant", None)
    if consultant is None:
        consultant = Consultant()  # over the packaged rulebook, shared by the process
        _LOCAL.consultant = consultant
    return consultant


def consult(
    case: Case | Mapping[str, bool | Value | None] | None = None,
    /,
    *,
    present: Iterable[str] = (),
    absent: Iterable[str] = (),
    **values: Value,
) -> Report:
    """Consult the packaged knowledge base.

    Give either a :class:`Case` (or a mapping of answers, see :meth:`Case.from_answers`),
    or the facts as keywords::

        consult(present=["cough_sneeze_pain"], absent=["fever"], age=42)
    """
    if case is not None:
        if present or absent or values:
            raise InvalidInputTypeError(
                "consult()", "given either a case or present/absent/values keywords", case
            )
    else:
        case = Case(present=present, absent=absent, values=values)
    return default_consultant().consult(case)
