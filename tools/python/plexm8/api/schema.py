"""Request validation with pydantic models, recorded per view so the OpenAPI document comes from the same models."""
from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from typing import Any, Callable, TypeVar

from flask import request
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
            return view(*args, **kwargs)

        wrapper.endpoint_spec = spec  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate
