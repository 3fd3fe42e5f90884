"""The simulator's route table against the reference Plex OpenAPI spec, and the dispatcher against the table."""
from __future__ import annotations

import itertools
import os
import re
from pathlib import Path

import pytest
import yaml
from plexm8.devtools.plex_routes import ROUTES, SAME, Route
from plexm8.devtools.plex_simulator import PlexSimulator
from plexm8.devtools.sample_library import generate_library

SPEC_NAME = "plex-media-server-openapi.yaml"
REPO = Path(__file__).resolve().parents[4]
SPEC_CANDIDATES = [
    Path(os.environ.get("PLEXM8_PLEX_OPENAPI", REPO / "reference" / SPEC_NAME)),
    REPO / "reference" / SPEC_NAME,
    REPO / "docs" / "reference" / SPEC_NAME,
    REPO.parent / "shared" / "reference" / SPEC_NAME,
]
METHODS = ("get", "put", "post", "delete", "patch", "head", "options")


def normalise(path: str) -> str:
    """A path template with its placeholder names erased ({ids} and {playlistItemId} alike)."""
    return re.sub(r"\{[^}]+\}", "{}", path)


@pytest.fixture(scope="module")
def spec() -> dict[str, dict]:
    """The spec's paths, keyed by normalised template."""
    path = next((p for p in SPEC_CANDIDATES if p.is_file()), None)
    if path is None:
        pytest.skip(f"{SPEC_NAME} not found (looked in {', '.join(map(str, SPEC_CANDIDATES))})")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    document = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    return {normalise(p): ops for p, ops in document["paths"].items()}


def operation(spec: dict[str, dict], path: str, method: str) -> dict | None:
    return spec.get(normalise(path), {}).get(method.lower())


def spec_path_of(route: Route) -> str:
    return route.path if route.spec_path == SAME else route.spec_path


def test_every_route_is_in_the_spec_or_says_why_not(spec: dict[str, dict]) -> None:
    for route in ROUTES:
        name = f"{route.method} {route.path}"
        if route.spec_path is None:
            assert operation(spec, route.path, route.method) is None, f"{name} is in the spec now: drop spec_path=None"
            assert route.why and route.plexapi_calls, f"{name}: an off-spec route must say why and quote plexapi"
        elif route.spec_method:
            assert operation(spec, spec_path_of(route), route.spec_method), f"{name}: spec has no {route.spec_method}"
            assert operation(spec, route.path, route.method) is None, f"{name} is in the spec now: drop spec_method"
            assert route.why and route.plexapi_calls, f"{name}: a method deviation must say why and quote plexapi"
        else:
            assert operation(spec, spec_path_of(route), route.method), f"{name} is not in the spec"


def test_routes_off_the_spec_are_ones_plexapi_really_calls() -> None:
    import plexapi

    source = "\n".join(p.read_text(encoding="utf-8") for p in Path(plexapi.__file__).parent.rglob("*.py"))
    for route in ROUTES:
        if route.plexapi_calls:
            assert route.plexapi_calls in source, f"{route.method} {route.path}: plexapi no longer has that call"


def test_status_codes_are_the_specs_or_declared(spec: dict[str, dict]) -> None:
    """A route may answer what its operation lists, 401 when the spec asks for a token, 400/404 when
    the spec lists them on another method of the same path; anything else is declared with a reason."""
    for route in ROUTES:
        if route.spec_path is None:
            continue
        op = operation(spec, spec_path_of(route), route.spec_method or route.method)
        public = op.get("security") == [{}]
        assert route.public == public, f"{route.method} {route.path}: spec says public={public}"
        documented = {int(code) for code in op.get("responses", {})}
        if not public:
            documented.add(401)  # the spec's global security: an X-Plex-Token is required
        path_codes = {int(code) for method in METHODS
                      for code in (operation(spec, spec_path_of(route), method) or {}).get("responses", {})}
        documented |= {400, 404} & path_codes
        answers = set(route.statuses) | (set() if route.public else {401})
        assert answers - documented == set(route.beyond_spec), f"{route.method} {route.path}"
        assert not route.beyond_spec or route.why, f"{route.method} {route.path}: say why"


def test_no_route_is_served_twice() -> None:
    keys = [(r.method, normalise(r.path)) for r in ROUTES]
    assert len(keys) == len(set(keys))


@pytest.fixture(scope="module")
def bare_sim() -> PlexSimulator:
    """A simulator that is never started: the tests call its dispatcher directly."""
    return PlexSimulator(generate_library(40, seed=1))


def concrete(path: str, value: str) -> str:
    return re.sub(r"\{[^}]+\}", value, path)


def test_dispatcher_serves_exactly_the_route_table(bare_sim: PlexSimulator) -> None:
    for route in ROUTES:
        response = bare_sim.dispatch(route.method, concrete(route.path, "1"), {})
        assert response.status == (200 if route.public else 401), f"{route.method} {route.path}"
        served = {r.method for r in ROUTES if r.match(concrete(route.path, "1")) is not None}
        for method in {"GET", "PUT", "POST", "DELETE"} - served:
            assert bare_sim.dispatch(method, concrete(route.path, "1"), {}).status == 405
    assert bare_sim.dispatch("GET", "/library/onDeck", {"X-Plex-Token": bare_sim.token}).status == 404
    assert bare_sim.dispatch("GET", "/butler", {"X-Plex-Token": bare_sim.token}).status == 404


BAD_QUERIES = ["", "type=abc", "type=99", "X-Plex-Container-Size=-1", "X-Plex-Container-Start=x", "limit=x",
               "sort=nope", "sort=titleSort:sideways", "title>>=3", "nosuchfield=1", "userRating>>=high",
               "push=1", "pop=1", "rating=11", "rating=x", "key=abc", "key=999999", "identifier=other&key=1",
               "uri=garbage", "uri=server://someone-else/com.plexapp.plugins.library/library/metadata/1",
               "title=&type=audio", "smart=maybe", "playlistType=book", "after=abc", "maxDistance=far",
               "query=", "sectionId=9", "addedAt>>=yesterday"]


def test_client_mistakes_never_get_a_5xx_nor_an_undeclared_status(bare_sim: PlexSimulator) -> None:
    playlist = bare_sim.library.create_playlist("fuzz", list(bare_sim.library.tracks)[:3])
    headers = {"X-Plex-Token": bare_sim.token}
    values = ["1", "999999", "abc", str(playlist.rating_key), str(playlist.items[0][0])]
    for route, value, query in itertools.product(ROUTES, values, BAD_QUERIES):
        target = concrete(route.path, value) + (f"?{query}" if query else "")
        status = bare_sim.dispatch(route.method, target, headers).status
        assert status < 500 and status in route.statuses, f"{route.method} {target} -> {status}"
