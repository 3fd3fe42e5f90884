"""Plex's own smart playlists through plexapi: create, list, read back their filters, update, rename, delete."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, unquote

from plexapi import exceptions as plex_errors
from plexapi.library import FilterChoice
from plexapi.playlist import Playlist

from plexm8.errors import APIError, NotFound, Unprocessable
from plexm8.services.plex_service.connection import PlexService
from plexm8.services.plex_service.xml_attrs import attr_int

log = logging.getLogger(__name__)

LIBTYPE = "track"  # every smart playlist made here lists tracks of the music section


@dataclass(frozen=True)
class TagChoice:
    """A genre/mood/style value Plex can filter on: its filter field, its id (what Plex stores) and its name."""

    field: str
    id: str
    name: str


@dataclass(frozen=True)
class SmartQuery:
    """What a smart playlist selects, in plexapi's terms: filters dict, sort strings and limit."""

    filters: dict[str, Any] | None
    sort: tuple[str, ...] = ()
    limit: int | None = None


@dataclass(frozen=True)
class SmartPlaylistRow:
    """A smart audio playlist as Plex reports it, with its filters as plexapi parses them back."""

    rating_key: int
    title: str
    summary: str
    leaf_count: int
    duration_ms: int
    added_at: int | None
    updated_at: int | None
    query: str  # the section search Plex stores, decoded for people to read
    filters: dict[str, Any] | None  # plexapi's Playlist.filters(); None when plexapi cannot parse it



def _stored_query(content: str) -> str:
    """`type=10&track.userRating>>=8…` from a content URI (library://…/directory/<quoted search path>)."""
    path = unquote(content)
    query = path.split("?", 1)[1] if "?" in path else ""
    return "&".join(f"{key}={value}" for key, value in parse_qsl(query, keep_blank_values=True)
                    if key != "includeGuids")


def _row(playlist: Playlist) -> SmartPlaylistRow:
    attrib = playlist._data.attrib  # read the XML: a missing attribute must never trigger a reload
    content = attrib.get("content", "")
    try:
        filters = playlist.filters() if content else None
    except (ValueError, KeyError, plex_errors.PlexApiException) as exc:
        log.info("Cannot parse the filters of smart playlist %s: %s", attrib.get("ratingKey"), exc)
        filters = None
    return SmartPlaylistRow(
        rating_key=int(attrib["ratingKey"]),
        title=attrib.get("title", ""),
        summary=attrib.get("summary", ""),
        leaf_count=attr_int(attrib.get("leafCount")) or 0,
        duration_ms=attr_int(attrib.get("duration")) or 0,
        added_at=attr_int(attrib.get("addedAt")),
        updated_at=attr_int(attrib.get("updatedAt")),
        query=_stored_query(content),
        filters=filters,
    )


def _is_smart_audio(item: Any) -> bool:
    return (isinstance(item, Playlist) and item._data.attrib.get("smart") == "1"
            and item._data.attrib.get("playlistType") == "audio")


