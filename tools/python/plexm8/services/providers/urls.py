"""Turn whatever the user pasted (a link, a share text, ``provider:id``) into ``(provider, playlist_id)``."""
from __future__ import annotations

import logging
import re
from urllib.parse import parse_qs, urljoin, urlsplit

import requests

from plexm8.errors import Unprocessable
from plexm8.services.providers.config import ProviderSettings
from plexm8.services.providers.httpclient import PlatformClient, build_session

log = logging.getLogger(__name__)

_BARE_PREFIXES = {
    "netease": "netease", "ncm": "netease", "163": "netease",
    "qq": "qqmusic", "qqmusic": "qqmusic",
    "spotify": "spotify",
    "deezer": "deezer",
}
# Short-link services whose redirects are followed (with HEAD, never downloading a page).
SHORT_LINK_HOSTS = frozenset({"163cn.tv", "c6.y.qq.com", "link.deezer.com", "deezer.page.link", "spotify.link"})
MAX_REDIRECTS = 5
_REDIRECT_STATUSES = (301, 302, 303, 307, 308)

_NETEASE_HOSTS = frozenset({"music.163.com", "www.music.163.com", "y.music.163.com", "m.music.163.com"})
_SPOTIFY_HOSTS = frozenset({"open.spotify.com", "play.spotify.com"})
_DIGITS = re.compile(r"^\d{1,20}$")
_SPOTIFY_ID = re.compile(r"^[0-9A-Za-z]{22}$")
# A link inside share text ("分享歌单: … https://163cn.tv/x (来自@网易云音乐)"), with or without scheme.
_URL_IN_TEXT = re.compile(
    r"(?:https?://|\b(?:www\.)?(?:music\.163\.com|163cn\.tv|y\.qq\.com|open\.spotify\.com|deezer\.com"
    r"|link\.deezer\.com|deezer\.page\.link)/)[^\s<>\"'，。（）()【】]+",
    re.I,
)

_EXAMPLES = (
    "https://music.163.com/#/playlist?id=…, https://y.qq.com/n/ryqq/playlist/…, "
    "https://open.spotify.com/playlist/…, https://www.deezer.com/playlist/… or provider:id such as netease:123"
)


def _unsupported(text: str, why: str = "is not a playlist link PlexM8 understands") -> Unprocessable:
    shown = text if len(text) <= 120 else text[:117] + "…"
    return Unprocessable(f"{shown!r} {why}. Use a playlist link such as {_EXAMPLES}.", field="source_url")


def parse_playlist_url(
    url: str, *, http: requests.Session | None = None, settings: ProviderSettings | None = None
) -> tuple[str, str]:
    """``(provider, playlist_id)`` for a playlist link, share text or ``provider:id``; short links are resolved."""
    text = (url or "").strip()
    if not text:
        raise Unprocessable(f"source_url is empty. Paste a playlist link such as {_EXAMPLES}.", field="source_url")
    ref = _parse_reference(text)
    if ref:
        return ref
    candidate = _find_url(text)
    if candidate is None:
        raise _unsupported(text)
    host = (urlsplit(candidate).hostname or "").lower()
    if host in SHORT_LINK_HOSTS and _parse_web_url(candidate) is None:
        resolved = resolve_short_link(candidate, http=http, settings=settings)
        ref = _parse_web_url(resolved)
        if ref is None:
            raise _unsupported(text, f"leads to {resolved!r}, which is not a playlist")
        return ref
    ref = _parse_web_url(candidate)
    if ref is None:
        raise _unsupported(text, _why_not(candidate))
    return ref


def resolve_short_link(
    url: str, *, http: requests.Session | None = None, settings: ProviderSettings | None = None
) -> str:
    """Follow a short link's redirects (at most MAX_REDIRECTS, only through known hosts) to the final URL."""
    settings = settings or ProviderSettings()
    session = http if http is not None else build_session(settings)
    try:
        return _follow(url, session, settings)
    finally:
        if http is None:
            session.close()


def _follow(url: str, session: requests.Session, settings: ProviderSettings) -> str:
    current = url
    for hop in range(MAX_REDIRECTS + 1):
        host = (urlsplit(current).hostname or "").lower()
        if host not in SHORT_LINK_HOSTS:
            if not _is_platform_host(host):
                raise _unsupported(url, f"leads to {host or current!r}, which is not a music platform PlexM8 knows")
            return current
        if hop == MAX_REDIRECTS:
            break
        client = PlatformClient(f"the short-link service {host}", settings, session)
        response = _peek(client, _via_override(current, host, settings))
        location = response.headers.get("Location")
        if response.status_code not in _REDIRECT_STATUSES or not location:
            raise _unsupported(
                url, f"could not be resolved ({host} answered HTTP {response.status_code} without a redirect); "
                "open it in a browser and paste the full address instead"
            )
        current = urljoin(current, location)
        log.debug("short link %s -> %s", url, current)
    raise _unsupported(url, f"redirects more than {MAX_REDIRECTS} times")


