"""Load and check the knowledge base: sources, the fact catalogue and worded items.

The knowledge base is TOML data shipped inside the package as ``trigger_rules.knowledge``
(the top-level ``knowledge/`` folder of the repository). Rules refer to it by id; this
module only checks what the data can check alone (shape, unique ids, sources that exist).
The cross-check between rules and data lives in :mod:`trigger_rules.rulebook`.
"""

from __future__ import annotations

import importlib.resources
import re
import stat
import types
from collections.abc import Iterator, Mapping
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Final, TypeVar

import attrs
import cattrs

from ._toml import parse as parse_toml
from .errors import KnowledgeError, closest
from .vocabulary import FactKind, FactType, Group

__all__ = [
    "ADVICE_KINDS",
    "FACT_KINDS",
    "FACT_TYPES",
    "GROUPS",
    "ITEM_CATEGORIES",
    "SELF_CARE_KINDS",
    "VALUE_RANGES",
    "FactSpec",
    "Item",
    "Knowledge",
    "Muscle",
    "SelfCareScope",
    "Source",
    "load_knowledge",
]

ADVICE_KINDS: Final = ("self_treatment", "stretch", "strengthen", "prevention")
ITEM_CATEGORIES: Final = ("sign", "advice", "caution", "red_flag", "referral", "note")
FACT_KINDS: Final = ("symptom", "finding", "habit", "history")
#: Advice kinds that triage, a red flag or a referral can hold back; prevention never is.
SELF_CARE_KINDS: Final = ("self_treatment", "stretch", "strengthen")
#: yes_no facts have three states; the others carry a value when known. ``choice`` facts
#: list their allowed answers in ``choices``.
FACT_TYPES: Final = ("yes_no", "age_years", "duration_days", "side", "choice")
#: Whole-number facts and the inclusive range of values a case may give them.
VALUE_RANGES: Final = {"age_years": (0, 120), "duration_days": (0, 36500)}
SIDES: Final = ("left", "right", "both")
#: Where a question sits in an intake interview.
GROUPS: Final = (
    "red_flags",
    "where_it_hurts",
    "what_changes_it",
    "self_treatment_findings",
    "habits",
    "history",
    "about_the_person",
)
SOURCE_KINDS: Final = ("article", "guideline")
AREAS: Final = ("low_back", "buttocks", "abdomen", "lower_leg", "pelvis")

_SNAKE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
_SOURCE_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


