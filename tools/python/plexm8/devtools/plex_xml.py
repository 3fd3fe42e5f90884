"""Plex XML exactly as plexapi 4.18.3 parses it, built with string joins so that a page of
thousands of tracks costs little (track elements are cached per item revision)."""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TypedDict
from urllib.parse import quote

from plexm8.devtools import media_query as mq
from plexm8.devtools.sample_library import Library, SimAlbum, SimArtist, SimPlaylist, SimTrack

XML_HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n'
LIBRARY_IDENTIFIER = "com.plexapp.plugins.library"
MEDIA_TAG_PREFIX = "/system/bundle/media/flags/"
MEDIA_TAG_VERSION = "1700000000"

# XML-escape for attribute values; control characters XML 1.0 cannot carry are dropped.
_ESCAPE: dict[int, str | None] = {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;", ord('"'): "&quot;",
           ord("\n"): "&#10;", ord("\r"): "&#13;", ord("\t"): "&#9;"}
_ESCAPE.update({c: None for c in range(32) if c not in (9, 10, 13)})


class SectionAttrs(TypedDict):
    """Attributes Plex puts on containers of library items."""

    allowSync: bool
    identifier: str
    librarySectionID: int
    librarySectionTitle: str
    librarySectionUUID: str
    mediaTagPrefix: str
    mediaTagVersion: str


_NEEDS_ESCAPE = re.compile(r'[&<>"\x00-\x1f]')
_AUDIO = {"flac": ("flac", 1411), "mp3": ("mp3", 320), "m4a": ("aac", 256), "ogg": ("vorbis", 192),
          "wav": ("pcm", 1411)}


def escape(value: object) -> str:
    """An attribute value, escaped (booleans as 1/0 like Plex)."""
    if value.__class__ is str:
        return value.translate(_ESCAPE) if _NEEDS_ESCAPE.search(value) else value
    if value is True:
        return "1"
    if value is False:
        return "0"
    return str(value) if isinstance(value, (int, float)) else str(value).translate(_ESCAPE)


def attrs(pairs: Iterable[tuple[str, object]]) -> str:
    """`` name="value"`` for every pair whose value is not None."""
    return "".join([f' {name}="{escape(value)}"' for name, value in pairs if value is not None])


def element(tag: str, pairs: Iterable[tuple[str, object]], children: str = "") -> str:
    """One element, self-closing when it has no children."""
    if children:
        return f"<{tag}{attrs(pairs)}>{children}</{tag}>"
    return f"<{tag}{attrs(pairs)}/>"


def container(items: Sequence[str] = (), /, *, meta: str = "", **pairs: object) -> str:
    """A complete response document: <MediaContainer size=len(items)> holding ``meta`` and items."""
    head = attrs([("size", len(items)), *pairs.items()])
    body = meta + "".join(f"\n{item}" for item in items)
    return f"{XML_HEADER}<MediaContainer{head}>{body}\n</MediaContainer>\n"


def with_attribute(fragment: str, name: str, value: object) -> str:
    """An element fragment with one more attribute right after its tag name."""
    space = fragment.index(" ")
    return f'{fragment[:space]} {name}="{escape(value)}"{fragment[space:]}'


