"""The one place that imports experta.

experta 1.9.4 is the only release on the package index and needs two repairs to be
imported politely by a library on Python 3.10+:

* its pinned ``frozendict==1.2`` looks up ``collections.Mapping``, removed in 3.10, so the
  alias is added here, and only if the running Python lacks it;
* importing it calls ``logging.basicConfig()``, which would give the host application's
  root logger a handler it never asked for, so the root logger's handlers are put back
  exactly as they were.

Every other module imports experta's names from here; importing experta anywhere else
would skip both repairs.
"""

from __future__ import annotations

import collections
import collections.abc
import logging

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
    "watchers",
]

if not hasattr(collections, "Mapping"):
    collections.Mapping = collections.abc.Mapping  # type: ignore[attr-defined]

_root_logger = logging.getLogger()
_handlers_before = list(_root_logger.handlers)
try:
    from experta import AS, MATCH, NOT, DefFacts, Fact, KnowledgeEngine, L, P, Rule, watchers
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
