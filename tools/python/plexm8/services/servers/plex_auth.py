"""Plex sign-in by PIN, proxied to plex.tv for the hosted app (plain HTTP, not plexapi)."""
from __future__ import annotations

import logging
from typing import Any

import requests

from plexm8 import __version__
from plexm8.errors import NotFound, UpstreamError, UpstreamTimeout
from plexm8.logging_setup import register_secret

log = logging.getLogger(__name__)
PRODUCT = "PlexM8"


class PlexTvClient:
    """The few plex.tv calls of the PIN flow."""

    def __init__(self, base_url: str, timeout_s: float = 10.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout_s = timeout_s

    def _headers(self, client_id: str, token: str | None = None) -> dict[str, str]:
        headers = {
            "Accept": "application/json",
            "X-Plex-Client-Identifier": client_id,
            "X-Plex-Product": PRODUCT,
            "X-Plex-Version": __version__,
        }
        if token:
            headers["X-Plex-Token"] = token
        return headers

    def _call(self, method: str, path: str, headers: dict[str, str], **kwargs: Any) -> Any:
        url = f"{self.base_url}{path}"
        try:
            response = requests.request(method, url, headers=headers, timeout=self.timeout_s, **kwargs)
        except requests.exceptions.Timeout:
            raise UpstreamTimeout(f"plex.tv did not answer within {self.timeout_s:g} s; try again.") from None
        except requests.exceptions.RequestException:
            raise UpstreamError("Cannot reach plex.tv. Check the internet connection and try again.") from None
        if response.status_code == 404:
            raise NotFound("plex.tv does not know this PIN (it may have expired); create a new one.")
        if response.status_code == 401:
            raise UpstreamError("plex.tv refused the token (401); sign in again.", error="plex.tv rejected the token")
        if response.status_code >= 400:
            raise UpstreamError(f"plex.tv answered {response.status_code}; try again later.")
        try:
            return response.json()
        except ValueError:
            raise UpstreamError("plex.tv answered with something that is not JSON.") from None

    def create_pin(self, client_id: str) -> dict[str, Any]:
        """Ask plex.tv for a new PIN for this client."""
        return self._call("POST", "/api/v2/pins", self._headers(client_id), params={"strong": "true"})

    def check_pin(self, client_id: str, pin_id: int) -> dict[str, Any]:
        """The PIN's state; `authToken` is set once the user approved it."""
        pin = self._call("GET", f"/api/v2/pins/{pin_id}", self._headers(client_id))
        register_secret(pin.get("authToken") if isinstance(pin, dict) else None)
        return pin

    def servers(self, token: str, client_id: str) -> list[dict[str, Any]]:
        """The Plex servers this account can reach, with their connections."""
        resources = self._call(
            "GET",
            "/api/v2/resources",
            self._headers(client_id, token),
            params={"includeHttps": "1", "includeRelay": "1", "includeIPv6": "1"},
        )
        if not isinstance(resources, list):
            raise UpstreamError("plex.tv answered resources in an unexpected shape.")
        register_secret(token)  # only once plex.tv accepted it: a rejected string is no secret to mask
        servers = []
        for item in resources:
            if "server" not in str(item.get("provides", "")).split(","):
                continue
            register_secret(item.get("accessToken"))
            servers.append(
                {
                    "name": item.get("name"),
                    "clientIdentifier": item.get("clientIdentifier"),
                    "product": item.get("product"),
                    "productVersion": item.get("productVersion"),
                    "platform": item.get("platform"),
                    "owned": bool(item.get("owned")),
                    "presence": bool(item.get("presence")),
                    "accessToken": item.get("accessToken"),
                    "connections": [
                        {k: c.get(k) for k in ("uri", "protocol", "address", "port", "local", "relay", "IPv6")}
                        for c in item.get("connections") or []
                    ],
                }
            )
        return servers
