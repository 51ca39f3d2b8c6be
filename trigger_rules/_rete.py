"""A faster experta engine: the same RETE network and matches, less work per change.

experta 1.9.4 builds a sound RETE network but drives it wastefully, and on this rule base
the driving costs more than the matching:

* after every ``declare()`` and every firing, ``ReteMatcher.changes`` asks each of the
  rules' conflict-set nodes for new activations (184 rules, about 34 times per
  consultation), although only a handful of nodes received a token;
* ``reset()`` walks the whole network recursively (shared nodes once per parent) and finds
  the ``DefFacts`` with ``inspect.getmembers`` on every call;
* every fact goes to the type test of every fact class, and every node copies the token it
  receives and logs each test through experta's watchers;
* the conflict-set node list is cached by an ``lru_cache(maxsize=1)`` on the method, one
  entry per process, so engines in several threads evict each other's entry; the depth
  strategy's key cache is also one per process.

:class:`FastKnowledgeEngine` keeps experta's network, built by experta from the same rules,
and replaces how it is driven. After the network is built, each node is given a subclass
that does the same test or join without the copies and logging (nodes of kinds not known
here are left as they are, and still work, because they copy what they receive); a
conflict-set node that receives a token puts itself on its engine's list of changed nodes,
so collecting activations costs what changed, not the number of rules; nodes that stored
something put themselves on the list of nodes to wipe at the next ``reset()``; the root
sends a fact only to the branch for its own class. Every list and cache lives on the engine.

What a rule sees is unchanged: the same facts match the same patterns with the same
bindings, and activations are ordered by the same key (salience, then the most recent
facts), so a rule base that does not depend on the order among equal keys behaves the
same. experta itself leaves that order to hashes that differ between processes.
The engine does not emit experta's per-test ``MATCH`` and ``MATCHER`` watcher records;
``RULES``, ``AGENDA``, ``ACTIVATIONS`` and ``FACTS`` still log as in experta.
"""

from __future__ import annotations

import bisect
import inspect
import logging
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final

from ._experta import (
    Activation,
    Agenda,
    BusNode,
    ConflictSetNode,
    DefFacts,
    FactCapture,
    FactList,
    FeatureCheck,
    FeatureTesterNode,
    KnowledgeEngine,
    L,
    NotNode,
    OrdinaryMatchNode,
    P,
    ReteMatcher,
    Strategy,
    Token,
    TokenInfo,
    TypeCheck,
    watchers,
)

__all__ = ["FastKnowledgeEngine", "FastReteMatcher", "FastStrategy"]

_VALID: Final = Token.TagType.VALID
_INVALID: Final = Token.TagType.INVALID
_new_tuple = tuple.__new__


def _token(tag: Any, data: Any, context: dict[Any, Any]) -> Any:
    """A Token without ``Token.__new__``'s per-fact type checks: nodes here only build
    tokens from facts and tokens the network already accepted."""
    return _new_tuple(Token, (tag, data, context))


def _activation_key(activation: Any) -> Any:
    return activation.key


def _remove_entry(entries: list[tuple[Any, Any]], data: Any, context: Any) -> bool:
    """Remove the first stored (data, context) equal to the given one, as experta's
    ``list.remove(token.to_info())`` does."""
    for index, (stored_data, stored_context) in enumerate(entries):
        if stored_data == data and stored_context == context:
            del entries[index]
            return True
    return False


class _Tracked:
    """Bookkeeping shared by the nodes with memory: wipe only what was written."""

    _touched: bool
    _touched_nodes: list[Any]

    def _touch(self) -> None:
        if not self._touched:
            self._touched = True
            self._touched_nodes.append(self)


# --- nodes -------------------------------------------------------------------------------


def _fast_test(check: Any) -> Callable[[Any], Any]:
    """The check of an alpha node, without experta's per-call logging where it is one of
    the plain kinds (a literal or predicate on a top-level field, or a fact capture)."""
    if isinstance(check, FactCapture):
        bind = check.bind
        return lambda fact: {bind: fact}
    if isinstance(check, TypeCheck):
        fact_type = check.fact_type
        return lambda fact: type(fact) == fact_type  # noqa: E721 (experta's exact-type test)
    if isinstance(check, FeatureCheck):
        what, how = check.what, check.how
        plain_key = isinstance(what, str) and "__" not in what and not what.isnumeric()
        if plain_key and getattr(how, "__bind__", None) is None:
            if type(how) is L:
                expected = how.value

                def literal(fact: Any) -> bool:
                    try:
                        return bool(expected == fact[what])
                    except (IndexError, KeyError, TypeError):
                        return False

                return literal
            if type(how) is P:
                predicate = how.match

                def matches(fact: Any) -> bool:
                    try:
                        value = fact[what]
                    except (IndexError, KeyError, TypeError):
                        return False
                    return bool(predicate(value))

                return matches
    return check  # type: ignore[no-any-return]


