"""Reading request bodies: size limits, JSON, and the library's case JSON.

Every refusal is an :class:`ApiError` whose body says what was expected. Nothing here logs:
a request body holds a person's answers.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Final

from starlette.requests import Request

from ..case import Case
from ..errors import (
    ConflictingFactError,
    InvalidFactValueError,
    TriggerRulesError,
    UnknownFactError,
    closest,
)
from ..knowledge_base import FactSpec

__all__ = ["CASE_EXPECTED", "ApiError", "case_from_json", "error_for", "read_json"]

CASE_EXPECTED: Final = (
    'a JSON object {"present": [fact codes], "absent": [fact codes], '
    '"values": {fact code: number or text}}; every key optional; codes from GET /v1/facts'
)
_CASE_KEYS: Final = ("absent", "present", "values")


class ApiError(Exception):
    """A request the server refuses, with the HTTP status and a body that explains it."""

    def __init__(
        self,
        status: int,
        error: str,
        message: str,
        *,
        expected: str = "",
        nearest: tuple[str, ...] = (),
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.error = error
        self.message = message
        self.expected = expected
        self.nearest = nearest
        self.headers = dict(headers or {})

    def body(self) -> dict[str, Any]:
        data: dict[str, Any] = {"error": self.error, "message": self.message}
        if self.expected:
            data["expected"] = self.expected
        if self.nearest:
            data["nearest"] = list(self.nearest)
        return data


async def read_json(request: Request, limit: int) -> Any:
    """The request's JSON body; 413 past *limit* bytes, 400 when it is not JSON."""
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            too_big = int(declared) > limit
        except ValueError:
            raise ApiError(
                400, "bad_request", "the Content-Length header is not a number"
            ) from None
        if too_big:
            raise _too_large(limit)
    chunks: list[bytes] = []
    size = 0
    # A chunked body declares no length: count as it arrives and stop at the limit.
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        chunks.append(chunk)
    raw = b"".join(chunks)
    if not raw.strip():
        raise ApiError(400, "malformed_json", "the request has no body", expected="a JSON object")
    try:
        return json.loads(raw)
    except UnicodeDecodeError:
        raise ApiError(
            400, "malformed_json", "the body is not UTF-8 text", expected="a JSON object"
        ) from None
    except json.JSONDecodeError as exc:
        # The position, never the text around it: the text is the person's answers.
        raise ApiError(
            400,
            "malformed_json",
            f"the body is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}",
            expected="a JSON object",
        ) from None


def _too_large(limit: int) -> ApiError:
    return ApiError(
        413,
        "body_too_large",
        f"the body is larger than this server accepts ({limit} bytes)",
        expected=f"a body of at most {limit} bytes",
    )


def case_from_json(data: Any, catalogue: Mapping[str, FactSpec], *, where: str = "") -> Case:
    """A checked :class:`Case` from the library's case JSON, or a 422 :class:`ApiError`."""
    at = f" in {where}" if where else ""
    if not isinstance(data, Mapping):
        raise ApiError(
            422,
            "invalid_case",
            f"the case{at} must be a JSON object (got {_json_type(data)})",
            expected=CASE_EXPECTED,
        )
    for key in sorted(data):
        if key not in _CASE_KEYS:
            raise ApiError(
                422,
                "invalid_case",
                f"unknown key {key!r} in the case{at}",
                expected=CASE_EXPECTED,
                nearest=closest(str(key), _CASE_KEYS),
            )
    lists: dict[str, list[str]] = {}
    for key in ("present", "absent"):
        codes = data.get(key, [])
        if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
            raise ApiError(
                422,
                "invalid_case",
                f"'{key}'{at} must be a list of fact codes (strings)",
                expected=CASE_EXPECTED,
            )
        if len(set(codes)) != len(codes):
            raise ApiError(
                422, "invalid_case", f"'{key}'{at} lists a code twice", expected=CASE_EXPECTED
            )
        lists[key] = codes
    values = data.get("values", {})
    if not isinstance(values, Mapping):
        raise ApiError(
            422, "invalid_case", f"'values'{at} must be a JSON object", expected=CASE_EXPECTED
        )
    for code, value in values.items():
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise ApiError(
                422,
                "invalid_value",
                f"the value of {code!r}{at} must be a whole number or a text "
                f"(got {_json_type(value)})",
                expected=CASE_EXPECTED,
            )
    try:
        return Case(present=lists["present"], absent=lists["absent"], values=values).validated(
            catalogue
        )
    except TriggerRulesError as exc:
        raise error_for(exc) from None


def error_for(exc: TriggerRulesError) -> ApiError:
    """The 422 answer to a library error about a case."""
    if isinstance(exc, UnknownFactError):
        return ApiError(
            422,
            "unknown_fact",
            str(exc),
            expected="a fact code listed by GET /v1/facts",
            nearest=exc.suggestions,
        )
    if isinstance(exc, InvalidFactValueError):
        return ApiError(422, "invalid_value", str(exc), expected=f"{exc.code!r}: {exc.expected}")
    if isinstance(exc, ConflictingFactError):
        return ApiError(
            422, "conflicting_facts", str(exc), expected="each code either present or absent"
        )
    return ApiError(422, "invalid_case", str(exc), expected=CASE_EXPECTED)


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"