def _snake_case(_: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not _SNAKE.match(value):
        raise ValueError(f"'{attribute.name}' must be lower snake case (got {value!r})")


def _one_of(*choices: str) -> Any:
    def check(_: object, attribute: attrs.Attribute[str], value: str | None) -> None:
        if value is not None and value not in choices:
            raise ValueError(f"'{attribute.name}' must be one of {choices} (got {value!r})")

    return check


def _member_of(enum_type: type[Any], value: Any) -> Any:
    """A valid value as its StrEnum member; others are left for the validator to name."""
    return enum_type(value) if value in enum_type._value2member_map_ else value


def _fact_kind(value: Any) -> Any:
    return _member_of(FactKind, value)


def _group(value: Any) -> Any:
    return _member_of(Group, value)


def _fact_type(value: Any) -> Any:
    return _member_of(FactType, value)


def _not_blank(_: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not value.strip():
        raise ValueError(f"'{attribute.name}' must not be blank (got {value!r})")


def _cites_something(_: object, attribute: attrs.Attribute[tuple[str, ...]], value: Any) -> None:
    if not value:
        raise ValueError(f"'{attribute.name}' must cite at least one source id (got none)")


@attrs.frozen
class Source:
    """A work the knowledge comes from: one of the articles, or a published guideline."""

    id: str = attrs.field(validator=attrs.validators.matches_re(_SOURCE_ID))
    title: str = attrs.field(validator=_not_blank)
    publisher: str = attrs.field(validator=_not_blank)
    kind: str = attrs.field(validator=_one_of(*SOURCE_KINDS))
    year: int | None = None
    address: str = ""
    note: str = ""


def _read_only(mapping: Mapping[str, tuple[str, ...]]) -> Mapping[str, tuple[str, ...]]:
    return types.MappingProxyType(dict(mapping))


@attrs.frozen
class FactSpec:
    """One entry of the fact catalogue: a code and the question a person can answer.

    ``follow_up_of`` names a yes/no fact: this question is only worth asking once that one
    was answered yes. ``choices`` lists the allowed answers of a ``choice`` fact.
    ``applies_if`` maps choice facts to the answers for which this question can apply to
    the person (``{ sex = ["female", "other"] }``): once one of those facts is known with
    another answer, the interview does not ask it and the report does not list it as
    unscreened. The rules never read it: an answer given anyway always counts.
    """

    code: str = attrs.field(validator=_snake_case)
    question: str = attrs.field(validator=_not_blank)
    # Values are the StrEnum members of trigger_rules.vocabulary (equal to their strings).
    kind: str = attrs.field(converter=_fact_kind, validator=_one_of(*FACT_KINDS))
    group: str = attrs.field(converter=_group, validator=_one_of(*GROUPS))
    type: str = attrs.field(default="yes_no", converter=_fact_type, validator=_one_of(*FACT_TYPES))
    choices: tuple[str, ...] = ()
    help: str = ""
    follow_up_of: str = ""
    # Read-only, and left out of the hash so that a FactSpec stays hashable.
    applies_if: Mapping[str, tuple[str, ...]] = attrs.field(
        factory=dict, converter=_read_only, hash=False
    )

    def applies_to(self, values: Mapping[str, object]) -> bool:
        """Whether this question can apply to a person with these known *values* (an
        unknown value leaves it applicable)."""
        return all(
            values.get(code) is None or values.get(code) in allowed
            for code, allowed in self.applies_if.items()
        )

    def __attrs_post_init__(self) -> None:
        if (self.type == "choice") != bool(self.choices):
            raise ValueError(
                f"'choices' must be given for choice facts and only for them "
                f"(got type {self.type!r}, choices {self.choices!r})"
            )
        if len(set(self.choices)) != len(self.choices):
            raise ValueError(f"'choices' must not repeat (got {self.choices!r})")
        for choice in self.choices:
            if not _SNAKE.match(choice):
                raise ValueError(f"'choices' must be lower snake case (got {choice!r})")

    @property
    def is_yes_no(self) -> bool:
        return self.type == "yes_no"

    @property
    def allowed_values(self) -> tuple[str, ...]:
        """The answers a side or choice fact accepts (empty for other types)."""
        if self.type == "side":
            return SIDES
        return self.choices


@attrs.frozen
class SelfCareScope:
    """Kinds of self-care advice over body areas: what an item holds back."""

    kinds: tuple[str, ...] = attrs.field(
        validator=attrs.validators.deep_iterable(_one_of(*SELF_CARE_KINDS))
    )
    areas: tuple[str, ...] = attrs.field(validator=attrs.validators.deep_iterable(_one_of(*AREAS)))

    def covers(self, kind: str, areas: tuple[str, ...]) -> bool:
        return kind in self.kinds and any(area in self.areas for area in areas)


@attrs.frozen
class Item:
    """A worded piece of knowledge that a rule can bring into a report.

    ``judgement`` is set where the item goes beyond its sources: it says what the library
    decided on its own and why, so that nothing unsupported passes as sourced.
    """

    id: str = attrs.field(validator=_snake_case)
    category: str = attrs.field(validator=_one_of(*ITEM_CATEGORIES))
    title: str = attrs.field(validator=_not_blank)
    text: str = attrs.field(validator=_not_blank)
    sources: tuple[str, ...] = attrs.field(validator=_cites_something)
    kind: str | None = attrs.field(default=None, validator=_one_of(*ADVICE_KINDS))
    judgement: str = ""
    #: Self-care advice: the body areas it works on, so that a red flag or referral can
    #: hold back, say, pressing the belly while leaving buttock work allowed.
    areas: tuple[str, ...] = attrs.field(
        default=(), validator=attrs.validators.deep_iterable(_one_of(*AREAS))
    )
    #: Red flags, referrals and cautions: the self-care they hold back while raised.
    holds_back: tuple[SelfCareScope, ...] = ()

    def __attrs_post_init__(self) -> None:
        if (self.category == "advice") != (self.kind is not None):
            raise ValueError(
                f"'kind' must be given for advice items and only for them "
                f"(got category {self.category!r}, kind {self.kind!r})"
            )
        if (self.kind in SELF_CARE_KINDS) != bool(self.areas):
            raise ValueError(
                f"'areas' must be given for self-care advice and only for it "
                f"(got kind {self.kind!r}, areas {self.areas!r})"
            )
        if self.holds_back and self.category not in ("red_flag", "referral", "caution"):
            raise ValueError(
                f"'holds_back' is for red flags, referrals and cautions only "
                f"(got category {self.category!r})"
            )


@attrs.frozen
class Muscle:
    """A muscle that can hold trigger points referring pain to the low back."""

    id: str = attrs.field(validator=_snake_case)
    name: str = attrs.field(validator=_not_blank)
    area: str = attrs.field(validator=_one_of(*AREAS))
    location: str = attrs.field(validator=_not_blank)
    sources: tuple[str, ...] = attrs.field(validator=_cites_something)


@attrs.frozen
class _SourcesFile:
    source: tuple[Source, ...]


@attrs.frozen
class _FactsFile:
    fact: tuple[FactSpec, ...]


@attrs.frozen
class _ItemsFile:
    item: tuple[Item, ...] = ()
    muscle: Muscle | None = None


@attrs.frozen
class Knowledge:
    """The whole knowledge base, keyed by id."""

    sources: Mapping[str, Source]
    facts: Mapping[str, FactSpec]
    items: Mapping[str, Item]
    muscles: Mapping[str, Muscle]
    #: Which file each item and muscle came from, for error messages.
    origins: Mapping[str, str] = attrs.field(factory=dict, eq=False, repr=False)

    def item(self, item_id: str) -> Item:
        return self.items[item_id]


def _converter() -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True)

    # cattrs would turn 7 into "7" and split "S0" into ("S", "0"); both hide typos.
    def strict_str(value: object, _: type) -> str:
        if not isinstance(value, str):
            raise TypeError(f"expected a string (got {value!r})")
        return value

    def strict_str_tuple(value: object, _: type) -> tuple[str, ...]:
        if not isinstance(value, list):
            raise TypeError(f"expected a list of strings (got {value!r})")
        return tuple(strict_str(v, str) for v in value)

    def strict_int(value: object, _: type) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"expected an integer (got {value!r})")
        return value

    converter.register_structure_hook(str, strict_str)
    converter.register_structure_hook_func(lambda t: t == tuple[str, ...], strict_str_tuple)
    converter.register_structure_hook(int, strict_int)
    return converter