def _plain_literal(check: Any) -> tuple[str, Any] | None:
    """(field, value) if *check* tests one top-level field for one hashable value."""
    if not isinstance(check, FeatureCheck) or type(check.how) is not L:
        return None
    what, how = check.what, check.how
    plain_key = isinstance(what, str) and "__" not in what and not what.isnumeric()
    if not plain_key or how.__bind__ is not None:
        return None
    try:
        hash(how.value)
    except TypeError:
        return None
    return what, how.value


class _Fanout:
    """Sends a one-fact token on to the children of an alpha node.

    Children that test one field for one literal value are found by looking the fact's
    fields up in an index, as CLIPS hashes its alpha memories, instead of running each
    test: the case fact meets about a hundred such tests, of which a few pass. A child
    found this way passed its test (``value == expected``), so its own children get the
    token directly. Other children are called in turn.
    """

    __slots__ = ("_index", "_rest")

    def __init__(self, children: Iterable[Any]) -> None:
        self._index: dict[str, dict[Any, list[Any]]] = {}
        rest: list[Callable[[Any], None]] = []
        for child in children:
            node = child.node
            literal = None
            if isinstance(node, _FastTester) and child.callback.__name__ == "activate":
                literal = _plain_literal(node.matcher)
            if literal is None:
                rest.append(child.callback)
            else:
                what, value = literal
                self._index.setdefault(what, {}).setdefault(value, []).append(node)
        self._rest = tuple(rest)

    def __call__(self, token: Any) -> None:
        index = self._index
        if index:
            fact = next(iter(token[1]))
            if type(fact).__fields__:
                # Declared fields may give a default for a missing key: read each field
                # the way experta's test does.
                for what, by_value in index.items():
                    try:
                        value = fact[what]
                    except (IndexError, KeyError, TypeError):
                        continue
                    self._passed(by_value, value, token)
            else:
                for what, value in fact.items():
                    tests = index.get(what)
                    if tests is not None:
                        self._passed(tests, value, token)
        for callback in self._rest:
            callback(token)

    @staticmethod
    def _passed(by_value: dict[Any, list[Any]], value: Any, token: Any) -> None:
        try:
            nodes = by_value.get(value, ())
        except TypeError:  # an unhashable value: compare it with each expected one
            nodes = [n for expected, ns in by_value.items() if expected == value for n in ns]
        for node in nodes:
            node._fanout(token)


class _FastBus(BusNode):  # type: ignore[misc]
    """The root: a fact goes only to the branch that tests for its own class."""

    _by_type: dict[type, _Fanout]
    _others: tuple[Callable[[Any], None], ...]

    def _accelerate(self) -> None:
        by_type: dict[type, list[Any]] = {}
        others: list[Callable[[Any], None]] = []
        for child in self.children:
            node = child.node
            if isinstance(node, FeatureTesterNode) and isinstance(node.matcher, TypeCheck):
                # The type test passes exactly the facts of its class and adds nothing to
                # the context, so its children can be called directly.
                by_type.setdefault(node.matcher.fact_type, []).extend(node.children)
            else:
                others.append(child.callback)
        self._by_type = {kind: _Fanout(children) for kind, children in by_type.items()}
        self._others = tuple(others)

    def _send(self, token: Any, fact: Any) -> None:
        fanout = self._by_type.get(type(fact))
        if fanout is not None:
            fanout(token)
        for callback in self._others:
            callback(token)

    def add(self, fact: Any) -> None:
        self._send(_token(_VALID, {fact}, {}), fact)

    def remove(self, fact: Any) -> None:
        self._send(_token(_INVALID, {fact}, {}), fact)


