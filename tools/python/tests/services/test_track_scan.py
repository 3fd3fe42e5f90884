"""The fast reader of track pages gives exactly ElementTree's rows, or hands the page back to ElementTree."""
from __future__ import annotations

import itertools
from typing import Any

import requests
from hypothesis import given, settings
from hypothesis import strategies as st
from plexm8.services.plex_service.library import TrackRow, _parse_page, _track_row
from plexm8.services.plex_service.track_scan import scan_tracks

SORTS = {"7": "Artist, The"}


def _tree_rows(body: bytes, sorts: dict[str, str] | None = SORTS) -> tuple[list[TrackRow], int | None]:
    return _parse_page(body, lambda e: _track_row(e, sorts) if e.tag == "Track" else None)


def _escape(value: str, quote: str = '"', raw_gt: bool = False) -> str:
    out = value.replace("&", "&amp;").replace("<", "&lt;").replace(quote, "&quot;" if quote == '"' else "&apos;")
    out = out.replace("\n", "&#10;").replace("\t", "&#9;").replace("\r", "&#13;")
    return out if raw_gt else out.replace(">", "&gt;")


def _page(tracks: list[dict[str, str]], *, quote: str = '"', sep: str = " ", eq: str = "=", raw_gt: bool = False,
          comment: bool = False, total: int | None = None, size: int | None = None,
          styles: list[dict[str, Any]] | None = None) -> bytes:
    """A listing page written as an XML writer may write it (Plex's own style with the defaults).

    `styles`, when given, are used in turn for each element (the container, then each track's tags).
    """
    turns = itertools.cycle(styles or [{"quote": quote, "sep": sep, "eq": eq, "raw_gt": raw_gt}])

    def attrs(pairs: dict[str, str]) -> str:
        style = next(turns)
        q, s, e, gt = style["quote"], style["sep"], style["eq"], style["raw_gt"]
        return "".join(f"{s}{name}{e}{q}{_escape(value, q, gt)}{q}" for name, value in pairs.items())

    count = len(tracks) if size is None else size
    head = attrs({"size": str(count), "totalSize": str(total if total is not None else count)})
    items = []
    for track in tracks:
        own = {k: v for k, v in track.items() if k not in ("file", "guids")}
        children = ""
        if "file" in track:
            children += f"<Media{attrs({'id': '1'})}><Part{attrs({'id': '1', 'file': track['file']})}/></Media>"
        children += f"<Genre{attrs({'tag': 'Rock'})}/>"
        children += "".join(f"<Guid{attrs({'id': guid})}/>" for guid in track.get("guids", "").split())
        items.append(f"<Track{attrs(own)}>{children}</Track>")
    note = "<!-- listing -->" if comment else ""
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n{note}<MediaContainer{head}>\n' + "\n".join(items)
            + "\n</MediaContainer>\n").encode()


def _track(key: int, title: str, **extra: str) -> dict[str, str]:
    track = {"ratingKey": str(key), "title": title, "grandparentTitle": "Artist", "parentTitle": "Album",
             "grandparentRatingKey": "7", "duration": "200000", "addedAt": "1546546702", "updatedAt": "1546546703",
             "guid": f"plex://track/{key}", "file": f"/music/{title}.mp3"}
    track.update(extra)
    return track


def test_the_simulators_pages_take_the_fast_path_and_read_the_same(plex_sim):
    plex_sim.library.add_track('Tom & "Jerry" <Live> \u00e9t\u00e9', "\u5468\u6770\u502b", "Caf\u00e9 = Bar",
                               duration_ms=1000, title_sort="Tom and Jerry")
    plex_sim.library.add_track("Line\nbreak\tand tab", "A  B", "  spaced  ", duration_ms=2000)
    url = f"{plex_sim.url}/library/sections/1/all?type=10&sort=addedAt"
    for start in (0, 150):
        headers = {"X-Plex-Token": plex_sim.token, "X-Plex-Container-Start": str(start),
                   "X-Plex-Container-Size": "200"}
        body = requests.get(url, headers=headers, timeout=10).content
        scanned = scan_tracks(body, TrackRow, SORTS)
        assert scanned is not None  # Plex's plain shape never needs ElementTree
        assert scanned == _tree_rows(body)
    titles = {row.title for row in scanned[0]}
    assert 'Tom & "Jerry" <Live> \u00e9t\u00e9' in titles and "Line\nbreak\tand tab" in titles


