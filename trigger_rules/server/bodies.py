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
    CaseDataError,
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
    try:
        return Case.from_dict(data).validated(catalogue)
    except CaseDataError as exc:
        field = exc.field.removeprefix("case.")
        near = closest(field, _CASE_KEYS) if exc.field.startswith("case.") else ()
        raise ApiError(
            422,
            "invalid_value" if exc.field.startswith("values.") else "invalid_case",
            f"the case{at}: {exc}",
            expected=CASE_EXPECTED,
            nearest=near,
        ) from None
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
    if isinstance(exc, CaseDataError):
        return ApiError(422, "invalid_case", str(exc), expected=CASE_EXPECTED)
    if isinstance(exc, ConflictingFactError):
        return ApiError(
            422, "conflicting_facts", str(exc), expected="each code either present or absent"
        )
    return ApiError(422, "invalid_case", str(exc), expected=CASE_EXPECTED)