class _FastTester(FeatureTesterNode):  # type: ignore[misc]
    """An alpha test. Tokens are never changed in place, so none needs copying."""

    _test: Callable[[Any], Any]
    _fanout: _Fanout

    def _accelerate(self) -> None:
        self._test = _fast_test(self.matcher)

    def activate(self, token: Any) -> None:
        data = token[1]
        if len(data) != 1:
            raise ValueError("an alpha node received a token of several facts")
        match = self._test(next(iter(data)))
        if not match:
            return
        if match is not True and isinstance(match, Mapping):
            context = token[2]
            for key, value in match.items():
                if isinstance(key, tuple):  # a negated binding
                    if key[1] in context and context[key[1]] == value:
                        return
                else:
                    if context.get(key, value) != value:
                        return
                    if (False, key) in context and context[(False, key)] == value:
                        return
            token = _token(token[0], data, {**context, **match})
        self._fanout(token)


class _FastJoin(_Tracked, OrdinaryMatchNode):  # type: ignore[misc]
    """A join of two inputs; memories hold (facts, bindings) as received."""

    _callbacks: tuple[Callable[[Any], None], ...]
    left_memory: list[tuple[Any, Any]]
    right_memory: list[tuple[Any, Any]]

    def _reset(self) -> None:
        self.left_memory = []
        self.right_memory = []

    def activate_left(self, token: Any) -> None:
        self._join(token, self.left_memory, self.right_memory, is_left=True)

    def activate_right(self, token: Any) -> None:
        self._join(token, self.right_memory, self.left_memory, is_left=False)

    def _join(
        self,
        token: Any,
        own: list[tuple[Any, Any]],
        other: list[tuple[Any, Any]],
        *,
        is_left: bool,
    ) -> None:
        tag, data, context = token
        if tag is _VALID:
            own.append((data, context))
            self._touch()
        else:
            _remove_entry(own, data, context)
        matcher = self.matcher
        for other_data, other_context in other:
            left, right = (context, other_context) if is_left else (other_context, context)
            if not matcher(left, right):
                continue
            joined = {k: v for k, v in context.items() if isinstance(k, str)}
            for k, v in other_context.items():
                if not isinstance(k, tuple):  # negated bindings are not needed further on
                    joined[k] = v
            new = _token(tag, data | other_data, joined)
            for callback in self._callbacks:
                callback(new)


class _FastNot(_Tracked, NotNode):  # type: ignore[misc]
    """Passes a left token while no right token matches it, as experta's NotNode does."""

    _callbacks: tuple[Callable[[Any], None], ...]
    #: key of the left token -> [number of matching right tokens, facts, bindings]
    left_memory: dict[Any, list[Any]]
    right_memory: list[tuple[Any, Any]]

    def _reset(self) -> None:
        self.left_memory = {}
        self.right_memory = []

    def _emit(self, token: Any) -> None:
        for callback in self._callbacks:
            callback(token)

    def activate_left(self, token: Any) -> None:
        tag, data, context = token
        key = TokenInfo(data, context)
        matcher = self.matcher
        if not self.right_memory:
            if tag is _VALID:
                self.left_memory[key] = [0, data, context]
                self._touch()
            else:
                del self.left_memory[key]
            self._emit(token)
        elif tag is _VALID:
            count = sum(1 for _, right in self.right_memory if matcher(context, right))
            if count == 0:
                self._emit(token)
            self.left_memory[key] = [count, data, context]
            self._touch()
        else:
            if not any(matcher(context, right) for _, right in self.right_memory):
                self._emit(token)
            del self.left_memory[key]

    def activate_right(self, token: Any) -> None:
        tag, data, context = token
        if tag is _VALID:
            self.right_memory.append((data, context))
            self._touch()
            step = 1
        else:
            if not _remove_entry(self.right_memory, data, context):
                return
            step = -1
        matcher = self.matcher
        for entry in self.left_memory.values():
            if matcher(entry[2], context):
                entry[0] += step
                if step == -1 and entry[0] == 0:
                    self._emit(_token(_VALID, entry[1], entry[2]))
                elif step == 1 and entry[0] == 1:
                    self._emit(_token(_INVALID, entry[1], entry[2]))