def _peek(client: PlatformClient, url: str) -> requests.Response:
    """HEAD the URL without following redirects; fall back to a streamed GET whose body is never read."""
    response = client.request("HEAD", url, allow_redirects=False)
    if response.status_code in (400, 403, 405, 501):
        response = client.request("GET", url, allow_redirects=False, stream=True)
        response.close()
    return response


def _via_override(url: str, host: str, settings: ProviderSettings) -> str:
    base = settings.short_link_base_urls.get(host)
    if not base:
        return url
    parts = urlsplit(url)
    return base.rstrip("/") + (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def _is_platform_host(host: str) -> bool:
    return (
        host in _NETEASE_HOSTS
        or host == "y.qq.com" or host.endswith(".y.qq.com")
        or host in _SPOTIFY_HOSTS
        or host == "deezer.com" or host.endswith(".deezer.com")
    )


def _parse_reference(text: str) -> tuple[str, str] | None:
    """``netease:123``, ``qq:123``, ``spotify:playlist:<id>``, ``spotify:user:<u>:playlist:<id>`` …"""
    match = re.fullmatch(r"([A-Za-z0-9]+):(?!//)(\S+)", text)
    if not match or match.group(1).lower() not in _BARE_PREFIXES:
        return None
    provider, rest = _BARE_PREFIXES[match.group(1).lower()], match.group(2)
    if provider == "spotify":
        parts = rest.split(":")
        playlist_id = parts[-1] if len(parts) == 1 or (len(parts) >= 2 and parts[-2] == "playlist") else ""
        if not _SPOTIFY_ID.match(playlist_id):
            raise _unsupported(
                text, "is not a Spotify playlist reference (expected spotify:playlist:<22-character id>)"
            )
        return provider, playlist_id
    if not _DIGITS.match(rest):
        raise _unsupported(text, f"does not name a {provider} playlist (its id must be a number)")
    return provider, rest


def _find_url(text: str) -> str | None:
    """The link inside ``text`` (share texts wrap it in words), with https:// added when missing."""
    if re.match(r"^[a-z][a-z0-9+.-]*://", text, re.I) and not re.search(r"\s", text):
        return text
    match = _URL_IN_TEXT.search(text)
    if not match:
        return None
    found = match.group(0)
    return found if re.match(r"^https?://", found, re.I) else "https://" + found


def _parse_web_url(url: str) -> tuple[str, str] | None:
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        return None
    host = (parts.hostname or "").lower()
    if host in _NETEASE_HOSTS:
        return _netease(parts.path, parts.query, parts.fragment)
    if host == "y.qq.com" or host.endswith(".y.qq.com"):
        return _qqmusic(parts.path, parts.query)
    if host in _SPOTIFY_HOSTS:
        return _spotify(parts.path)
    if host == "deezer.com" or host.endswith(".deezer.com"):
        return _deezer(parts.path)
    return None


def _netease(path: str, query: str, fragment: str) -> tuple[str, str] | None:
    # The web app routes in the fragment: music.163.com/#/playlist?id=1 or /#/my/m/music/playlist?id=1.
    route, _, route_query = fragment.partition("?") if fragment.startswith("/") else (path, "", "")
    params = {**parse_qs(query), **parse_qs(route_query)}
    last = route.rstrip("/").rsplit("/", 1)[-1].lower()
    playlist_id = (params.get("id") or [""])[0]
    if last in ("playlist", "toplist") and _DIGITS.match(playlist_id):
        return "netease", playlist_id
    match = re.search(r"/playlist/(\d+)", route)
    return ("netease", match.group(1)) if match else None


def _qqmusic(path: str, query: str) -> tuple[str, str] | None:
    match = re.search(r"/playlist/(\d+)(?:\.html)?/?$", path)
    if match:
        return "qqmusic", match.group(1)
    params = parse_qs(query)
    for key in ("disstid", "id"):
        value = (params.get(key) or [""])[0]
        if _DIGITS.match(value) and (key == "disstid" or re.search(r"taoge|playlist|details", path, re.I)):
            return "qqmusic", value
    return None


def _spotify(path: str) -> tuple[str, str] | None:
    segments = [s for s in path.split("/") if s]
    for i, segment in enumerate(segments[:-1]):
        if segment == "playlist" and _SPOTIFY_ID.match(segments[i + 1]):
            return "spotify", segments[i + 1]
    return None


def _deezer(path: str) -> tuple[str, str] | None:
    match = re.fullmatch(r"(?:/[a-z]{2}(?:-[a-z]{2})?)?/playlist/(\d+)/?", path, re.I)
    return ("deezer", match.group(1)) if match else None


def _why_not(url: str) -> str:
    """A precise reason for links that belong to a platform but are not playlists."""
    lowered = url.lower()
    for word in ("song", "album", "artist", "track", "mv", "djradio", "episode", "show"):
        if re.search(rf"[/#]{word}(?:detail)?[/?]", lowered, re.I):
            article = "an" if word[0] in "aeiou" else "a"
            return f"is {article} {word} link, not a playlist; open the playlist itself and copy its link"
    return "is not a playlist link PlexM8 understands"
