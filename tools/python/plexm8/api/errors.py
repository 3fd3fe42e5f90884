"""One JSON error handler for the whole app: every failure is `{"error", "message"}`, never HTML or a traceback."""
from __future__ import annotations

import logging

from flask import Flask, Response, jsonify
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from plexm8.errors import APIError
from plexm8.logging_setup import mask_secrets

log = logging.getLogger(__name__)

HTTP_MESSAGES = {
    404: "There is no such route. See /api/openapi.json for the API.",
    405: "This route does not accept that method.",
    413: "The request body is too large.",
}


def error_response(status: int, error: str, message: str, extra: dict | None = None) -> Response:
    """A JSON error response with secrets masked."""
    body = {"error": error, "message": mask_secrets(message)}
    if extra:
        body.update(extra)
    response = jsonify(body)
    response.status_code = status
    return response


def init_app(app: Flask) -> None:
    """Register the handler for every exception."""

    @app.errorhandler(Exception)
    def handle(exc: Exception) -> Response:
        if isinstance(exc, APIError):
            body = exc.to_dict()
            return error_response(exc.status, body.pop("error"), body.pop("message"), body)
        if isinstance(exc, HTTPException):
            status = exc.code or 500
            response = error_response(status, exc.name, HTTP_MESSAGES.get(status, exc.description or exc.name))
            if isinstance(exc, MethodNotAllowed) and exc.valid_methods:
                response.headers["Allow"] = ", ".join(exc.valid_methods)
            return response
        log.exception("Unhandled error")
        return error_response(500, "Internal error", "Something went wrong inside PlexM8; the log has details.")