class _FastConflictSet(_Tracked, ConflictSetNode):  # type: ignore[misc]
    """The end of a rule's network: turns tokens into pending (de)activations and puts
    itself on the engine's list of changed nodes."""

    _dirty: bool
    _dirty_nodes: list[Any]
    #: key of a matched token -> the activation handed to the agenda
    memory: dict[Any, Any]
    #: key -> (VALID, activation to add) or (INVALID, activation to remove)
    pending: dict[Any, tuple[Any, Any]]

    def _reset(self) -> None:
        self.memory = {}
        self.pending = {}
        self._dirty = False

    def _mark(self) -> None:
        self._touch()
        if not self._dirty:
            self._dirty = True
            self._dirty_nodes.append(self)

    def activate(self, token: Any) -> None:
        tag, data, context = token
        info = TokenInfo(data, context)
        if tag is _VALID:
            if info in self.memory:
                return
            waiting = self.pending.get(info)
            if waiting is not None and waiting[0] is _INVALID:
                # Removed and matched again before anyone looked: the agenda still holds
                # the first activation, so keep it and forget both changes.
                del self.pending[info]
                self.memory[info] = waiting[1]
                return
            rule = self.rule
            activation = Activation(
                rule, frozenset(data), {k: v for k, v in context.items() if isinstance(k, str)}
            )
            activation.key = (
                rule.salience,
                sorted((fact["__factid__"] for fact in data), reverse=True),
            )
            self.memory[info] = activation
            self.pending[info] = (_VALID, activation)
        else:
            activation = self.memory.pop(info, None)
            if activation is None:
                return
            waiting = self.pending.get(info)
            if waiting is not None and waiting[0] is _VALID:
                del self.pending[info]
            else:
                self.pending[info] = (_INVALID, activation)
        self._mark()

    def take_changes(self, added: list[Any], removed: list[Any]) -> None:
        for tag, activation in self.pending.values():
            (added if tag is _VALID else removed).append(activation)
        self.pending = {}
        self._dirty = False


_FAST_CLASSES: Final[Mapping[type, type]] = {
    BusNode: _FastBus,
    FeatureTesterNode: _FastTester,
    OrdinaryMatchNode: _FastJoin,
    NotNode: _FastNot,
    ConflictSetNode: _FastConflictSet,
}


# --- matcher, strategy, engine -----------------------------------------------------------


class FastReteMatcher(ReteMatcher):  # type: ignore[misc]
    """experta's RETE network, driven by changes instead of by polling every rule."""

    def __init__(self, engine: Any) -> None:
        super().__init__(engine)
        self._dirty_nodes: list[Any] = []
        self._touched_nodes: list[Any] = []
        self._accelerate()

    def _nodes(self) -> list[Any]:
        """Every node once, parents before children."""
        seen: set[int] = set()
        order: list[Any] = []
        stack = [self.root_node]
        while stack:
            node = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            order.append(node)
            stack.extend(child.node for child in reversed(node.children))
        return order

    def _accelerate(self) -> None:
        nodes = self._nodes()
        for node in nodes:
            fast = _FAST_CLASSES.get(type(node))
            if fast is None:
                continue
            # Same state, same network: only the methods that drive it change. Building
            # the network with these classes would mean copying experta's builder.
            node.__class__ = fast
            if isinstance(node, _Tracked):
                tracked: Any = node
                tracked._touched = False
                tracked._touched_nodes = self._touched_nodes
                tracked._reset()
            if isinstance(node, _FastConflictSet):
                node._dirty_nodes = self._dirty_nodes
            if isinstance(node, _FastTester):
                node._accelerate()
        for node in nodes:
            # Children were registered with bound methods of the old classes.
            node.children[:] = [
                type(child)(child.node, getattr(child.node, child.callback.__name__))
                for child in node.children
            ]
            if isinstance(node, _FastJoin | _FastNot):
                node._callbacks = tuple(child.callback for child in node.children)
            elif isinstance(node, _FastTester):
                node._fanout = _Fanout(node.children)
        if isinstance(self.root_node, _FastBus):
            self.root_node._accelerate()

    def _get_conflict_set_nodes(self) -> tuple[Any, ...]:
        # experta caches this with lru_cache(maxsize=1) on the method: one entry per
        # process, shared by every engine and thread.
        return tuple(n for n in self._nodes() if isinstance(n, ConflictSetNode))

    def changes(
        self, adding: Iterable[Any] | None = None, deleting: Iterable[Any] | None = None
    ) -> tuple[list[Any], list[Any]]:
        root = self.root_node
        if deleting is not None:
            for fact in deleting:
                root.remove(fact)
        if adding is not None:
            for fact in adding:
                root.add(fact)
        added: list[Any] = []
        removed: list[Any] = []
        dirty = self._dirty_nodes
        if dirty:
            for node in dirty:
                node.take_changes(added, removed)
            dirty.clear()
        return added, removed

    def reset(self) -> None:
        for node in self._touched_nodes:
            node._reset()
            node._touched = False
        self._touched_nodes.clear()
        self._dirty_nodes.clear()


