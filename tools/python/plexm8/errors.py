"""One error family for the whole backend: every failure becomes ``{"error", "message"}``."""
from __future__ import annotations


class APIError(Exception):
    """An error with an HTTP status, a short title and a message telling the user what to do."""

    status: int = 500
    error: str = "Internal error"

    def __init__(self, message: str, *, status: int | None = None, error: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status
        if error is not None:
            self.error = error

    def to_dict(self) -> dict[str, str]:
        """The JSON body of this error."""
        return {"error": self.error, "message": self.message}


class BadRequest(APIError):
    status, error = 400, "Bad request"


class Unauthorized(APIError):
    status, error = 401, "Unauthorized"


class Forbidden(APIError):
    status, error = 403, "Forbidden"


class NotFound(APIError):
    status, error = 404, "Not found"


class Conflict(APIError):
    status, error = 409, "Conflict"


class PayloadTooLarge(APIError):
    status, error = 413, "Payload too large"


class UnsupportedMediaType(APIError):
    status, error = 415, "Unsupported media type"


class Unprocessable(APIError):
    """Valid JSON with invalid values; ``field`` names the offending field when known."""

    status, error = 422, "Invalid value"

    def __init__(self, message: str, *, field: str | None = None, **kw) -> None:
        super().__init__(message, **kw)
        self.field = field

    def to_dict(self) -> dict[str, str]:
        body = super().to_dict()
        if self.field:
            body["field"] = self.field
        return body


class UpstreamError(APIError):
    """Plex or a music platform answered badly."""

    status, error = 502, "Upstream error"


class PlexUnavailable(APIError):
    """Plex is not configured or cannot be reached."""

    status, error = 503, "Plex unavailable"


class UpstreamTimeout(APIError):
    status, error = 504, "Upstream timeout"


class ConfigError(Exception):
    """A setting has a bad value; the message names the variable. Stops start-up."""


class StartupError(Exception):
    """The data folder cannot be used as it is; the message is one line saying what to do. Stops start-up."""
