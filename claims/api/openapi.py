"""The OpenAPI 3.0 document for /api/v1, kept beside the serialisers it describes."""

from __future__ import annotations

from typing import Any

from claims.services.search import MAX_LIMIT, MAX_QUERY_LENGTH


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {**schema, "nullable": True}


STRING = {"type": "string"}
DATE = {"type": "string", "format": "date"}
DATETIME = {"type": "string", "format": "date-time"}

ARTICLE = {
    "type": "object",
    "required": ["id", "headline", "outlet", "url", "published_on"],
    "properties": {
        "id": {"type": "integer"},
        "headline": STRING,
        "outlet": STRING,
        "url": _nullable(STRING),
        "published_on": _nullable(DATE),
    },
}
VERDICT = {
    "type": "object",
    "required": ["rating", "rating_value", "conclusion", "published_at", "rated_by", "rated_by_url"],
    "properties": {
        "rating": _nullable(STRING),
        "rating_value": _nullable({"type": "integer"}),
        "conclusion": STRING,
        "published_at": _nullable(DATETIME),
        "rated_by": {**_nullable(STRING), "description": "set when the verdict is another fact-checker's"},
        "rated_by_url": _nullable(STRING),
        "explanation": STRING,
    },
}
SUMMARY_PROPERTIES = {
    "id": {"type": "integer"},
    "url": STRING,
    "claim": STRING,
    "quote": _nullable(STRING),
    "claimant": STRING,
    "claimed_on": _nullable(DATE),
    "tags": {"type": "array", "items": STRING},
    "article": _nullable(ARTICLE),
    "under_review": {"type": "boolean"},
    "verdict": {"$ref": "#/components/schemas/Verdict"},
}
SUMMARY = {"type": "object", "required": list(SUMMARY_PROPERTIES), "properties": SUMMARY_PROPERTIES}
EVIDENCE = {
    "type": "object",
    "required": ["url", "title", "publisher", "published_on", "passage", "stance", "primary"],
    "properties": {
        "url": STRING,
        "title": STRING,
        "publisher": _nullable(STRING),
        "published_on": _nullable(DATE),
        "passage": _nullable(STRING),
        "stance": {"type": "string", "enum": ["supports", "refutes", "context"]},
        "primary": {"type": "boolean"},
    },
}
DETAIL = {
    "allOf": [
        {"$ref": "#/components/schemas/ClaimSummary"},
        {
            "type": "object",
            "required": ["evidence", "corrections"],
            "properties": {
                "evidence": {"type": "array", "items": {"$ref": "#/components/schemas/Evidence"}},
                "corrections": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["published_at", "note"],
                        "properties": {"published_at": _nullable(DATETIME), "note": STRING},
                    },
                },
            },
        },
    ]
}
ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["status", "message"],
            "properties": {"status": {"type": "integer"}, "message": STRING},
        }
    },
}


def _query(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}


def _json(ref: str, description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": ref}}}}


FILTERS = [
    _query(
        "q",
        "full-text search over claim, quote and conclusion",
        {"type": "string", "maxLength": MAX_QUERY_LENGTH},
    ),
    _query("rating", "rating level id", {"type": "integer", "minimum": 0}),
    _query("tag", "topic name", {"type": "string", "maxLength": MAX_QUERY_LENGTH}),
    _query("claimant", "part of the claimant's name", {"type": "string", "maxLength": MAX_QUERY_LENGTH}),
    _query("article", "article id", {"type": "integer", "minimum": 0}),
    _query("date_from", "claimed on or after", DATE),
    _query("date_to", "claimed on or before", DATE),
    _query("limit", "page size", {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": 20}),
    _query("cursor", "opaque cursor from a previous page's `next` link", STRING),
]
BAD_REQUEST = _json("#/components/schemas/Error", "a filter or cursor is not valid")
NOT_FOUND = _json("#/components/schemas/Error", "no published claim with this id")


def openapi_document(server_url: str) -> dict[str, Any]:
    """Return the OpenAPI 3.0 document, with `server_url` as the API's base address."""
    page = {
        "type": "object",
        "required": ["data", "next"],
        "properties": {
            "data": {"type": "array", "items": {"$ref": "#/components/schemas/ClaimSummary"}},
            "next": {**_nullable(STRING), "description": "the next page, or null on the last one"},
        },
    }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Claims fact-check API",
            "version": "1.0.0",
            "description": "Published fact-checks only.",
        },
        "servers": [{"url": server_url}],
        "paths": {
            "/claims": {
                "get": {
                    "summary": "Published claims, newest first",
                    "operationId": "listClaims",
                    "parameters": FILTERS,
                    "responses": {
                        "200": {
                            "description": "a page of claims",
                            "content": {"application/json": {"schema": page}},
                        },
                        "400": BAD_REQUEST,
                    },
                }
            },
            "/claims/{claim_id}": {
                "get": {
                    "summary": "One published claim with its evidence and corrections",
                    "operationId": "getClaim",
                    "parameters": [
                        {
                            "name": "claim_id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "integer", "minimum": 0},
                        }
                    ],
                    "responses": {
                        "200": _json("#/components/schemas/ClaimDetail", "the claim"),
                        "404": NOT_FOUND,
                    },
                }
            },
        },
        "components": {
            "schemas": {
                "ClaimSummary": SUMMARY,
                "ClaimDetail": DETAIL,
                "Verdict": VERDICT,
                "Evidence": EVIDENCE,
                "Error": ERROR,
            }
        },
    }
