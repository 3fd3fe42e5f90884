"""GET /api/openapi.json: the OpenAPI 3.1 document, generated from the routes and the models that validate them."""
from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, Flask, current_app, jsonify
from pydantic import BaseModel
from pydantic.json_schema import JsonSchemaMode, models_json_schema

from plexm8 import __version__
from plexm8.api.schema import EndpointSpec, endpoint

bp = Blueprint("openapi", __name__)

REF = "#/components/schemas/{model}"
ERROR_TEXT = {
    400: "Bad input",
    401: "API token missing or wrong",
    403: "Host or Origin not allowed",
    404: "Unknown id or route",
    409: "Conflict",
    413: "Body too large",
    415: "Wrong content type",
    422: "Valid JSON with invalid values",
    502: "Plex or a platform answered badly",
    503: "Plex not configured or unreachable",
    504: "Upstream timeout",
}
_CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")
_PARAM_TYPES = {"int": {"type": "integer"}, "float": {"type": "number"}}


def _path_and_params(rule: str) -> tuple[str, list[dict[str, Any]]]:
    params = []
    for converter, name in _CONVERTER.findall(rule):
        schema = _PARAM_TYPES.get(converter, {"type": "string"})
        params.append({"name": name, "in": "path", "required": True, "schema": schema})
    return _CONVERTER.sub(lambda m: "{" + m.group(2) + "}", rule), params


def _models(specs: list[EndpointSpec]) -> list[tuple[type[BaseModel], JsonSchemaMode]]:
    seen: dict[tuple[type[BaseModel], JsonSchemaMode], None] = {}
    for spec in specs:
        pairs: tuple[tuple[type[BaseModel] | None, JsonSchemaMode], ...] = (
            (spec.body, "validation"), (spec.query, "validation"), (spec.response, "serialization"))
        for model, mode in pairs:
            if model is not None:
                seen[(model, mode)] = None
    return list(seen)


def _query_params(model: type[BaseModel], schema: dict[str, Any], components: dict[str, Any]) -> list[dict]:
    if "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[1]]
    props = schema.get("properties", {})
    params = []
    for name, info in model.model_fields.items():
        param = {"name": info.alias or name, "in": "query", "required": info.is_required(), "schema": props[name]}
        if info.description:
            param["description"] = info.description
        params.append(param)
    return params


def _error_response() -> dict[str, Any]:
    return {"content": {"application/json": {"schema": {"$ref": REF.format(model="Error")}}}}


def _operation(spec: EndpointSpec, refs: dict, components: dict, path_params: list[dict]) -> dict[str, Any]:
    op: dict[str, Any] = {"summary": spec.summary, "tags": [spec.tag], "parameters": list(path_params)}
    if spec.query is not None:
        op["parameters"] += _query_params(spec.query, refs[(spec.query, "validation")], components)
    if spec.body is not None:
        content: dict[str, Any] = {"application/json": {"schema": refs[(spec.body, "validation")]}}
        if spec.upload:
            content["multipart/form-data"] = {
                "schema": {"type": "object", "properties": {"file": {"type": "string", "format": "binary"}}}
            }
        op["requestBody"] = {"required": False, "content": content}
    if not op["parameters"]:
        del op["parameters"]
    ok: dict[str, Any] = {"description": "Success"}
    if spec.response is not None:
        ok["content"] = {spec.content_type: {"schema": refs[(spec.response, "serialization")]}}
    elif spec.content_type != "application/json":
        types = (spec.content_type,) if isinstance(spec.content_type, str) else spec.content_type
        ok["content"] = {t: {"schema": {"type": "string"}} for t in types}
    responses: dict[str, Any] = {str(spec.status): ok}
    statuses = set(spec.errors) | {403}
    if spec.body is not None:
        statuses |= {400, 413, 415, 422}
    if spec.query is not None:
        statuses.add(400)
    for status in sorted(statuses):
        responses[str(status)] = {"description": ERROR_TEXT.get(status, "Error"), **_error_response()}
    responses["default"] = {"description": "Any other error, always JSON", **_error_response()}
    op["responses"] = responses
    return op


def build_openapi(app: Flask) -> dict[str, Any]:
    """The OpenAPI 3.1 document of every registered route."""
    routes = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        view = app.view_functions[rule.endpoint]
        spec: EndpointSpec = getattr(view, "endpoint_spec", None) or EndpointSpec(
            (view.__doc__ or rule.endpoint).strip().splitlines()[0], tag="other"
        )
        routes.append((rule, spec))
    refs_list, defs = models_json_schema(_models([s for _, s in routes]), ref_template=REF)
    refs = dict(refs_list)
    components: dict[str, Any] = dict(defs.get("$defs", {}))
    components["Error"] = {
        "type": "object",
        "required": ["error", "message"],
        "properties": {"error": {"type": "string"}, "message": {"type": "string"}, "field": {"type": "string"}},
    }
    paths: dict[str, Any] = {}
    for rule, spec in sorted(routes, key=lambda r: r[0].rule):
        path, path_params = _path_and_params(rule.rule)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            paths.setdefault(path, {})[method.lower()] = _operation(spec, refs, components, path_params)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "PlexM8 Companion",
            "version": __version__,
            "description": "Local backend for Plex music libraries. Errors are always {error, message}.",
        },
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {
            "schemas": components,
            "securitySchemes": {"PlexM8Token": {"type": "apiKey", "in": "header", "name": "X-PlexM8-Token"}},
        },
    }


@bp.get("/api/openapi.json")
@endpoint("This API as an OpenAPI 3.1 document", tag="meta")
def openapi_document():
    """The OpenAPI 3.1 description of this API."""
    document = current_app.extensions.get("plexm8_openapi")
    if document is None:
        document = current_app.extensions["plexm8_openapi"] = build_openapi(current_app)
    return jsonify(document)