_CONVERTER: Final = _converter()
_T = TypeVar("_T")


def _describe(exc: BaseException, type_: type | None) -> str:
    """cattrs' wording, except that our own validators' messages are kept whole."""
    if isinstance(exc, ValueError) and not isinstance(exc, cattrs.BaseValidationError):
        return str(exc)
    return cattrs.v.format_exception(exc, type_)


def _where_first(problem: str) -> str:
    """'what @ file.field' (cattrs' order) as 'file.field: what'."""
    what, _, where = problem.rpartition(" @ ")
    return f"{where}: {what}" if what else problem


def _read(resource: Traversable, label: str, shape: type[_T]) -> _T:
    try:
        if isinstance(resource, Path) and not stat.S_ISREG(resource.stat().st_mode):
            # a FIFO would block the import of the knowledge base forever
            raise KnowledgeError(f"{label}: not a regular file")
        raw = resource.read_bytes()
    except OSError as exc:  # unreadable, a folder named *.toml, a dangling link
        raise KnowledgeError(f"{label}: cannot be read ({exc.strerror or exc})") from None
    data = parse_toml(raw, label, KnowledgeError, "knowledge")
    try:
        return _CONVERTER.structure(data, shape)
    except cattrs.BaseValidationError as exc:
        problems = cattrs.transform_error(exc, path=label, format_exception=_describe)
        raise KnowledgeError("; ".join(_where_first(p) for p in problems)) from None
    except RecursionError:
        raise KnowledgeError(f"{label}: nested too deeply to be knowledge") from None


def _toml_files(root: Traversable, prefix: str = "") -> Iterator[tuple[str, Traversable]]:
    try:
        entries = sorted(root.iterdir(), key=lambda e: e.name)
    except OSError as exc:
        where = prefix or f"{root}"
        raise KnowledgeError(f"{where}: cannot list the folder ({exc.strerror or exc})") from None
    for entry in entries:
        label = f"{prefix}{entry.name}"
        if entry.is_dir() and not entry.name.startswith(("_", ".")):
            yield from _toml_files(entry, f"{label}/")
        elif entry.name.endswith(".toml"):
            yield label, entry


def default_root() -> Traversable:
    return importlib.resources.files("trigger_rules.knowledge")