class FastStrategy(Strategy):  # type: ignore[misc]
    """experta's depth strategy (salience, then the most recent facts) on keys computed
    once per activation, instead of a process-wide ``lru_cache`` that hashes each one."""

    def _update_agenda(self, agenda: Any, added: list[Any], removed: list[Any]) -> None:
        activations = agenda.activations
        for activation in removed:
            key = activation.key
            index = bisect.bisect_left(activations, key, key=_activation_key)
            while index < len(activations) and activations[index].key == key:
                if activations[index] is activation:
                    del activations[index]
                    break
                index += 1
        for activation in added:
            bisect.insort(activations, activation, key=_activation_key)


_RULES_WATCHER: Final = watchers.RULES
_AGENDA_WATCHER: Final = watchers.AGENDA


class FastKnowledgeEngine(KnowledgeEngine):  # type: ignore[misc]
    """A drop-in :class:`KnowledgeEngine` that matches, fires and resets faster.

    Rules, facts, ``DefFacts``, ``declare``, ``retract``, ``modify``, ``run`` and ``reset``
    behave as in experta; see the module notes for what differs inside.
    """

    __matcher__ = FastReteMatcher
    __strategy__ = FastStrategy

    def __init__(self) -> None:
        super().__init__()
        self._deffacts = self._find_deffacts()

    def _find_deffacts(self) -> tuple[tuple[Callable[..., Any], frozenset[str] | None], ...]:
        """The generators of this class's DefFacts, in their order, found once.

        experta looks them up with ``inspect.getmembers`` at every ``reset()`` and calls
        them through an object shared by every engine of the class; the unbound generator
        is called here with this engine instead.
        """
        found = sorted(
            (
                member
                for _, member in inspect.getmembers(type(self))
                if isinstance(member, DefFacts)
            ),
            key=lambda deffacts: deffacts.order,
        )
        prepared = []
        for deffacts in found:
            generator = deffacts._wrapped
            parameters = inspect.signature(generator).parameters.values()
            takes_any = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters)
            names = None if takes_any else frozenset(p.name for p in parameters)
            prepared.append((generator, names))
        return tuple(prepared)

    def reset(self, **kwargs: Any) -> None:
        self.agenda = Agenda()
        self.facts = FactList()
        self.matcher.reset()
        initial: list[Any] = []
        for generator, names in self._deffacts:
            given = kwargs if names is None else {k: v for k, v in kwargs.items() if k in names}
            initial.extend(fact.copy() for fact in generator(self, **given))
        self._declare(initial)
        self.running = False

    def declare(self, *facts: Any) -> Any:
        if not self.facts:
            watchers.ENGINE.warning("Declaring fact before reset()")
        return self._declare(facts)

    def _declare(self, facts: Iterable[Any]) -> Any:
        facts = tuple(facts)
        if any(fact.has_field_constraints() for fact in facts):
            raise TypeError("Declared facts cannot contain conditional elements")
        if any(fact.has_nested_accessor() for fact in facts):
            raise KeyError("Cannot declare facts containing double underscores as keys.")
        last_inserted = None
        for fact in facts:
            last_inserted = self.facts.declare(fact)
        if not self.running:
            added, removed = self.get_activations()
            self.strategy.update_agenda(self.agenda, added, removed)
        return last_inserted

    def run(self, steps: float = float("inf")) -> None:
        self.running = True
        execution = 0
        while steps > 0 and self.running:
            added, removed = self.get_activations()
            self.strategy.update_agenda(self.agenda, added, removed)
            if _AGENDA_WATCHER.isEnabledFor(logging.DEBUG):
                for index, queued in enumerate(self.agenda.activations):
                    _AGENDA_WATCHER.debug(
                        "%d: %r %r",
                        index,
                        queued.rule.__name__,
                        ", ".join(str(f) for f in queued.facts),
                    )
            activation = self.agenda.get_next()
            if activation is None:
                break
            steps -= 1
            execution += 1
            if _RULES_WATCHER.isEnabledFor(logging.INFO):
                _RULES_WATCHER.info(
                    "FIRE %s %s: %s",
                    execution,
                    activation.rule.__name__,
                    ", ".join(str(f) for f in activation.facts),
                )
            activation.rule(
                self, **{k: v for k, v in activation.context.items() if not k.startswith("__")}
            )
        self.running = False
