"""HTTP plumbing shared by the platform clients: retries, timeouts, JSON decoding and clear errors."""
from __future__ import annotations

import json
import logging
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.connectionpool import ConnectionPool
from urllib3.exceptions import InvalidHeader, MaxRetryError, ReadTimeoutError, ResponseError
from urllib3.response import BaseHTTPResponse
from urllib3.util.retry import Retry

from plexm8.errors import UpstreamError, UpstreamTimeout
from plexm8.services.providers.config import ProviderSettings

log = logging.getLogger(__name__)

RETRY_STATUSES = (429, 500, 502, 503, 504)
_DNS_FAILURES = ("Name or service not known", "getaddrinfo failed", "nodename nor servname", "NameResolution")


class _PlatformRetry(Retry):
    """urllib3 ``Retry`` that gives up at once when Retry-After asks for more than ``max_retry_after`` seconds."""

    def __init__(self, *args: Any, max_retry_after: float = 30.0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_retry_after = max_retry_after

    def new(self, **kw: Any) -> _PlatformRetry:
        kw.setdefault("max_retry_after", self.max_retry_after)
        return super().new(**kw)

    def increment(
        self,
        method: str | None = None,
        url: str | None = None,
        response: BaseHTTPResponse | None = None,
        error: Exception | None = None,
        _pool: ConnectionPool | None = None,
        _stacktrace: TracebackType | None = None,
    ) -> _PlatformRetry:
        if response is not None:
            try:
                wait = self.get_retry_after(response)
            except InvalidHeader:
                wait = None
            if wait is not None and wait > self.max_retry_after:
                # With raise_on_status=False urllib3 hands this response back to the caller, which
                # reports the platform's own delay instead of sleeping through it.
                reason = ResponseError(f"Retry-After {wait:g}s exceeds the limit")
                raise MaxRetryError(_pool, url, reason)  # type: ignore[arg-type]  # urllib3 types pool as required; its own Retry.increment passes None too
        return super().increment(method, url, response, error, _pool, _stacktrace)


def build_session(settings: ProviderSettings) -> requests.Session:
    """A requests session that retries connection errors, 429 and 5xx with backoff, honouring Retry-After."""
    retry = _PlatformRetry(
        total=settings.retries,
        connect=settings.retries,
        read=min(settings.retries, 1),  # a timed-out read is retried once: each one costs a full timeout
        status=settings.retries,
        other=0,
        redirect=0,
        backoff_factor=settings.backoff_s,
        status_forcelist=RETRY_STATUSES,
        allowed_methods=frozenset({"GET", "HEAD", "POST"}),  # the POSTs used here only read data
        respect_retry_after_header=True,
        raise_on_status=False,
        max_retry_after=settings.max_retry_after_s,
    )
    session = requests.Session()
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def rebase_url(url: str, base_url: str) -> str:
    """``url`` with its scheme and host replaced by those of ``base_url`` (and base's path prefix added).

    Paging links (``next``) name the real platform host; following them through the configured base
    keeps tests on their fakes and never sends a bearer token to a host the user did not configure.
    """
    target, base = urlsplit(url), urlsplit(base_url)
    prefix = base.path.rstrip("/")
    path = target.path if not prefix or target.path.startswith(prefix + "/") else prefix + target.path
    return urlunsplit((base.scheme, base.netloc, path, target.query, ""))


def _is_timeout(exc: requests.RequestException) -> bool:
    if isinstance(exc, requests.Timeout):
        return True
    # Once read retries are used up, requests reports a read timeout as ConnectionError(MaxRetryError).
    cause = exc.args[0] if exc.args else None
    return isinstance(cause, MaxRetryError) and isinstance(cause.reason, ReadTimeoutError)


def _describe(exc: requests.RequestException) -> str:
    text = str(exc)
    if isinstance(exc, requests.exceptions.SSLError):
        return "TLS/SSL error"
    if "Connection refused" in text or "ConnectionRefused" in text:
        return "connection refused"
    if any(s in text for s in _DNS_FAILURES):
        return "DNS lookup failed"
    if "Connection reset" in text or "RemoteDisconnected" in text or "Connection aborted" in text:
        return "connection dropped"
    return type(exc).__name__


class PlatformClient:
    """Sends requests to one platform; transport failures become UpstreamError/UpstreamTimeout naming it."""

    def __init__(self, platform: str, settings: ProviderSettings, session: requests.Session | None = None) -> None:
        self.platform = platform
        self.timeout = settings.timeout_s
        self.session = session if session is not None else build_session(settings)

    def request(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        """Send one request (with the session's retries); never raises requests exceptions."""
        kwargs.setdefault("timeout", self.timeout)
        try:
            return self.session.request(method, url, **kwargs)
        except requests.RequestException as exc:
            if _is_timeout(exc):
                raise UpstreamTimeout(
                    f"{self.platform} did not answer within {self.timeout:g} s. The service may be slow or "
                    "blocked from this network; try again later."
                ) from exc
            reason = _describe(exc)
            log.warning("%s unreachable (%s)", self.platform, reason)
            raise UpstreamError(
                f"Could not reach {self.platform} ({reason}). Check this computer's internet connection, "
                "proxy or firewall, then try again."
            ) from exc

    def json_of(self, response: requests.Response, what: str) -> Any:
        """The JSON body of ``response``, or UpstreamError saying the platform sent something else."""
        return self.parse_json(response.content, response, what)

    def parse_json(self, body: bytes | str, response: requests.Response, what: str) -> Any:
        """Decode ``body`` (taken from ``response``) as JSON with a clear error on failure."""
        try:
            return json.loads(body)
        except ValueError:
            content_type = response.headers.get("Content-Type", "no content type")
            raise UpstreamError(
                f"{self.platform} answered {what} with something that is not JSON "
                f"(HTTP {response.status_code}, {content_type}). Its API may have changed or it showed a "
                "verification page; try again later."
            ) from None

    def raise_for_status(self, response: requests.Response, what: str) -> None:
        """UpstreamError with an actionable message for any non-2xx answer."""
        status = response.status_code
        if 200 <= status < 300:
            return
        if status == 429:
            wait = response.headers.get("Retry-After")
            asked = f", it asks to wait {wait} s" if wait else ""
            raise UpstreamError(
                f"{self.platform} is rate-limiting requests (HTTP 429{asked}) while loading {what}. "
                "Wait a few minutes and try again."
            )
        if status >= 500:
            raise UpstreamError(
                f"{self.platform} had a server error (HTTP {status}) while loading {what}. Try again later."
            )
        raise UpstreamError(f"{self.platform} refused the request for {what} (HTTP {status}).")
