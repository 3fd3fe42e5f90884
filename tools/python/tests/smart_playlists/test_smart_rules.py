"""The rules model on its own: translation to plexapi's filters and back, and what cannot be read back."""
from __future__ import annotations

import datetime as dt

import pytest
from plexm8.errors import Unprocessable
from plexm8.services.playlists.smart_rules import (
    SmartDefinition,
    SortSpec,
    parse_rules,
    parse_sort,
    read_back,
    to_plex_filters,
    to_plex_sort,
)

NAMES = {"album.genre": {"9": "Jazz", "2": "Folk"}, "track.mood": {"4": "Calm"}, "album.style": {}}


def _names(key: str) -> dict[str, str]:
    return NAMES[key]


def _definition(rules, match="all", sort=None, limit=None) -> SmartDefinition:
    return SmartDefinition(parse_rules(rules), match, parse_sort(sort), limit)


def test_filters_use_plexapi_operators_and_track_level_keys():
    definition = _definition([
        {"field": "userRating", "operator": ">=", "value": 8},
        {"field": "artist", "operator": "is", "value": "Björk"},
        {"field": "title", "operator": "not_contains", "value": ["live", "demo"]},
        {"field": "duration", "operator": "<", "value": 180},
        {"field": "lastViewedAt", "operator": "not_in_last", "value": "6m"},
        {"field": "addedAt", "operator": "after", "value": "2024-02-01"},
        {"field": "genre", "operator": "is_not", "value": "Jazz"},
    ], "any")
    filters = to_plex_filters(definition, {6: ["<genre choice>"]})
    assert filters == {"or": [
        {"or": [{"track.userRating>>": 8}, {"track.userRating": 8}]},
        {"artist.title=": "Björk"},
        {"track.title!": ["live", "demo"]},
        {"track.duration<<": 180_000},
        {"track.lastViewedAt<<": "6mon"},
        {"track.addedAt>>": dt.datetime(2024, 2, 1, tzinfo=dt.UTC)},
        {"album.genre!": ["<genre choice>"]},
    ]}


def test_one_rule_is_sent_without_a_group_and_no_rules_as_none():
    assert to_plex_filters(_definition([{"field": "year", "operator": "=", "value": 1999}]), {}) == {"album.year": 1999}
    assert to_plex_filters(_definition([]), {}) is None


def test_sort_strings():
    assert to_plex_sort(parse_sort("title,random")) == ("track.titleSort:asc", "track.random:asc")
    assert to_plex_sort(parse_sort({"field": "lastViewedAt"})) == ("track.lastViewedAt:desc",)
    assert parse_sort(None) == () and parse_sort([]) == ()
    assert parse_sort("year") == (SortSpec("year", "desc"),)


def test_read_back_of_plexapi_filters():
    raw = {"includeGuids": 1, "libtype": "track", "limit": 25, "sort": ["track.userRating:desc", "titleSort"],
           "filters": {"and": [
               {"or": [{"track.viewCount<<": "5"}, {"track.viewCount": "5"}]},
               {"album.genre": "9,2"},
               {"mood!": "4"},
               {"artist.title<": "The"},
               {"track.duration>>": "240500"},
               {"track.addedAt<<": "1704067200"},
               {"track.addedAt>>": "1704103200"},
               {"track.lastViewedAt>>": "-90m"},
           ]}}
    found = read_back(raw, _names)
    assert found.readable
    assert found.definition.match == "all" and found.definition.limit == 25
    assert [r.to_dict() for r in found.definition.rules] == [
        {"field": "viewCount", "operator": "<=", "value": 5},
        {"field": "genre", "operator": "is", "value": ["Jazz", "Folk"]},
        {"field": "mood", "operator": "is_not", "value": "Calm"},
        {"field": "artist", "operator": "starts_with", "value": "The"},
        {"field": "duration", "operator": ">", "value": 240.5},
        {"field": "addedAt", "operator": "before", "value": "2024-01-01"},
        {"field": "addedAt", "operator": "after", "value": "2024-01-01T10:00:00Z"},
        {"field": "lastViewedAt", "operator": "in_last", "value": "90min"},  # Plex's m is minutes
    ]
    assert [s.to_dict() for s in found.definition.sort] == [{"field": "userRating", "direction": "desc"},
                                                            {"field": "title", "direction": "asc"}]


def test_a_single_range_rule_reads_back_as_one_rule():
    found = read_back({"libtype": "track", "filters": {"or": [{"track.userRating>>": "7"},
                                                              {"track.userRating": "7"}]}}, _names)
    assert [r.to_dict() for r in found.definition.rules] == [{"field": "userRating", "operator": ">=", "value": 7}]


def test_a_tag_id_plex_no_longer_knows_is_shown_as_is():
    found = read_back({"libtype": "track", "filters": {"album.genre": "77"}}, _names)
    assert found.definition.rules[0].value == "77"


@pytest.mark.parametrize("raw", [
    {"libtype": "track", "filters": {"track.skipCount>>": "3"}},                       # a field we do not offer
    {"libtype": "track", "filters": {"and": [{"or": [{"track.title": "a"}, {"album.title": "b"}]},
                                             {"track.userRating>>": "2"}]}},           # nested groups
    {"libtype": "track", "filters": {"track.addedAt": "1704067200"}},                  # date "is"
    {"libtype": "track", "filters": {"track.userRating>>": "high"}},                   # not a number
    {"libtype": "track", "filters": {"track.userRating>>": "1,2"}},                    # several numbers
    {"libtype": "album", "filters": {"album.title": "x"}},                             # albums, not tracks
    {"libtype": "track", "sort": ["track.userRating:nullsLast"]},                      # sort direction
    {"libtype": "track", "sort": ["track.skipCount:desc"]},                            # sort field
])
def test_what_the_api_cannot_express_is_flagged_not_guessed(raw):
    found = read_back({**raw, "limit": 9}, _names)
    assert found.readable is False
    assert found.definition.rules == () and found.definition.sort == () and found.definition.limit == 9


def test_unparseable_filters_are_unreadable():
    assert read_back(None, _names).readable is False


def test_parse_errors_name_the_rule():
    with pytest.raises(Unprocessable) as caught:
        parse_rules([{"field": "year", "operator": "=", "value": 1999}, {"field": "Year", "operator": "=", "value": 1}])
    assert caught.value.field == "rules.1.field" and "'Year'" in caught.value.message
