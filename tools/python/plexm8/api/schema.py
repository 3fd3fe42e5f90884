"""Request validation with pydantic models, recorded per view so the OpenAPI document comes from the same models."""
from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from typing import Any, Callable, TypeVar

from flask import Response, current_app, jsonify, request
from pydantic import BaseModel, ConfigDict, ValidationError

from plexm8.errors import BadRequest, Unprocessable

F = TypeVar("F", bound=Callable[..., Any])


class Body(BaseModel):
    """Base of JSON request bodies: unknown fields are refused so typos are noticed."""

    model_config = ConfigDict(extra="forbid")


class Query(BaseModel):
    """Base of query-string models."""

    model_config = ConfigDict(extra="ignore")


@dataclass
class EndpointSpec:
    """What the OpenAPI document says about one view."""

    summary: str
    tag: str
    body: type[BaseModel] | None = None
    query: type[BaseModel] | None = None
    response: type[BaseModel] | None = None
    status: int = 200
    upload: bool = False
    errors: tuple[int, ...] = ()
    content_type: str | tuple[str, ...] = "application/json"  # several: one of them, chosen by the request
    extra: dict[str, Any] = field(default_factory=dict)


def _first_error(exc: ValidationError) -> tuple[str, str]:
    err = exc.errors(include_url=False)[0]
    loc = ".".join(str(p) for p in err.get("loc", ()) if p != "__root__")
    return loc, err.get("msg", "invalid value")


def parse_body(model: type[BaseModel]) -> BaseModel:
    """Validate the JSON body against `model` strictly (no 1 for true, no true for a number).

    400 for malformed or too deeply nested JSON, 422 naming the field otherwise.
    """
    raw = request.get_data(cache=True)
    if not raw.strip():
        data: Any = {}
    else:
        data = load_json(raw)
    if not isinstance(data, dict):
        raise Unprocessable("The request body must be a JSON object.")
    return validate(model, data, strict=True)


def load_json(raw: bytes) -> Any:
    """Parse a JSON body: 400 when it is not JSON or not UTF-8, or nested deeper than the parser goes."""
    try:
        return json.loads(raw)
    except RecursionError:
        raise BadRequest("The JSON body is nested too deeply.", error="Malformed JSON") from None
    except ValueError:
        raise BadRequest("The request body is not valid JSON.", error="Malformed JSON") from None


def validate(model: type[BaseModel], data: Any, *, strict: bool = False) -> BaseModel:
    """Validate `data` against `model` (`strict` for JSON: types as given); a failure is a 422 naming the field."""
    try:
        return model.model_validate(data, strict=strict)
    except ValidationError as exc:
        loc, msg = _first_error(exc)
        raise Unprocessable(f"{loc or 'body'}: {msg}", field=loc or None) from None


def parse_query(model: type[BaseModel]) -> BaseModel:
    """Validate the query string against `model` (400 naming the parameter)."""
    try:
        return model.model_validate(request.args.to_dict())
    except ValidationError as exc:
        loc, msg = _first_error(exc)
        raise BadRequest(f"Query parameter {loc}: {msg}", error="Bad query parameter") from None


class UndeclaredField(RuntimeError):
    """A view produced a field its response model does not declare (raised only under TESTING)."""


def _undeclared(data: Any, shaped: Any, where: str = "") -> list[str]:
    """Paths of keys in `data` that the model's output `shaped` dropped."""
    if isinstance(data, dict) and isinstance(shaped, dict):
        found = [f"{where}.{k}".lstrip(".") for k in data if k not in shaped]
        for key, value in data.items():
            if key in shaped:
                found += _undeclared(value, shaped[key], f"{where}.{key}")
        return found
    if isinstance(data, (list, tuple)) and isinstance(shaped, list):
        for item, out in zip(data, shaped):
            found = _undeclared(item, out, f"{where}[]")
            if found:
                return found
    return []


def shape(model: type[BaseModel], data: Any) -> dict[str, Any]:
    """The API body of `data` built through its response model (fields, aliases and types as documented)."""
    built = data if isinstance(data, model) else model.model_validate(data)
    shaped = built.model_dump(mode="json", by_alias=True)
    if current_app.config.get("TESTING") and not isinstance(data, BaseModel):
        missing = _undeclared(data, shaped)
        if missing:
            raise UndeclaredField(f"{model.__name__} does not declare {', '.join(missing[:5])}")
    return shaped


def shape_result(spec: EndpointSpec, result: Any) -> Any:
    """A view's return value as a response: dicts and models (optionally with a status) go through
    `spec.response`; a JSON Response is re-shaped through it too; other responses (files) pass unchanged."""
    status: int | None = None
    if isinstance(result, tuple):
        result, status = result[0], result[1]
    model = spec.response
    assert model is not None
    if isinstance(result, Response):
        status = status or result.status_code
        if result.mimetype != "application/json" or not 200 <= status < 300:
            return result if status == result.status_code else (result, status)
        result = result.get_json()
    return jsonify(shape(model, result)), status or spec.status


def endpoint(
    summary: str,
    *,
    tag: str,
    body: type[BaseModel] | None = None,
    query: type[BaseModel] | None = None,
    response: type[BaseModel] | None = None,
    status: int = 200,
    upload: bool = False,
    errors: tuple[int, ...] = (),
    content_type: str | tuple[str, ...] = "application/json",
) -> Callable[[F], F]:
    """Declare a view's inputs and outputs; validated models arrive as `body=` and `query=` keyword arguments."""
    spec = EndpointSpec(summary, tag, body, query, response, status, upload, errors, content_type)

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if query is not None:
                kwargs["query"] = parse_query(query)
            if body is not None and not (upload and request.mimetype == "multipart/form-data"):
                kwargs["body"] = parse_body(body)
            elif body is not None:
                kwargs["body"] = None
            result = view(*args, **kwargs)
            return shape_result(spec, result) if response is not None else result

        wrapper.endpoint_spec = spec  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate
