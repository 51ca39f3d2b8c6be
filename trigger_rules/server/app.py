"""The ASGI application: CDS Hooks 2.0 routes, the JSON API, and how errors are answered.

Build one with :func:`create_app`; ``trigger-rules serve`` runs it under uvicorn. Each
worker process owns one :class:`~trigger_rules.Consultant` and consults on its event loop:
a consultation is a few milliseconds of CPU, which a thread pool would only slow down.
"""

from __future__ import annotations

import html
import json
import logging
import traceback
from collections import Counter
from typing import Any, Final

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from ..engine import Consultant
from ..errors import TriggerRulesError, UnknownFactError, closest
from ..fhir import FhirUnavailableError, questionnaire
from .auth import AuthError, KeyRing, ReplayGuard
from .bodies import ApiError, case_from_json, error_for, read_json
from .cards import CardContext, cards_for
from .catalogue import facts_document, schema, schema_names
from .fhir_bridge import (
    QUESTIONNAIRE_RESPONSE_KEY,
    case_from_prefetched_resource,
    prefetch_templates,
)
from .interview_bridge import questions_document
from .openapi import openapi_document
from .settings import Settings

__all__ = ["SERVICE_ID", "app_from_environment", "create_app"]

SERVICE_ID: Final = "trigger-rules-low-back-pain"
SERVICE_LABEL: Final = "trigger_rules: low back pain and trigger points"
HOOK: Final = "patient-view"
#: The prefetch key for the library's own case JSON (the other is a QuestionnaireResponse).
CASE_KEY: Final = "case"

_log = logging.getLogger("trigger_rules.server")


