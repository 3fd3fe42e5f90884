"""Plex server URLs: credentials never travel inside one (the token has its own encrypted field)."""
from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from plexm8.logging_setup import MASK


def url_credentials_problem(url: str) -> str | None:
    """Why `url` must not be stored as a server URL (user:password@, a query such as ?X-Plex-Token=), or None."""
    parts = urlsplit(url.strip())
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        return "must not contain a user name or password (user:pass@); send the token in the token field"
    if parts.query or "?" in url:
        return "must not have a query string (such as ?X-Plex-Token=…); send the token in the token field"
    if parts.fragment:
        return "must not have a #fragment"
    return None


def display_url(url: str) -> str:
    """`url` as it may be shown: a password, user name or query it carries (stored by older versions) masked."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        netloc = f"{MASK}@{netloc.rsplit('@', 1)[1]}"
    query = MASK if parts.query else ""
    return urlunsplit((parts.scheme, netloc, parts.path, query, ""))
