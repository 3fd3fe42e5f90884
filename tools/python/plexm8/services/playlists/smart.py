"""Smart playlists: API rules in, Plex's own smart playlists out (so every Plex client sees them update)."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from plexm8.errors import Conflict, Unprocessable
from plexm8.services.playlists.smart_rules import (
    FIELDS,
    ReadBack,
    SmartDefinition,
    has_control_characters,
    parse_rules,
    parse_sort,
    read_back,
    to_plex_filters,
    to_plex_sort,
)
from plexm8.services.plex_service import PlexService, PlexSmartPlaylists, SmartPlaylistRow, SmartQuery, TagChoice

_SHOWN_CHOICES = 15


class SmartPlaylists:
    """Create, read, change and delete smart playlists on one Plex server."""

    def __init__(self, service: PlexService) -> None:
        self.plex = PlexSmartPlaylists(service)

    # -- reading ---------------------------------------------------------------------------------

    def _names(self, plex_key: str) -> dict[str, str]:
        return {choice.id: choice.name for choice in self.plex.tag_choices(plex_key)}

    def _shape(self, row: SmartPlaylistRow) -> dict[str, Any]:
        found: ReadBack = read_back(row.filters, self._names)
        definition = found.definition
        return {
            "id": row.rating_key,
            "ratingKey": str(row.rating_key),
            "key": f"/playlists/{row.rating_key}",
            "title": row.title,
            "summary": row.summary,
            "smart": True,
            "leafCount": row.leaf_count,
            "duration": row.duration_ms,
            "rules": [rule.to_dict() for rule in definition.rules],
            "match": definition.match,
            "sort": [s.to_dict() for s in definition.sort],
            "limit": definition.limit,
            "rules_readable": found.readable,
            "plex_filter": row.query,
            "addedAt": row.added_at,
            "updatedAt": row.updated_at,
        }

    def list(self) -> list[dict[str, Any]]:
        """Every smart audio playlist, by title."""
        rows = sorted(self.plex.list(), key=lambda r: (r.title.casefold(), r.rating_key))
        return [self._shape(row) for row in rows]

    def get(self, rating_key: int) -> dict[str, Any]:
        """One smart playlist with its rules read back from Plex (404 for unknown or regular playlists)."""
        return self._shape(self.plex.get(rating_key))

    # -- writing ---------------------------------------------------------------------------------

    def _tags(self, definition: SmartDefinition) -> dict[int, list[TagChoice]]:
        """Plex's tag choice for every name in tag rules (422 naming the rule when Plex has no such tag)."""
        resolved: dict[int, list[TagChoice]] = {}
        for index, rule in enumerate(definition.rules):
            spec = FIELDS[rule.field]
            if spec.kind != "tag":
                continue
            choices = self.plex.tag_choices(spec.plex_key)
            by_name = {choice.name.casefold(): choice for choice in choices}
            wanted = rule.value if isinstance(rule.value, list) else [rule.value]
            picked = []
            for name in wanted:
                choice = by_name.get(name.strip().casefold())
                if choice is None:
                    known = sorted((c.name for c in choices), key=str.casefold)
                    shown = ", ".join(known[:_SHOWN_CHOICES]) + (", …" if len(known) > _SHOWN_CHOICES else "")
                    raise Unprocessable(f"rules.{index}.value: the library has no {rule.field} {name!r} "
                                        f"(it has: {shown or 'none'}).", field=f"rules.{index}.value")
                picked.append(choice)
            resolved[index] = picked
        return resolved

    def _query(self, definition: SmartDefinition) -> SmartQuery:
        return SmartQuery(to_plex_filters(definition, self._tags(definition)), to_plex_sort(definition.sort),
                          definition.limit)

    def create(self, title: str, rules: Any, match: str = "all", sort: Any = None,
               limit: int | None = None) -> dict[str, Any]:
        """Validate the rules, then create the Plex smart playlist (nothing is sent to Plex if invalid)."""
        definition = SmartDefinition(parse_rules(rules), match, parse_sort(sort), limit)
        title = _title(title)
        return self._shape(self.plex.create(title, self._query(definition)))

    def count(self, rules: Any, match: str = "all", sort: Any = None, limit: int | None = None) -> int:
        """How many tracks these rules would select, without creating anything."""
        definition = SmartDefinition(parse_rules(rules), match, parse_sort(sort), limit)
        return self.plex.count(self._query(definition))

    def update(self, rating_key: int, changes: Mapping[str, Any]) -> dict[str, Any]:
        """Rename and/or change rules, match, sort, limit; keys absent from `changes` keep their value."""
        title = _title(changes["title"]) if changes.get("title") is not None else None
        rules = parse_rules(changes["rules"]) if changes.get("rules") is not None else None
        sort = parse_sort(changes["sort"]) if "sort" in changes else None
        redefine = rules is not None or any(k in changes for k in ("match", "sort", "limit"))
        query = None
        if redefine:
            current = read_back(self.plex.get(rating_key).filters, self._names)
            if not current.readable and rules is None:
                raise Conflict("This smart playlist holds rules made elsewhere that this API cannot express; "
                               "send `rules` to replace them.")
            definition = current.definition
            if rules is not None:
                definition = replace(definition, rules=rules)
            if changes.get("match") is not None:
                definition = replace(definition, match=changes["match"])
            if sort is not None:
                definition = replace(definition, sort=sort)
            if "limit" in changes:
                definition = replace(definition, limit=changes["limit"])
            query = self._query(definition)
        if title is None and query is None:
            return self.get(rating_key)
        return self._shape(self.plex.update(rating_key, title=title, query=query))

    def delete(self, rating_key: int) -> None:
        """Delete a smart playlist (404 for unknown or regular playlists)."""
        self.plex.delete(rating_key)


def _title(title: Any) -> str:
    if not isinstance(title, str) or not title.strip():
        raise Unprocessable("title must not be blank.", field="title")
    if has_control_characters(title):
        raise Unprocessable("title cannot hold control characters (tabs, line breaks…).", field="title")
    return title.strip()