class PlexSmartPlaylists:
    """Smart audio playlists of one Plex server; tag choices are cached for the life of this object."""

    def __init__(self, service: PlexService) -> None:
        self.service = service
        self._choices: dict[str, dict[str, FilterChoice]] = {}

    # -- reading ---------------------------------------------------------------------------------

    def tag_choices(self, field_key: str) -> list[TagChoice]:
        """The values Plex offers for a tag filter such as `album.genre` (one request per field)."""
        if field_key not in self._choices:
            section = self.service.music_section()
            try:
                with self.service._errors():
                    choices = section.listFilterChoices(field_key, libtype=LIBTYPE)
            except NotFound:
                raise Unprocessable(f"This Plex server offers no {field_key} filter for tracks.") from None
            self._choices[field_key] = {str(c.key): c for c in choices}
        return [TagChoice(field_key, key, c.title or "") for key, c in self._choices[field_key].items()]

    def list(self) -> list[SmartPlaylistRow]:
        """Every smart audio playlist on the server (one listing request)."""
        server = self.service.server()
        playlists = self.service.run("list playlists", server.playlists, playlistType="audio")
        return [_row(p) for p in playlists if _is_smart_audio(p)]

    def _fetch(self, rating_key: int) -> Playlist:
        server = self.service.server()
        try:
            item = self.service.run("get playlist", server.fetchItem, f"/playlists/{rating_key}")
        except NotFound:
            item = None
        if not _is_smart_audio(item):
            raise NotFound(f"There is no smart playlist {rating_key}. List them with GET /api/smart-playlists.")
        return item

    def get(self, rating_key: int) -> SmartPlaylistRow:
        """One smart playlist (404 for an unknown id or a regular playlist)."""
        return _row(self._fetch(rating_key))

    # -- writing ---------------------------------------------------------------------------------

    def _plexapi_filters(self, node: Any) -> Any:
        """The filters with TagChoice values swapped for plexapi FilterChoice objects (no lookup request)."""
        if isinstance(node, dict):
            return {key: self._plexapi_filters(value) for key, value in node.items()}
        if isinstance(node, list):
            return [self._plexapi_filters(value) for value in node]
        if isinstance(node, TagChoice):
            return self._choices.get(node.field, {}).get(node.id, node.id)
        return node

    def _check(self, section: Any, query: SmartQuery) -> dict[str, Any]:
        """plexapi's own validation of the query against the section's advertised fields (422 if refused)."""
        kwargs = {"sort": list(query.sort) or None, "limit": query.limit,
                  "filters": self._plexapi_filters(query.filters)}
        with self.service._errors():
            section.filterTypes()  # load the section's fields first: a failure here is Plex's, not the rules'
        try:
            section._buildSearchKey(libtype=LIBTYPE, **kwargs)
        except (plex_errors.NotFound, plex_errors.BadRequest) as exc:
            raise Unprocessable(f"Plex does not accept these smart playlist rules: {exc}") from None
        return kwargs

    def count(self, query: SmartQuery) -> int:
        """How many tracks the rules select now (Plex's totalSize of a one-item page; the limit caps it)."""
        section = self.service.music_section()
        kwargs = self._check(section, query)
        key = section._buildSearchKey(libtype=LIBTYPE, **{**kwargs, "limit": None})
        server = self.service.server()
        data = self.service.run("count smart playlist tracks", server.query, key,
                                headers={"X-Plex-Container-Start": "0", "X-Plex-Container-Size": "1"})
        total = int(data.attrib.get("totalSize", data.attrib.get("size", 0))) if data is not None else 0
        return min(total, query.limit) if query.limit else total

    def create(self, title: str, query: SmartQuery) -> SmartPlaylistRow:
        """Create a smart playlist of tracks in the music section."""
        section = self.service.music_section()
        kwargs = self._check(section, query)
        server = self.service.server()
        playlist = self.service.run("create smart playlist", server.createPlaylist, title, section=section,
                                    smart=True, libtype=LIBTYPE, **kwargs)
        return _row(playlist)  # Plex answers with the new playlist, rules and counts included

    def update(self, rating_key: int, *, title: str | None = None, query: SmartQuery | None = None) -> SmartPlaylistRow:
        """Rename and/or replace the rules; if the rules fail to save, the old title is put back."""
        playlist = self._fetch(rating_key)
        old_title = playlist._data.attrib.get("title", "")
        kwargs = None
        if query is not None:
            section = self.service.run("playlist section", playlist.section)
            kwargs = self._check(section, query)
        renamed = title is not None and title != old_title
        if renamed:
            self.service.run("rename playlist", playlist.editTitle, title)
        if kwargs is not None:
            try:
                self.service.run("update smart filters", playlist.updateFilters, **kwargs)
            except APIError:
                if renamed:
                    self._restore_title(playlist, old_title)
                raise
        return self.get(rating_key)

    def _restore_title(self, playlist: Playlist, old_title: str) -> None:
        try:
            self.service.run("restore playlist title", playlist.editTitle, old_title)
        except APIError as exc:
            log.warning("Could not restore the title of playlist %s: %s", playlist.ratingKey, exc.message)

    def delete(self, rating_key: int) -> None:
        """Delete a smart playlist (404 for an unknown id or a regular playlist)."""
        playlist = self._fetch(rating_key)
        self.service.run("delete playlist", playlist.delete)

