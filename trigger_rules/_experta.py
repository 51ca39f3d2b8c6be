"""The one place that imports experta.

experta 1.9.4 is the only release on the package index and needs two repairs to be
imported politely by a library on Python 3.10+:

* its pinned ``frozendict==1.2`` looks up ``collections.Mapping``, removed in 3.10, so the
  alias is added here, and only if the running Python lacks it;
* importing it calls ``logging.basicConfig()``, which would give the host application's
  root logger a handler it never asked for, so the root logger's handlers are put back
  exactly as they were;
* its watcher loggers (``experta.watchers.*``) log every fact declared, the person's
  answers and age included, at INFO and DEBUG, and inherit the host's levels. A filter on
  each of them drops every record, whatever levels, handlers or ``dictConfig`` the host
  sets before or after import, unless :func:`trace_health_data` opts in. The filter goes
  on when the first engine is built, not on import.

Every other module imports experta's names from here; importing experta anywhere else
would skip both repairs.
"""

from __future__ import annotations

import collections
import collections.abc
import logging
import threading
from typing import Any

__all__ = [
    "AS",
    "MATCH",
    "NOT",
    "Activation",
    "Agenda",
    "BusNode",
    "ConflictSetNode",
    "DefFacts",
    "Fact",
    "FactCapture",
    "FactList",
    "FeatureCheck",
    "FeatureTesterNode",
    "KnowledgeEngine",
    "L",
    "NotNode",
    "OrdinaryMatchNode",
    "P",
    "ReteMatcher",
    "Rule",
    "SameContextCheck",
    "Strategy",
    "Token",
    "TokenInfo",
    "TypeCheck",
    "trace_health_data",
    "watchers",
]

if not hasattr(collections, "Mapping"):
    collections.Mapping = collections.abc.Mapping  # type: ignore[attr-defined]

_root_logger = logging.getLogger()
_handlers_before = list(_root_logger.handlers)
try:
    from experta import AS, MATCH, NOT, DefFacts, Fact, L, P, Rule, watchers
    from experta import KnowledgeEngine as _ExpertaEngine
    from experta.abstract import Strategy
    from experta.activation import Activation
    from experta.agenda import Agenda
    from experta.factlist import FactList
    from experta.matchers.rete import ReteMatcher
    from experta.matchers.rete.check import FactCapture, FeatureCheck, SameContextCheck, TypeCheck
    from experta.matchers.rete.nodes import (
        BusNode,
        ConflictSetNode,
        FeatureTesterNode,
        NotNode,
        OrdinaryMatchNode,
    )
    from experta.matchers.rete.token import Token, TokenInfo
finally:
    for _handler in list(_root_logger.handlers):
        if _handler not in _handlers_before:
            _root_logger.removeHandler(_handler)
    del _handler

_trace = threading.Event()
_guard_lock = threading.Lock()
_guarded = False


def _health_data_filter(record: logging.LogRecord) -> bool:
    return _trace.is_set()


def _guard_watchers() -> None:
    """Put the filter on every experta watcher logger, once per process."""
    global _guarded  # noqa: PLW0603 (one flag per process, like the loggers themselves)
    if _guarded:
        return
    with _guard_lock:
        for name in watchers.ALL:
            logger = getattr(watchers, name)
            if _health_data_filter not in logger.filters:
                logger.addFilter(_health_data_filter)
        _guarded = True


class _GuardedEngine(_ExpertaEngine):  # type: ignore[misc]
    """experta's engine, with its watcher loggers guarded before it can log anything."""

    def __init__(self) -> None:
        _guard_watchers()
        super().__init__()


# Typed as experta's own (untyped) class, so subclasses keep their ``type: ignore[misc]``.
KnowledgeEngine: Any = _GuardedEngine


def trace_health_data(enabled: bool = True) -> None:
    """Let experta's watcher records through to logging, for debugging rules.

    WARNING: these records contain health data: every answer and value of every case
    consulted in this process, under the ``experta.watchers`` loggers at INFO and DEBUG.
    Turn it on only on a developer's machine with made-up cases; it is off by default and
    ``trace_health_data(False)`` turns it off again.
    """
    _guard_watchers()
    if enabled:
        _trace.set()
        logging.getLogger("trigger_rules").warning(
            "health data trace on: experta.watchers log records now contain what people "
            "answered; call trace_health_data(False) to stop"
        )
    else:
        _trace.clear()