class PlexXml:
    """Element builders for one library; caches track elements by item revision."""

    def __init__(self, library: Library, section_uuid: str) -> None:
        self.lib = library
        self.section_uuid = section_uuid
        self._tracks: dict[int, tuple[int, str]] = {}

    # -- shared container attributes -------------------------------------------------------

    def section_attrs(self) -> SectionAttrs:
        """Attributes Plex puts on containers of library items."""
        lib = self.lib
        return {"allowSync": True, "identifier": LIBRARY_IDENTIFIER, "librarySectionID": lib.section_id,
                "librarySectionTitle": lib.section_title, "librarySectionUUID": self.section_uuid,
                "mediaTagPrefix": MEDIA_TAG_PREFIX, "mediaTagVersion": MEDIA_TAG_VERSION}

    @property
    def _section_attributes(self) -> str:
        return attrs(self._section_pairs()).lstrip()

    def _section_pairs(self) -> list[tuple[str, object]]:
        lib = self.lib
        return [("librarySectionID", lib.section_id), ("librarySectionKey", f"/library/sections/{lib.section_id}"),
                ("librarySectionTitle", lib.section_title)]

    def _tags(self, tag: str, kind: str, names: Iterable[str]) -> str:
        return "".join(
            f'<{tag}{attrs((("id", tid), ("filter", f"{kind}={tid}"), ("tag", name)))}/>'
            for name in names for tid in (self.lib.tag_id(kind, name),))

    # -- metadata items ----------------------------------------------------------------------

    def item(self, obj: SimArtist | SimAlbum | SimTrack) -> str:
        """The element of any metadata item."""
        if isinstance(obj, SimTrack):
            return self.track(obj)
        if isinstance(obj, SimAlbum):
            return self.album(obj)
        return self.artist(obj)

    def track(self, track: SimTrack) -> str:
        """<Track> with <Media><Part>, <Genre> and <Mood> children (cached)."""
        revision = self.lib.item_revision(track.rating_key)
        cached = self._tracks.get(track.rating_key)
        if cached is not None and cached[0] == revision:
            return cached[1]
        fragment = self._build_track(track)
        self._tracks[track.rating_key] = (revision, fragment)
        return fragment

    def _build_track(self, t: SimTrack) -> str:
        # The hot path of big listings: one template, escaping only the free-text values.
        lib, e = self.lib, escape
        album, artist = lib.albums[t.album_key], lib.artists[t.artist_key]
        rk, album_rk, artist_rk = t.rating_key, album.rating_key, artist.rating_key
        extension = t.file.rsplit(".", 1)[-1].lower()
        codec, bitrate = _AUDIO.get(extension, (extension, 320))
        stamp, artist_stamp = album.added_at, artist.added_at
        optional = attrs((
            ("titleSort", t.title_sort if t.title_sort != t.title else None),
            ("originalTitle", t.original_title), ("userRating", t.user_rating),
            ("lastRatedAt", t.last_rated_at if t.user_rating is not None else None),
            ("viewCount", t.view_count or None), ("lastViewedAt", t.last_viewed_at),
            ("skipCount", t.skip_count or None), ("ratingCount", t.rating_count), ("parentYear", album.year), ("year", t.year),
            ("musicAnalysisVersion", 1 if t.sonic is not None else None)))
        return (
            f'<Track ratingKey="{rk}" key="/library/metadata/{rk}" parentRatingKey="{album_rk}" '
            f'grandparentRatingKey="{artist_rk}" guid="{e(t.guid)}" parentGuid="{e(album.guid)}" '
            f'grandparentGuid="{e(artist.guid)}" type="track" title="{e(t.title)}" '
            f'grandparentKey="/library/metadata/{artist_rk}" parentKey="/library/metadata/{album_rk}" '
            f'{self._section_attributes} grandparentTitle="{e(artist.title)}" parentTitle="{e(album.title)}" '
            f'summary="" index="{t.index}" parentIndex="{t.disc}" '
            f'thumb="/library/metadata/{album_rk}/thumb/{stamp}" '
            f'art="/library/metadata/{artist_rk}/art/{artist_stamp}" '
            f'parentThumb="/library/metadata/{album_rk}/thumb/{stamp}" '
            f'grandparentThumb="/library/metadata/{artist_rk}/thumb/{artist_stamp}" '
            f'grandparentArt="/library/metadata/{artist_rk}/art/{artist_stamp}" duration="{t.duration_ms}" '
            f'addedAt="{t.added_at}" updatedAt="{t.updated_at}"{optional}>'
            f'<Media id="{rk}" duration="{t.duration_ms}" bitrate="{bitrate}" audioChannels="2" '
            f'audioCodec="{codec}" container="{extension}" hasVoiceActivity="0">'
            f'<Part id="{rk}" key="/library/parts/{rk}/{stamp}/file.{extension}" duration="{t.duration_ms}" '
            f'file="{e(t.file)}" size="{t.size_bytes}" container="{extension}" hasThumbnail="0"/></Media>'
            f'{self._tags("Genre", "genre", t.genres)}{self._tags("Mood", "mood", t.moods)}</Track>')

    def album(self, album: SimAlbum) -> str:
        """<Directory type="album"> with its tags."""
        lib = self.lib
        artist = lib.artists[album.artist_key]
        track_keys = lib._album_tracks.get(album.rating_key, ())
        played = sum(1 for k in track_keys if lib.tracks[k].view_count)
        pairs = [
            ("ratingKey", album.rating_key), ("key", f"/library/metadata/{album.rating_key}/children"),
            ("parentRatingKey", artist.rating_key), ("guid", album.guid), ("parentGuid", artist.guid),
            ("studio", album.studio), ("type", "album"), ("title", album.title),
            ("titleSort", album.title_sort if album.title_sort != album.title else None),
            ("parentKey", f"/library/metadata/{artist.rating_key}"), *self._section_pairs(),
            ("parentTitle", artist.title), ("summary", ""), ("index", 1), ("year", album.year),
            ("originallyAvailableAt", f"{album.year}-01-01" if album.year else None),
            ("thumb", f"/library/metadata/{album.rating_key}/thumb/{album.added_at}"),
            ("parentThumb", f"/library/metadata/{artist.rating_key}/thumb/{artist.added_at}"),
            ("leafCount", len(track_keys)), ("viewedLeafCount", played),
            ("addedAt", album.added_at), ("updatedAt", album.updated_at),
        ]
        children = (self._tags("Genre", "genre", album.genres) + self._tags("Style", "style", album.styles)
                    + self._tags("Mood", "mood", album.moods))
        return element("Directory", pairs, children)

    def artist(self, artist: SimArtist) -> str:
        """<Directory type="artist"> with its tags."""
        pairs = [
            ("ratingKey", artist.rating_key), ("key", f"/library/metadata/{artist.rating_key}/children"),
            ("guid", artist.guid), ("type", "artist"), ("title", artist.title),
            ("titleSort", artist.title_sort if artist.title_sort != artist.title else None),
            *self._section_pairs(), ("summary", ""), ("index", 1), ("albumSort", -1),
            ("thumb", f"/library/metadata/{artist.rating_key}/thumb/{artist.added_at}"),
            ("art", f"/library/metadata/{artist.rating_key}/art/{artist.added_at}"),
            ("addedAt", artist.added_at), ("updatedAt", artist.updated_at),
        ]
        children = self._tags("Genre", "genre", artist.genres) + self._tags("Style", "style", artist.styles)
        return element("Directory", pairs, children)

    # -- playlists --------------------------------------------------------------------------

    def playlist(self, playlist: SimPlaylist, tracks: list[SimTrack]) -> str:
        """<Playlist type="playlist" playlistType="audio"> summarising these items."""
        pairs = [
            ("ratingKey", playlist.rating_key), ("key", f"/playlists/{playlist.rating_key}/items"),
            ("guid", playlist.guid), ("type", "playlist"), ("title", playlist.title),
            ("summary", playlist.summary), ("smart", playlist.smart), ("playlistType", "audio"),
            ("composite", f"/playlists/{playlist.rating_key}/composite/{playlist.updated_at}"),
            ("icon", "playlist://image.smart" if playlist.smart else None),
            ("viewCount", playlist.view_count or None), ("lastViewedAt", playlist.last_viewed_at),
            ("leafCount", len(tracks)), ("duration", sum(t.duration_ms for t in tracks)),
            ("addedAt", playlist.added_at), ("updatedAt", playlist.updated_at), ("allowSync", True),
            ("content", self.smart_content(playlist) if playlist.smart else None),
        ]
        return element("Playlist", pairs)

    def smart_content(self, playlist: SimPlaylist) -> str:
        """The ``content`` URI of a smart playlist (plexapi parses its query for ``filters()``)."""
        uri = playlist.filter_uri or ""
        path = uri[uri.find("/library/"):] if "/library/" in uri else ""
        return f"library://{self.section_uuid}/directory/{quote(path, safe='')}"

    # -- sections and their Meta ------------------------------------------------------------

    def section_directory(self, created_at: int) -> str:
        """The music section as /library/sections lists it."""
        lib = self.lib
        stamp = max([created_at, *(t.updated_at for t in lib.tracks.values())]) if lib.tracks else created_at
        pairs = [
            ("allowSync", True), ("art", "/:/resources/artist-fanart.jpg"),
            ("composite", f"/library/sections/{lib.section_id}/composite/{stamp}"), ("filters", True),
            ("refreshing", False), ("thumb", "/:/resources/artist.png"), ("key", lib.section_id),
            ("type", "artist"), ("title", lib.section_title), ("agent", "tv.plex.agents.music"),
            ("scanner", "Plex Music"), ("language", "en-US"), ("uuid", self.section_uuid),
            ("updatedAt", stamp), ("createdAt", created_at), ("scannedAt", stamp), ("content", True),
            ("directory", True), ("contentChangedAt", lib.revision), ("hidden", 0),
        ]
        location = element("Location", (("id", 1), ("path", lib.section_location)))
        return element("Directory", pairs, location)

    def meta(self) -> str:
        """The <Meta> element of ``includeMeta=1``: Types with Filters, Sorts, Fields; FieldTypes."""
        section = self.lib.section_id
        types = []
        for level in mq.LEVELS:
            number = mq.TYPE_NUMBER[level]
            filters = "".join(element("Filter", (
                ("filter", f.name), ("filterType", "string"),
                ("key", f"/library/sections/{section}/{f.name}?type={number}"),
                ("title", f.title), ("type", "filter")))
                for f in mq.advertised_fields(level) if f.kind == "tag" and f.level == level)
            first_character = f"/library/sections/{section}/firstCharacter"
            sorts = "".join(element("Sort", (
                ("defaultDirection", s.default_direction), ("descKey", f"{s.name}:desc"),
                ("firstCharacterKey", first_character if s.name == "titleSort" else None),
                ("key", s.name), ("title", s.title))) for s in mq.advertised_sorts(level))
            fields = "".join(element("Field", (("key", f.key), ("title", f.title), ("type", f.kind),
                                               ("subType", f.sub_type))) for f in mq.advertised_fields(level))
            types.append(element("Type", (
                ("key", f"/library/sections/{section}/all?type={number}"), ("type", level),
                ("title", mq.LEVEL_TITLES[level]), ("active", False)), filters + sorts + fields))
        field_types = "".join(
            element("FieldType", (("type", kind),), "".join(element("Operator", (("key", key), ("title", title)))
                                                         for key, title in operators))
            for kind, operators in mq.OPERATORS.items() if kind != "guid")  # plexapi adds "guid" itself
        return "\n" + element("Meta", (), "".join(types) + field_types)  # not counted in size
