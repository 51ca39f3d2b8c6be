"""App-side extensions: an app's own facts, knowledge items and rules next to the packaged
ones, without forking the library.

An app keeps its knowledge in TOML (one file, or a folder of files) in the same shapes as
the packaged knowledge base, all tables optional::

    [[source]]      # sources the app's items cite (the packaged ones may be cited too)
    [[fact]]        # new fact codes, with their question, kind and group
    [[item]]        # advice, cautions, notes, red flags, referrals, signs
    [[muscle]]      # new muscles (each needs an Evidence rule)

and its rules as :class:`RuleSpec` values written with :func:`rule` and the conditions and
conclusions re-exported here (``Present``, ``Evidence``, ``Advise``, ...)::

    consultant = Consultant.extended(rules=my_app.rules, knowledge="my_app/knowledge")

The merged rulebook is checked exactly like the packaged one (dangling ids, unused items
and facts, missing sources, muscles without evidence) and errors about the app's data name
the app's file. Ids must not clash with packaged ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs

from .errors import KnowledgeError
from .knowledge_base import (
    FactSpec,
    Item,
    Knowledge,
    Muscle,
    Source,
    _check_follow_ups,
    _check_sources,
    _read,
    load_knowledge,
)
from .rulebook import (
    Advise,
    Advised,
    AtLeast,
    Below,
    Evidence,
    Flagged,
    Inform,
    ManySuspects,
    NotPresent,
    OneOf,
    Present,
    RaiseRedFlag,
    Refer,
    Rulebook,
    RuleSpec,
    SideIs,
    Suspected,
    Warn,
    rule,
)
from .rules import all_rules
from .triage import TriageLevel

__all__ = [
    "Advise",
    "Advised",
    "AtLeast",
    "Below",
    "Evidence",
    "Flagged",
    "Inform",
    "ManySuspects",
    "NotPresent",
    "OneOf",
    "Present",
    "RaiseRedFlag",
    "Refer",
    "RuleSpec",
    "SideIs",
    "Suspected",
    "TriageLevel",
    "Warn",
    "extended_rulebook",
    "load_extension_knowledge",
    "rule",
]


@attrs.frozen
class _ExtensionFile:
    source: tuple[Source, ...] = ()
    fact: tuple[FactSpec, ...] = ()
    item: tuple[Item, ...] = ()
    muscle: tuple[Muscle, ...] = ()


def _files(path: Path) -> Iterator[Path]:
    if path.is_file():
        yield path
    elif path.is_dir():
        found = sorted(p for p in path.rglob("*.toml") if not p.name.startswith(("_", ".")))
        if not found:
            raise KnowledgeError(f"{path}: no .toml knowledge files in this folder")
        yield from found
    else:
        raise KnowledgeError(f"{path}: no such knowledge file or folder")


def load_extension_knowledge(path: str | Path, base: Knowledge | None = None) -> Knowledge:
    """*base* (default: the packaged knowledge) with the app's knowledge at *path* added.

    Raises :class:`KnowledgeError` naming the app's file and field for a typo, a wrong
    type, an id that is already defined, or a source that neither defines.
    """
    base = load_knowledge() if base is None else base
    sources = dict(base.sources)
    facts = dict(base.facts)
    items = dict(base.items)
    muscles = dict(base.muscles)
    origins = dict(base.origins)
    read = [(str(file), _read(file, str(file), _ExtensionFile)) for file in _files(Path(path))]
    defined_in: dict[tuple[str, str], str] = {}  # (kind, id) -> the app file defining it

    def clash(label: str, where: str, kind: str, key: str, known: Mapping[str, Any]) -> None:
        if key in known:
            first = defined_in.get((kind, key), "the packaged knowledge base")
            raise KnowledgeError(f"{label}: {where}: {kind} {key!r} is already defined in {first}")
        defined_in[kind, key] = label

    for label, content in read:  # sources first: any app file may cite any app source
        for index, source in enumerate(content.source):
            clash(label, f"source[{index}].id", "source", source.id, sources)
            sources[source.id] = source
    fact_labels = []
    for label, content in read:
        for index, fact in enumerate(content.fact):
            clash(label, f"fact[{index}].code", "fact", fact.code, facts)
            facts[fact.code] = fact
            fact_labels.append(label)
        for index, muscle in enumerate(content.muscle):
            clash(label, f"muscle[{index}].id", "muscle", muscle.id, muscles)
            _check_sources(muscle.sources, sources, f"{label}: muscle[{index}].sources")
            muscles[muscle.id] = muscle
            origins[muscle.id] = label
        for index, item in enumerate(content.item):
            clash(label, f"item[{index}].id", "item", item.id, items)
            _check_sources(item.sources, sources, f"{label}: item[{index}].sources")
            items[item.id] = item
            origins[item.id] = label
    if fact_labels:
        _check_follow_ups(facts, sorted(set(fact_labels)))
    return Knowledge(sources=sources, facts=facts, items=items, muscles=muscles, origins=origins)


def _specs(rules: Sequence[RuleSpec] | ModuleType, namespace: str | None) -> tuple[RuleSpec, ...]:
    if isinstance(rules, ModuleType):
        specs = getattr(rules, "RULES", None)
        if specs is None:
            raise KnowledgeError(f"{rules.__name__}: a rule module must list its rules in RULES")
        namespace = namespace or rules.__name__.rsplit(".", 1)[-1]
    else:
        specs = rules
    stamped = []
    for spec in specs:
        if not isinstance(spec, RuleSpec):
            raise KnowledgeError(f"rules: expected rules written with rule(...) (got {spec!r})")
        module = spec.module or namespace or "app"
        stamped.append(attrs.evolve(spec, module=module))
    return tuple(stamped)


def _check_app_facts_used(
    knowledge: Knowledge, base: Knowledge, specs: Iterable[RuleSpec], where: str
) -> None:
    """Name the app's knowledge for a fact no rule uses (the general check names none)."""
    used = {code for spec in specs for code in spec.codes}
    unused = sorted(set(knowledge.facts) - set(base.facts) - used)
    if unused:
        raise KnowledgeError(
            f"{where}: fact codes no rule uses: {', '.join(unused)}; "
            "add a rule that tests each, or remove it"
        )


def extended_rulebook(
    rules: Sequence[RuleSpec] | ModuleType = (),
    knowledge: str | Path | None = None,
    *,
    namespace: str | None = None,
    base: Rulebook | None = None,
) -> Rulebook:
    """The packaged rulebook (or *base*) plus the app's *rules* and *knowledge*.

    *rules* is a sequence of specs written with :func:`rule`, or a module listing them in
    ``RULES``. A rule's id is ``"<namespace>.<name>"``; the namespace defaults to the
    module's last name, else ``"app"``.
    """
    base_specs = all_rules() if base is None else base.specs
    base_knowledge = load_knowledge() if base is None else base.knowledge
    merged = (
        base_knowledge
        if knowledge is None
        else load_extension_knowledge(knowledge, base=base_knowledge)
    )
    app_specs = _specs(rules, namespace)
    _check_app_facts_used(merged, base_knowledge, app_specs, str(knowledge))
    return Rulebook(specs=(*base_specs, *app_specs), knowledge=merged)
