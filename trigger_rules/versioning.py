"""The three versions every report carries, so that an app can pin what it parses.

* ``SCHEMA_VERSION``: the version of the report's JSON shape (``trigger-rules schema
  report``). Its major number changes only when a field is removed, renamed or changes
  type; a new field raises the minor number (see "Report contract" in the README).
* :func:`library_version`: the installed distribution's version, read from its metadata
  so that ``pyproject.toml`` is the one place it is written.
* :func:`knowledge_version`: a digest of what the rulebook reasons with (the loaded
  knowledge and the rule specs). Two deployments with the same digest reach the same
  conclusions from the same case, whatever their library version or file layout.
"""

from __future__ import annotations

import enum
import functools
import hashlib
import importlib.metadata
import json
import threading
import weakref
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

import attrs

if TYPE_CHECKING:
    from .rulebook import Rulebook

__all__ = ["SCHEMA_VERSION", "knowledge_version", "library_version"]

SCHEMA_VERSION: Final = "1.0"
_DIGEST_PREFIX: Final = "sha256:"


@functools.cache
def library_version() -> str:
    """The installed version of trigger_rules (``0+unknown`` in a never-installed tree)."""
    try:
        return importlib.metadata.version("trigger_rules")
    except importlib.metadata.PackageNotFoundError:
        return "0+unknown"


def _plain(value: Any) -> Any:
    """A canonical, JSON-ready form of knowledge and rule specs (enums by value)."""
    if attrs.has(type(value)):
        fields = attrs.fields(type(value))
        return {
            "@": type(value).__name__,
            **{f.name: _plain(getattr(value, f.name)) for f in fields if f.eq},
        }
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in sorted(value.items())}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, frozenset | set):
        return sorted(_plain(v) for v in value)
    if isinstance(value, enum.Enum):
        return value.value
    return value


def _digest(rulebook: Rulebook) -> str:
    knowledge = rulebook.knowledge
    # Content, not file bytes: reformatting a TOML file or moving an item to another file
    # changes nothing the engine reasons with, so it must not change the version.
    canonical = {
        "sources": _plain(knowledge.sources),
        "facts": _plain(knowledge.facts),
        "items": _plain(knowledge.items),
        "muscles": _plain(knowledge.muscles),
        "rules": sorted(
            (_plain(spec) for spec in rulebook.specs), key=lambda s: (s["module"], s["name"])
        ),
    }
    text = json.dumps(canonical, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return _DIGEST_PREFIX + hashlib.sha256(text.encode("utf-8")).hexdigest()


_cache: dict[int, str] = {}
_cache_lock = threading.Lock()


def knowledge_version(rulebook: Rulebook) -> str:
    """``sha256:<hex>`` over the rulebook's knowledge and rule specs; computed once per
    rulebook (packaged or extended) and reused by every consultation."""
    key = id(rulebook)
    with _cache_lock:
        found = _cache.get(key)
    if found is not None:
        return found
    digest = _digest(rulebook)
    with _cache_lock:
        if key not in _cache:
            _cache[key] = digest
            # Forget the digest with the rulebook, so a reused id never finds a stale one.
            weakref.finalize(rulebook, _cache.pop, key, None)
    return _cache[key]
