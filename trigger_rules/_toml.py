"""Reading TOML the library did not write: knowledge files and example case files.

Both are read as bytes and turned into data here, so that every way such a file can be
wrong (not UTF-8, not TOML, nested deeper than the parser can go) becomes one error of
the caller's class that names the file, never a traceback.
"""

from __future__ import annotations

import tomllib
from typing import Any

__all__ = ["parse"]


def parse(raw: bytes, label: str, error: type[Exception], what: str, hint: str = "") -> Any:
    """The TOML document in *raw*, or *error* naming *label*; *what* says what the file
    should have been ("a case file"), *hint* is added to the UTF-8 message."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise error(
            f"{label}: not UTF-8 text (byte {exc.start} cannot be decoded){hint}"
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{label}: not valid TOML: {exc}") from None
    except RecursionError:
        raise error(f"{label}: nested too deeply to be {what}") from None
