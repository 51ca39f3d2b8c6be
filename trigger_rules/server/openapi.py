"""The OpenAPI 3.1 description the server publishes at ``/openapi.json``.

Written by hand rather than generated: the routes read their bodies themselves (to give
the errors the issue asks for), so there is no model to generate it from. A test checks
that every route is described and every description is a route.
"""

from __future__ import annotations

from typing import Any

from .. import __version__
from ..contract import json_schema
from .catalogue import schema_names
from .settings import Settings

__all__ = ["openapi_document"]

_ERROR = {"$ref": "#/components/schemas/Error"}


def _errors(*statuses: int) -> dict[str, Any]:
    words = {
        400: "Malformed JSON, or a request of the wrong shape",
        401: "Missing or invalid JWT (only when the server has keys configured)",
        404: "No such service or schema",
        412: "The request carries no answers to consult",
        413: "The body is larger than the server accepts",
        422: "Valid JSON that does not fit: an unknown fact (with the nearest codes) or a "
        "bad value",
        501: "Not available in this version",
    }
    return {
        str(status): {
            "description": words[status],
            "content": {"application/json": {"schema": _ERROR}},
        }
        for status in statuses
    }


def _json(schema: dict[str, Any], description: str = "OK") -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def openapi_document(settings: Settings) -> dict[str, Any]:
    case_body = {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Case"}}},
    }
    secured: list[dict[str, list[str]]] = [{"cdsHooksJwt": []}] if settings.authenticates else []
    operation_security = {"security": secured} if secured else {}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "trigger_rules service",
            "version": __version__,
            "description": "CDS Hooks 2.0 and a JSON API over the trigger_rules expert system "
            "for low back pain from myofascial trigger points. Decision support, not a "
            "diagnosis.",
        },
        "servers": [{"url": settings.service_url}],
        "paths": {
            "/cds-services": {
                "get": {
                    "summary": "CDS Hooks discovery",
                    **operation_security,
                    "responses": {"200": _json({"type": "object"}), **_errors(401)},
                }
            },
            "/cds-services/{service_id}": {
                "post": {
                    "summary": "Call the CDS service (hook patient-view): answers in prefetch",
                    **operation_security,
                    "parameters": [_path("service_id")],
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    },
                    "responses": {
                        "200": _json(
                            {
                                "type": "object",
                                "required": ["cards"],
                                "properties": {"cards": {"type": "array"}},
                            },
                            "CDS Hooks cards",
                        ),
                        **_errors(400, 401, 404, 412, 413, 422),
                    },
                }
            },
            "/cds-services/{service_id}/feedback": {
                "post": {
                    "summary": "CDS Hooks feedback on cards",
                    **operation_security,
                    "parameters": [_path("service_id")],
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    },
                    "responses": {"200": _json({"type": "object"}), **_errors(400, 401, 404, 413)},
                }
            },
            "/v1/consult": {
                "post": {
                    "summary": "Consult the rules about one case; answers the report",
                    **operation_security,
                    "requestBody": case_body,
                    "responses": {
                        "200": _json(
                            {"$ref": "#/components/schemas/Report"},
                            "The report (Report.to_dict())",
                        ),
                        **_errors(400, 401, 413, 422),
                    },
                }
            },
            "/v1/next-questions": {
                "post": {
                    "summary": "The questions most worth asking next about a case",
                    **operation_security,
                    "parameters": [
                        {
                            "name": "limit",
                            "in": "query",
                            "schema": {"type": "integer", "minimum": 1, "maximum": 100},
                        },
                        {
                            "name": "dont_know",
                            "in": "query",
                            "description": "codes the person could not answer (repeat, or "
                            "separate with commas)",
                            "schema": {"type": "array", "items": {"type": "string"}},
                            "explode": True,
                        },
                        {
                            "name": "expanded",
                            "in": "query",
                            "description": "grouped questions already answered yes",
                            "schema": {"type": "array", "items": {"type": "string"}},
                            "explode": True,
                        },
                    ],
                    "requestBody": case_body,
                    "responses": {
                        "200": _json({"type": "object"}),
                        **_errors(400, 401, 413, 422, 501),
                    },
                }
            },
            "/v1/fhir/questionnaire": {
                "get": {
                    "summary": "The FHIR R4 Questionnaire whose responses the service reads",
                    "responses": {"200": _json({"type": "object"}), **_errors(501)},
                }
            },
            "/v1/facts": {
                "get": {
                    "summary": "The fact catalogue: every code a case can use",
                    "responses": {"200": _json({"$ref": "#/components/schemas/Facts"})},
                }
            },
            "/v1/schemas": {
                "get": {
                    "summary": "The JSON Schemas this server publishes",
                    "responses": {"200": _json({"type": "object"})},
                }
            },
            "/v1/schemas/{name}": {
                "get": {
                    "summary": "One JSON Schema: " + (", ".join(schema_names()) or "none yet"),
                    "parameters": [_path("name")],
                    "responses": {"200": _json({"type": "object"}), **_errors(404)},
                }
            },
            "/openapi.json": {
                "get": {"summary": "This document", "responses": {"200": _json({})}}
            },
            "/about": {
                "get": {
                    "summary": "A page about the service and its sources",
                    "responses": {"200": {"description": "HTML"}},
                }
            },
            "/healthz": {
                "get": {"summary": "Liveness", "responses": {"200": _json({"type": "object"})}}
            },
        },
        "components": {
            "schemas": {
                "Case": json_schema("case"),
                "Report": json_schema("report"),
                "Facts": json_schema("facts"),
                "Error": {
                    "type": "object",
                    "required": ["error", "message"],
                    "properties": {
                        "error": {"type": "string"},
                        "message": {"type": "string"},
                        "expected": {"type": "string"},
                        "nearest": {"type": "array", "items": {"type": "string"}},
                    },
                },
            },
            "securitySchemes": {
                "cdsHooksJwt": {
                    "type": "http",
                    "scheme": "bearer",
                    "bearerFormat": "JWT",
                    "description": "CDS Hooks 2.0: a JWT signed by the client (ES384, RS384, "
                    "...), with iss, aud = the endpoint URL, exp, iat and jti",
                }
            },
        },
    }


def _path(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