def load_knowledge(root: Traversable | str | Path | None = None) -> Knowledge:
    """Read every TOML file under *root* (default: the packaged knowledge base).

    Raises :class:`KnowledgeError` naming the file and the field path of the first
    inconsistency: an unknown key, a wrong type, a duplicate id, a source id that the
    sources file does not define.
    """
    if root is None:
        base: Traversable = default_root()
    elif isinstance(root, str | Path):
        base = Path(root)
    else:
        base = root
    files = dict(_toml_files(base))
    if "sources.toml" not in files:
        raise KnowledgeError(f"sources.toml: missing from the knowledge base at {base}")
    sources = _index(
        _read(files.pop("sources.toml"), "sources.toml", _SourcesFile).source,
        "id",
        "sources.toml",
        "source",
    )
    fact_files = [label for label in files if label.startswith("facts/")]
    if not fact_files:
        raise KnowledgeError(f"facts/: no fact catalogue in the knowledge base at {base}")
    facts: dict[str, FactSpec] = {}
    for label in fact_files:
        for position, fact in enumerate(_read(files.pop(label), label, _FactsFile).fact):
            if fact.code in facts:
                raise KnowledgeError(f"{label}: fact[{position}].code: duplicate {fact.code!r}")
            facts[fact.code] = fact
    _check_follow_ups(facts, fact_files)
    _check_applies_if(facts)

    items: dict[str, Item] = {}
    muscles: dict[str, Muscle] = {}
    origins: dict[str, str] = {}
    for label, resource in files.items():
        content = _read(resource, label, _ItemsFile)
        if content.muscle is not None:
            muscle = content.muscle
            expected_label = f"muscles/{muscle.id}.toml"
            if label != expected_label:
                raise KnowledgeError(
                    f"{label}: muscle.id {muscle.id!r} must live in {expected_label}"
                )
            _check_sources(muscle.sources, sources, f"{label}: muscle.sources")
            muscles[muscle.id] = muscle
            origins[muscle.id] = label
        for index, item in enumerate(content.item):
            where = f"{label}: item[{index}]"
            if item.id in items:
                raise KnowledgeError(
                    f"{where}.id: {item.id!r} is already defined in {origins[item.id]}"
                )
            _check_sources(item.sources, sources, f"{where}.sources")
            items[item.id] = item
            origins[item.id] = label
    return Knowledge(sources=sources, facts=facts, items=items, muscles=muscles, origins=origins)


def _index(entries: tuple[Any, ...], key: str, label: str, table: str) -> dict[str, Any]:
    indexed: dict[str, Any] = {}
    for position, entry in enumerate(entries):
        value = getattr(entry, key)
        if value in indexed:
            raise KnowledgeError(f"{label}: {table}[{position}].{key}: duplicate {value!r}")
        indexed[value] = entry
    return indexed


def _check_sources(cited: tuple[str, ...], sources: Mapping[str, Source], where: str) -> None:
    for source_id in cited:
        if source_id not in sources:
            near = closest(source_id, sources)
            hint = f"; did you mean {', '.join(map(repr, near))}?" if near else ""
            raise KnowledgeError(
                f"{where}: source {source_id!r} is not defined in sources.toml{hint}"
            )


def _check_follow_ups(facts: Mapping[str, FactSpec], labels: list[str]) -> None:
    where = ", ".join(sorted(labels))
    for code, fact in sorted(facts.items()):
        parent_code = fact.follow_up_of
        if not parent_code:
            continue
        parent = facts.get(parent_code)
        if parent is None:
            near = closest(parent_code, facts)
            hint = f"; did you mean {', '.join(map(repr, near))}?" if near else ""
            raise KnowledgeError(
                f"facts/ ({where}): {code!r}.follow_up_of names unknown fact {parent_code!r}{hint}"
            )
        if not parent.is_yes_no:
            raise KnowledgeError(
                f"facts/: {code!r}.follow_up_of must name a yes/no fact "
                f"({parent_code!r} is {parent.type!r})"
            )
        seen = {code}
        while parent_code:
            if parent_code in seen:
                raise KnowledgeError(f"facts/: follow_up_of forms a loop through {code!r}")
            seen.add(parent_code)
            parent_code = facts[parent_code].follow_up_of


def _check_applies_if(facts: Mapping[str, FactSpec]) -> None:
    for code, fact in sorted(facts.items()):
        for other, allowed in sorted(fact.applies_if.items()):
            spec = facts.get(other)
            if spec is None:
                near = closest(other, facts)
                hint = f"; did you mean {', '.join(map(repr, near))}?" if near else ""
                raise KnowledgeError(
                    f"facts/: {code!r}.applies_if names unknown fact {other!r}{hint}"
                )
            if spec.type != "choice" or other == code:
                raise KnowledgeError(
                    f"facts/: {code!r}.applies_if must name another choice fact "
                    f"({other!r} is {str(spec.type)!r})"
                )
            if not allowed:
                raise KnowledgeError(
                    f"facts/: {code!r}.applies_if.{other} must list at least one answer "
                    f"(one of {', '.join(spec.choices)})"
                )
            for value in allowed:
                if value not in spec.choices:
                    near = closest(value, spec.choices)
                    hint = f"; did you mean {', '.join(map(repr, near))}?" if near else ""
                    raise KnowledgeError(
                        f"facts/: {code!r}.applies_if.{other}: {value!r} is not an answer "
                        f"of {other!r} (one of {', '.join(spec.choices)}){hint}"
                    )