def test_entities_guids_sort_names_and_missing_attributes_read_like_elementtree():
    tracks = [
        _track(1, "A \U0001F600 \u00e9 'x' & co", titleSort="A", originalTitle="Orig", guids="mbid://1 tvdb://2"),
        {"ratingKey": "2", "title": "No media, no numbers"},
        _track(3, "Self=\"closing\"", duration="n/a"),
    ]
    body = _page(tracks).replace(b'<Track ratingKey="2" title="No media, no numbers"></Track>',
                                 b'<Track ratingKey="2" title="No media, no numbers"/>')
    written = "A \U0001F600 \u00e9 'x' &amp; co".encode()
    body = body.replace(written, b"A &#x1F600; &#233; &apos;x&apos; &amp; co")
    assert body.count(b"&#233;") == 2  # the title and the file name
    scanned = scan_tracks(body, TrackRow, SORTS)
    assert scanned is not None and scanned == _tree_rows(body)
    rows = scanned[0]
    assert rows[0].title == "A \U0001F600 \u00e9 'x' & co" and rows[0].guids == "plex://track/1 mbid://1 tvdb://2"
    assert rows[0].title_sort == "A" and rows[0].artist_sort == "Artist, The" and rows[0].original_title == "Orig"
    assert rows[1].file_path is None and rows[1].duration_ms is None and rows[1].artist == ""
    assert rows[2].duration_ms is None


def test_shapes_the_scanner_cannot_read_exactly_go_to_elementtree():
    tracks = [_track(1, "a > b"), _track(2, "plain")]
    for odd in (_page(tracks, quote="'"), _page(tracks, sep="\n  "), _page(tracks, eq=" = "),
                _page(tracks, raw_gt=True), _page(tracks, comment=True), _page(tracks, size=3),
                _page(tracks)[:-40] + b"</MediaContainer>",
                _page(tracks).replace(b"UTF-8", b"ISO-8859-1"),
                _page([_track(1, "x")]).replace(b'title="x"', b'title="x &nbsp; y"')):
        assert scan_tracks(odd, TrackRow, SORTS) is None


_TEXT = st.lists(st.sampled_from(list("ab =&<>\"' \n\t\r;#x\u00e9\u5468\U0001F600") + ["&amp;", "&#10;", '="']),
                 max_size=12).map("".join)


_STYLE = st.fixed_dictionaries({"quote": st.sampled_from(['"', "'"]), "sep": st.sampled_from([" ", "  ", "\n", " \t"]),
                                 "eq": st.sampled_from(["=", " =", "= "]), "raw_gt": st.booleans()})
_PLEX_STYLE = {"quote": '"', "sep": " ", "eq": "=", "raw_gt": False}


@settings(max_examples=400, deadline=None)
@given(titles=st.lists(_TEXT, min_size=1, max_size=4),
       styles=st.lists(st.one_of(st.just(_PLEX_STYLE), _STYLE), min_size=1, max_size=12))
def test_any_well_formed_page_reads_as_elementtree_reads_it_or_goes_to_it(titles, styles):
    tracks = [_track(i + 1, title, grandparentTitle=title[::-1], titleSort=title.strip(),
                     guids=f"a://{''.join(title.split())} b://2") for i, title in enumerate(titles)]
    body = _page(tracks, styles=[_PLEX_STYLE, *styles])  # the container plain: every track is read
    expected = _tree_rows(body)
    scanned = scan_tracks(body, TrackRow, SORTS)
    assert scanned is None or scanned == expected
    plex_style = _page(tracks)
    assert scan_tracks(plex_style, TrackRow, SORTS) == _tree_rows(plex_style)
