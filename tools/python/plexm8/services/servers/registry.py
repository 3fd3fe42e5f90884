"""The Plex servers the user configured: stored with encrypted tokens, one of them the default."""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Any, Callable, NamedTuple

from plexm8.config import Settings
from plexm8.errors import NotFound, PlexUnavailable, Unprocessable
from plexm8.models.entities import PlexServer, iso, utcnow
from plexm8.services.plex_service import PlexConnection, PlexService
from plexm8.services.servers.secrets import SecretBox
from plexm8.services.servers.urls import display_url

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ServerInput:
    """Fields a user may set on a server (None = leave as it is)."""

    name: str | None = None
    url: str | None = None
    token: str | None = None
    verify_ssl: bool | None = None
    is_default: bool | None = None


class ResolvedServer(NamedTuple):
    """A stored server and the PlexService that talks to it."""

    server: PlexServer
    service: PlexService


def server_to_dict(server: PlexServer) -> dict[str, Any]:
    """The public view of a server: the token is never included, only whether one is set."""
    return {
        "id": server.id,
        "name": server.name,
        "url": display_url(server.url),
        "is_default": bool(server.is_default),
        "verify_ssl": bool(server.verify_ssl),
        "token_set": bool(server.token_encrypted),
        "from_env": bool(server.from_env),
        "created_at": iso(server.created_at),
        "updated_at": iso(server.updated_at),
    }


class ServerRegistry:
    """Stores servers and hands out one cached PlexService per server configuration."""

    def __init__(self, settings: Settings, secrets: SecretBox) -> None:
        self.settings = settings
        self.secrets = secrets
        self._services: dict[PlexConnection, PlexService] = {}
        self._lock = threading.Lock()
        self.listeners: list[Any] = []
        # Called with (server id, fail_fast) before a PlexService is handed out; the API installs one that
        # bounds concurrent Plex-bound requests and fails them fast while Plex is known to be down.
        self.guard: Callable[[int, bool], None] | None = None

    # -- store ---------------------------------------------------------------------------------
    def list(self) -> list[PlexServer]:
        """Every server, the default first."""
        return list(PlexServer.select().order_by(PlexServer.is_default.desc(), PlexServer.id))

    def get(self, server_id: int) -> PlexServer:
        """One server, or NotFound."""
        server = PlexServer.get_or_none(PlexServer.id == server_id)
        if server is None:
            raise NotFound(f"There is no Plex server with id {server_id}.")
        return server

    def default(self) -> PlexServer | None:
        """The default server, if any."""
        return PlexServer.select().order_by(PlexServer.is_default.desc(), PlexServer.id).first()

    def create(self, data: ServerInput) -> PlexServer:
        """Add a server; the first one becomes the default."""
        if not data.name or not data.url:
            raise Unprocessable("A server needs a name and a url.", field="name" if not data.name else "url")
        with PlexServer._meta.database.atomic():
            first = PlexServer.select().count() == 0
            server = PlexServer.create(
                name=data.name,
                url=data.url,
                token_encrypted=self.secrets.encrypt(data.token) if data.token else None,
                verify_ssl=True if data.verify_ssl is None else data.verify_ssl,
                is_default=first or bool(data.is_default),
            )
            if server.is_default:
                self._make_only_default(server)
        self._changed()
        return server

    def update(self, server_id: int, data: ServerInput) -> PlexServer:
        """Change a server's fields; an empty token string clears the token."""
        with PlexServer._meta.database.atomic():
            server = self.get(server_id)
            if data.name is not None:
                server.name = data.name
            if data.url is not None:
                server.url = data.url
            if data.token is not None:
                server.token_encrypted = self.secrets.encrypt(data.token) if data.token else None
            if data.verify_ssl is not None:
                server.verify_ssl = data.verify_ssl
            if data.is_default:
                server.is_default = True
            server.updated_at = utcnow()
            server.save()
            if data.is_default:
                self._make_only_default(server)
        self._changed()
        return server

    def delete(self, server_id: int) -> None:
        """Remove a server; if it was the default, the oldest remaining one becomes the default."""
        with PlexServer._meta.database.atomic():
            server = self.get(server_id)
            server.delete_instance()
            if server.is_default:
                successor = PlexServer.select().order_by(PlexServer.id).first()
                if successor is not None:
                    successor.is_default = True
                    successor.save()
        self._changed()

    def _make_only_default(self, server: PlexServer) -> None:
        PlexServer.update(is_default=False).where(PlexServer.id != server.id).execute()

    def ensure_env_server(self) -> None:
        """Make PLEX_SERVER_URL/PLEX_TOKEN a stored server (the default unless the user chose another)."""
        url, token = self.settings.plex_server_url, self.settings.plex_token
        if not url:
            return
        with PlexServer._meta.database.atomic():
            server = PlexServer.get_or_none(PlexServer.from_env == True)  # noqa: E712
            if server is None:
                has_default = PlexServer.select().where(PlexServer.is_default == True).exists()  # noqa: E712
                PlexServer.create(
                    name="Plex (from .env.local)",
                    url=url,
                    token_encrypted=self.secrets.encrypt(token) if token else None,
                    from_env=True,
                    is_default=not has_default,
                )
            else:
                server.url = url
                server.token_encrypted = self.secrets.encrypt(token) if token else None
                server.updated_at = utcnow()
                server.save()
        self._changed()

    def _changed(self) -> None:
        for listener in list(self.listeners):
            listener()

    # -- connections ---------------------------------------------------------------------------
    def connection(self, server: PlexServer) -> PlexConnection:
        """How to reach a stored server."""
        try:
            token = self.secrets.decrypt(server.token_encrypted) if server.token_encrypted else None
        except ValueError:
            raise PlexUnavailable(
                f"The stored token of server {server.name!r} cannot be decrypted (was the key file replaced?). "
                "Enter the token again.",
            ) from None
        return PlexConnection(
            url=server.url,
            token=token,
            verify_ssl=bool(server.verify_ssl),
            timeout_s=self.settings.plex_timeout_s,
            music_section=self.settings.plex_music_section,
        )

    def pick(self, server_id: int | None = None) -> PlexServer:
        """A stored server (the default when no id), without talking to it; 404 unknown id, 503 none configured."""
        server = self.get(server_id) if server_id is not None else self.default()
        if server is None:
            raise PlexUnavailable(
                "No Plex server is configured. Set PLEX_SERVER_URL and PLEX_TOKEN in .env.local, "
                "or add one with POST /api/settings/servers.",
                error="Plex not configured",
            )
        return server

    def resolve(self, server_id: int | None = None, *, fail_fast: bool = True) -> ResolvedServer:
        """A server (the default when no id) with its PlexService, ready for Plex calls (see `guard`)."""
        server = self.pick(server_id)
        service = self.service_for(self.connection(server))
        if self.guard is not None:
            self.guard(server.id, fail_fast)
        return ResolvedServer(server, service)

    def service_for(self, connection: PlexConnection) -> PlexService:
        """The cached PlexService for a connection."""
        with self._lock:
            service = self._services.get(connection)
            if service is None:
                service = PlexService(connection)
                self._services[connection] = service
            return service