class _JSON(JSONResponse):
    """Compact UTF-8 JSON: the body of every answer this server gives."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# --- building the application -------------------------------------------------------------


def create_app(
    settings: Settings | None = None, consultant: Consultant | None = None
) -> Starlette:
    """A Starlette application serving the packaged rules (or *consultant*'s)."""
    settings = settings or Settings()
    routes = [
        Route("/cds-services", _discovery, methods=["GET"]),
        Route("/cds-services/{service_id}", _cds_service, methods=["POST"]),
        Route("/cds-services/{service_id}/feedback", _feedback, methods=["POST"]),
        Route("/v1/consult", _consult, methods=["POST"]),
        Route("/v1/next-questions", _next_questions, methods=["POST"]),
        Route("/v1/facts", _facts, methods=["GET"]),
        Route("/v1/fhir/questionnaire", _questionnaire, methods=["GET"]),
        Route("/v1/schemas", _schema_index, methods=["GET"]),
        Route("/v1/schemas/{name}", _schema, methods=["GET"]),
        Route("/openapi.json", _openapi, methods=["GET"]),
        Route("/about", _about, methods=["GET"]),
        Route("/healthz", _health, methods=["GET"]),
    ]
    app = Starlette(
        routes=routes,
        exception_handlers={ApiError: _api_error, HTTPException: _http_error},
        middleware=[Middleware(_CatchAll)],
    )
    app.state.settings = settings
    app.state.keys = KeyRing.from_settings(settings)
    app.state.replays = ReplayGuard()
    app.state.consultant = consultant or _new_consultant(settings)
    app.state.feedback = Counter()
    return app


def _new_consultant(settings: Settings) -> Consultant:
    # ConsultantOptionError is a ValueError naming the nearest engine: the serve command
    # turns it into one line before any worker starts.
    return Consultant(engine=settings.consultant_engine, cache_size=settings.cache_size)


def app_from_environment() -> Starlette:
    """The application the ``serve`` command's settings describe (uvicorn's factory)."""
    return create_app(Settings.from_environment())


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _consultant(request: Request) -> Consultant:
    consultant: Consultant = request.app.state.consultant
    return consultant


def _authorize(request: Request) -> None:
    """Check the caller's JWT when keys are configured; the audience is this endpoint."""
    keys: KeyRing | None = request.app.state.keys
    if keys is None:
        return
    audience = _settings(request).service_url + request.url.path
    try:
        claims = keys.verify(request.headers.get("authorization"), [audience])
        request.app.state.replays.check(claims)
    except AuthError as exc:
        raise ApiError(
            401,
            "unauthorized",
            str(exc),
            expected="a JWT signed by a trusted CDS client, with 'aud' = " + repr(audience),
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        ) from None


# --- CDS Hooks 2.0 ------------------------------------------------------------------------


def discovery_document(settings: Settings) -> dict[str, Any]:
    """What ``GET /cds-services`` answers."""
    service: dict[str, Any] = {
        "hook": HOOK,
        "id": SERVICE_ID,
        "title": "Low back pain: trigger points and red flags",
        "description": (
            "Reads a person's answers to the low back pain questionnaire and returns "
            "cards: one per red flag and referral (with its triage), the muscles whose "
            "trigger points may be contributing, and self-care advice with its "
            "cautions. Answers come from the prefetched QuestionnaireResponse, or "
            f"under the prefetch key '{CASE_KEY}' as the library's case JSON "
            '{"present": [...], "absent": [...], "values": {...}}. '
            "Decision support, not a diagnosis."
        ),
    }
    # CDS Hooks: an optional element without a value is left out, never sent empty
    templates = prefetch_templates()
    if templates:
        service["prefetch"] = templates
    return {"services": [service]}


async def _discovery(request: Request) -> Response:
    _authorize(request)
    return _JSON(discovery_document(_settings(request)))


def _check_service(request: Request) -> None:
    service_id = request.path_params["service_id"]
    if service_id != SERVICE_ID:
        raise ApiError(
            404,
            "unknown_service",
            f"no CDS service {service_id!r} here",
            expected=f"the service id {SERVICE_ID!r} (GET /cds-services lists it)",
            nearest=(SERVICE_ID,),
        )


async def _cds_service(request: Request) -> Response:
    _check_service(request)
    _authorize(request)
    body = await read_json(request, _settings(request).max_body_bytes)
    if not isinstance(body, dict):
        raise ApiError(400, "invalid_hook_request", "a CDS Hooks request must be a JSON object")
    for field, kind in (("hook", str), ("hookInstance", str), ("context", dict)):
        if not isinstance(body.get(field), kind):
            raise ApiError(
                400,
                "invalid_hook_request",
                f"the CDS Hooks request needs {field!r} "
                f"({'an object' if kind is dict else 'a string'})",
                expected="a CDS Hooks 2.0 request: hook, hookInstance, context, prefetch",
            )
    if body["hook"] != HOOK:
        raise ApiError(
            400,
            "unsupported_hook",
            f"this service answers the {HOOK!r} hook (got {body['hook']!r})",
            expected=f"hook {HOOK!r}",
        )
    prefetch = body.get("prefetch") or {}
    if not isinstance(prefetch, dict):
        raise ApiError(400, "invalid_hook_request", "'prefetch' must be an object")
    case = _case_from_prefetch(request, prefetch)
    report = _consultant(request).consult(case)
    patient_id = body["context"].get("patientId")
    context = CardContext(
        service_label=SERVICE_LABEL,
        service_url=_settings(request).service_url,
        hook_instance=body["hookInstance"],
        patient_id=patient_id if isinstance(patient_id, str) else "",
    )
    return _JSON({"cards": cards_for(report.to_dict(), context)})


def _case_from_prefetch(request: Request, prefetch: dict[str, Any]) -> Any:
    given = [k for k in (CASE_KEY, QUESTIONNAIRE_RESPONSE_KEY) if prefetch.get(k) is not None]
    if len(given) > 1:
        raise ApiError(
            400,
            "ambiguous_prefetch",
            f"give the answers once: prefetch {CASE_KEY!r} or {QUESTIONNAIRE_RESPONSE_KEY!r}, "
            "not both",
        )
    if given == [CASE_KEY]:
        catalogue = _consultant(request).knowledge.facts
        return case_from_json(prefetch[CASE_KEY], catalogue, where=f"prefetch.{CASE_KEY}")
    if given == [QUESTIONNAIRE_RESPONSE_KEY]:
        try:
            return case_from_prefetched_resource(
                prefetch[QUESTIONNAIRE_RESPONSE_KEY], _consultant(request)
            )
        except TriggerRulesError as exc:
            raise error_for(exc) from None
    # CDS Hooks 2.0: a service that cannot obtain the data it needs answers 412. This one
    # never calls the client's FHIR server: the answers must come in the prefetch.
    raise ApiError(
        412,
        "answers_missing",
        "the request carries no answers to consult",
        expected=f"prefetch {QUESTIONNAIRE_RESPONSE_KEY!r} (a QuestionnaireResponse, or a "
        f"searchset Bundle holding one) or prefetch {CASE_KEY!r} (the library's case JSON)",
    )


_OUTCOMES: Final = ("accepted", "overridden")


async def _feedback(request: Request) -> Response:
    _check_service(request)
    _authorize(request)
    body = await read_json(request, _settings(request).max_body_bytes)
    expected = (
        'CDS Hooks feedback: {"feedback": [{"card": uuid, "outcome": "accepted" | '
        '"overridden", "acceptedSuggestions": [{"id": uuid}], "overrideReason": '
        '{"reason": Coding, "userComment": text}, "outcomeTimestamp": ISO time}]}'
    )
    entries = body.get("feedback") if isinstance(body, dict) else None
    if not isinstance(entries, list) or not entries:
        raise ApiError(
            400, "invalid_feedback", "'feedback' must be a non-empty list", expected=expected
        )
    for i, entry in enumerate(entries):
        problem = _feedback_problem(entry)
        if problem:
            raise ApiError(400, "invalid_feedback", f"feedback[{i}]: {problem}", expected=expected)
    # Only the outcomes are kept: a user comment may say anything about the person.
    counter: Counter[str] = request.app.state.feedback
    counter.update(entry["outcome"] for entry in entries)
    return _JSON({"received": len(entries)})


def _feedback_problem(entry: Any) -> str:
    if not isinstance(entry, dict):
        return "each entry must be an object"
    if not isinstance(entry.get("card"), str) or not entry["card"]:
        return "'card' must be the card's uuid"
    if entry.get("outcome") not in _OUTCOMES:
        return f"'outcome' must be one of {', '.join(_OUTCOMES)}"
    if not isinstance(entry.get("outcomeTimestamp"), str):
        return "'outcomeTimestamp' must be an ISO timestamp"
    accepted = entry.get("acceptedSuggestions")
    if entry["outcome"] == "accepted" and not accepted:
        return "an 'accepted' outcome needs 'acceptedSuggestions'"
    if accepted is not None and (
        not isinstance(accepted, list)
        or not all(isinstance(a, dict) and isinstance(a.get("id"), str) for a in accepted)
    ):
        return "'acceptedSuggestions' must be a list of {\"id\": suggestion uuid}"
    reason = entry.get("overrideReason")
    if reason is not None and not isinstance(reason, dict):
        return "'overrideReason' must be an object"
    return ""


# --- the JSON API -------------------------------------------------------------------------


async def _consult(request: Request) -> Response:
    _authorize(request)
    body = await read_json(request, _settings(request).max_body_bytes)
    case = case_from_json(body, _consultant(request).knowledge.facts)
    return _JSON(_consultant(request).consult(case).to_dict())


_MAX_LIMIT: Final = 100


async def _next_questions(request: Request) -> Response:
    _authorize(request)
    body = await read_json(request, _settings(request).max_body_bytes)
    consultant = _consultant(request)
    case = case_from_json(body, consultant.knowledge.facts)
    raw_limit = request.query_params.get("limit", "10")
    if not raw_limit.isdigit() or not 1 <= int(raw_limit) <= _MAX_LIMIT:
        raise ApiError(
            422,
            "invalid_parameter",
            f"'limit' must be a whole number from 1 to {_MAX_LIMIT} (got {raw_limit!r})",
            expected=f"limit=1..{_MAX_LIMIT}",
        )
    lists = {
        name: [
            code
            for value in request.query_params.getlist(name)
            for code in value.split(",")
            if code
        ]
        for name in ("dont_know", "expanded")
    }
    for code in lists["dont_know"]:
        if code not in consultant.knowledge.facts:
            raise error_for(UnknownFactError(code, consultant.knowledge.facts))
    try:
        document = questions_document(
            case,
            consultant,
            dont_know=lists["dont_know"],
            expanded=lists["expanded"],
            limit=int(raw_limit),
        )
    except TriggerRulesError as exc:
        raise error_for(exc) from None
    return _JSON(document)


async def _questionnaire(request: Request) -> Response:
    try:
        return _JSON(questionnaire(_consultant(request)))
    except FhirUnavailableError:
        raise ApiError(
            501, "fhir_unavailable", "install 'trigger_rules[server]' to serve FHIR"
        ) from None


async def _facts(request: Request) -> Response:
    return _JSON(facts_document(_consultant(request).knowledge.facts))


async def _schema_index(request: Request) -> Response:
    return _JSON({"schemas": [f"/v1/schemas/{name}" for name in schema_names()]})


async def _schema(request: Request) -> Response:
    name = request.path_params["name"]
    found = schema(name)
    if found is None:
        raise ApiError(
            404,
            "unknown_schema",
            f"no schema named {name!r}",
            expected="one of " + ", ".join(schema_names()),
            nearest=closest(name, schema_names()),
        )
    return _JSON(found, media_type="application/schema+json")


async def _openapi(request: Request) -> Response:
    return _JSON(openapi_document(_settings(request)))


async def _about(request: Request) -> Response:
    report_sources = _consultant(request).knowledge.sources
    items = []
    for source in sorted(report_sources.values(), key=lambda s: s.id):
        title = html.escape(f"{source.title}, {source.publisher}")
        address = source.address
        link = f' <a href="{html.escape(address)}">{html.escape(address)}</a>' if address else ""
        items.append(f"<li><code>{html.escape(source.id)}</code> {title}{link}</li>")
    page = (
        "<!doctype html><html lang='en'><meta charset='utf-8'>"
        f"<title>{html.escape(SERVICE_LABEL)}</title>"
        f"<h1>{html.escape(SERVICE_LABEL)}</h1>"
        f"<p>Version {html.escape(__version__)}. A CDS Hooks 2.0 service and JSON API over the "
        "<code>trigger_rules</code> expert system: red-flag triage for low back pain, the "
        "muscles whose trigger points may be contributing, and self-care advice with its "
        "cautions. Decision support, not a diagnosis.</p>"
        "<p>Discovery: <a href='cds-services'>cds-services</a>; API description: "
        "<a href='openapi.json'>openapi.json</a>.</p>"
        f"<h2>Sources</h2><ul>{''.join(items)}</ul></html>"
    )
    return HTMLResponse(page)


async def _health(request: Request) -> Response:
    return _JSON({"status": "ok", "version": __version__})


# --- errors -------------------------------------------------------------------------------


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    # The status and the error's name only: messages may quote what the person answered.
    _log.info("refused %s %s: %d %s", request.method, request.url.path, exc.status, exc.error)
    return _JSON(exc.body(), status_code=exc.status, headers=exc.headers)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    error = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
    body: dict[str, Any] = {"error": error, "message": str(exc.detail)}
    if exc.status_code == 404:
        body["expected"] = "a path listed in /openapi.json"
    return _JSON(body, status_code=exc.status_code, headers=exc.headers)


class _CatchAll:
    """Answer 500 for any exception a route lets through, and log it without its message.

    Starlette's own last-resort handler re-raises after answering, and uvicorn then logs
    the exception's message, which may quote what the person answered; this one does not.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception as exc:
            # The type and where it was raised, never the message or the locals.
            _log.error(
                "internal error on %s %s: %s\n%s",
                scope.get("method", ""),
                scope.get("path", ""),
                type(exc).__name__,
                "".join(traceback.format_tb(exc.__traceback__)),
            )
            if not started:
                response = _JSON(
                    {"error": "internal_error", "message": "the server failed; it was logged"},
                    status_code=500,
                )
                await response(scope, receive, send)
