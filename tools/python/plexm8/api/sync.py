"""Playlist sync from music platforms: /api/sync (preview, tasks, runs, review and pinned matches, library index)."""
from __future__ import annotations

from typing import Any, Literal

from flask import Blueprint, jsonify
from pydantic import BaseModel, Field

from plexm8.api.local_caller import local_files_allowed
from plexm8.api.models import DeletedById
from plexm8.api.schema import Body, Query, endpoint
from plexm8.runtime import runtime
from plexm8.services.sync.service import TaskInput, TaskState
from plexm8.services.sync.shapes import match_to_dict, run_to_dict, task_to_dict, unmatched_to_dict
from plexm8.services.tracks import parse_track_key

bp = Blueprint("sync", __name__, url_prefix="/api/sync")
FEATURES = ("sync",)
ID = Field(ge=1, le=2**62)


class PreviewBody(Body):
    url: str = Field(min_length=1, max_length=2000, description="playlist link, provider:id or a local file path")


class TrackOut(BaseModel):
    external_id: str
    title: str
    artists: list[str]
    album: str
    duration_ms: int | None


class PreviewResponse(BaseModel):
    provider: str
    playlist_id: str
    name: str
    track_count: int
    tracks: list[TrackOut]


class TaskCreate(Body):
    name: str | None = Field(default=None, max_length=200)
    source_url: str = Field(min_length=1, max_length=2000)
    playlist_title: str = Field(min_length=1, max_length=300)
    schedule: str | None = Field(default=None, max_length=100, description="5-field cron, local time")
    mode: Literal["mirror", "append"] = "mirror"
    enabled: bool = True
    server_id: int | None = Field(default=None, ge=1, le=2**62)


class TaskUpdate(Body):
    name: str | None = Field(default=None, max_length=200)
    source_url: str | None = Field(default=None, min_length=1, max_length=2000)
    playlist_title: str | None = Field(default=None, min_length=1, max_length=300)
    schedule: str | None = Field(default=None, max_length=100)
    mode: Literal["mirror", "append"] | None = None
    enabled: bool | None = None
    server_id: int | None = Field(default=None, ge=1, le=2**62)


class RunOut(BaseModel):
    id: int
    task_id: int
    trigger: str
    status: Literal["queued", "running", "succeeded", "failed"]
    started_at: str | None
    finished_at: str | None
    total: int
    matched: int
    unmatched: int
    added: int
    removed: int
    moved: int
    plex_writes: int
    error: str | None
    interrupted: bool = Field(description="the backend stopped during the run; with status succeeded, the next "
                                          "start finished the Plex playlist as planned")


class TaskOut(BaseModel):
    id: int
    name: str
    source_url: str
    provider: str
    playlist_id: str
    playlist_title: str
    schedule: str | None
    mode: str
    enabled: bool
    server_id: int | None
    plex_playlist_key: int | None
    running: bool
    created_at: str
    updated_at: str
    last_run_at: str | None
    next_run_at: str | None
    last_run: RunOut | None


class TaskEnvelope(BaseModel):
    task: TaskOut


class TaskList(BaseModel):
    tasks: list[TaskOut]


class RunStarted(BaseModel):
    run_id: int


class RunEnvelope(BaseModel):
    run: RunOut


class RunList(BaseModel):
    runs: list[RunOut]


class BestCandidate(BaseModel):
    track_key: str
    title: str
    artist: str
    score: float


class UnmatchedOut(BaseModel):
    external_id: str
    title: str
    artists: list[str]
    album: str
    duration_ms: int | None
    reason: str
    best_candidate: BestCandidate | None


class UnmatchedList(BaseModel):
    unmatched: list[UnmatchedOut]
    count: int


class MatchedTrack(BaseModel):
    title: str
    artist: str
    album: str


class MatchOut(BaseModel):
    position: int
    external_id: str
    title: str
    artists: list[str]
    album: str
    duration_ms: int | None
    track_key: str | None
    score: float
    pinned: bool
    reasons: list[str]
    matched: MatchedTrack | None = Field(default=None, description="the library track of track_key, from the index")


class MatchList(BaseModel):
    matches: list[MatchOut]
    count: int


class PinBody(Body):
    external_id: str = Field(min_length=1, max_length=200)
    track_key: str | int | None = Field(description="/library/metadata/<ratingKey>, a ratingKey, or null = never match")


class PinResponse(BaseModel):
    success: bool
    external_id: str
    track_key: str | None = Field(description="null: this source track is never matched")


class RunsQuery(Query):
    limit: int = Field(default=50, ge=1, le=500)


class LibraryProgress(BaseModel):
    done: int
    total: int


class LibraryStatus(BaseModel):
    status: str
    track_count: int
    progress: LibraryProgress
    built_at: str | None
    refreshed_at: str | None
    error: str | None


class RefreshBody(Body):
    full: bool = False


class ExampleOut(BaseModel):
    name: str
    url: str
    provider: str


class ExampleList(BaseModel):
    examples: list[ExampleOut]


def _task_dict(task: Any) -> dict[str, Any]:
    return _task_out(runtime().sync.describe([task])[0])


def _task_out(state: TaskState) -> dict[str, Any]:
    return task_to_dict(state.task, state.running, state.last_run)


@bp.post("/preview")
@endpoint("Fetch a platform playlist and show its first tracks", tag="sync", body=PreviewBody,
          response=PreviewResponse, errors=(403, 404, 413, 502, 503, 504))
def preview(body: PreviewBody):
    """Name, size and the first 20 tracks of a source, nothing stored."""
    return jsonify(runtime().sync.preview(body.url, local_files_allowed()))


@bp.get("/examples")
@endpoint("Playlist links to try (the demo's sample playlists; empty outside --demo)", tag="sync",
          response=ExampleList)
def examples():
    """Links the Sync page offers; nothing is fetched."""
    rows = [{"name": e.name, "url": e.url, "provider": e.provider} for e in runtime().settings.sync_examples]
    return jsonify({"examples": rows})


@bp.get("/tasks")
@endpoint("List sync tasks", tag="sync", response=TaskList)
def list_tasks():
    """Every task with its last run."""
    sync = runtime().sync
    return {"tasks": [_task_out(state) for state in sync.describe(sync.list_tasks())]}


@bp.post("/tasks")
@endpoint("Create a sync task", tag="sync", body=TaskCreate, response=TaskEnvelope, status=201, errors=(403, 409, 502, 504))
def create_task(body: TaskCreate):
    """Store a task; the link and the cron are validated (422 naming the field)."""
    task = runtime().sync.create_task(TaskInput(**body.model_dump()), local_files_allowed())
    return jsonify({"task": _task_dict(task)}), 201


@bp.get("/tasks/<int:task_id>")
@endpoint("One sync task", tag="sync", response=TaskEnvelope, errors=(404,))
def get_task(task_id: int):
    """A task by id."""
    return jsonify({"task": _task_dict(runtime().sync.get_task(task_id))})


@bp.put("/tasks/<int:task_id>")
@endpoint("Change a sync task", tag="sync", body=TaskUpdate, response=TaskEnvelope, errors=(403, 404, 409))
def update_task(task_id: int, body: TaskUpdate):
    """Update the fields given (null clears the schedule)."""
    data = TaskInput(**body.model_dump(), fields_set=frozenset(body.model_fields_set))
    return jsonify({"task": _task_dict(runtime().sync.update_task(task_id, data, local_files_allowed()))})


@bp.delete("/tasks/<int:task_id>")
@endpoint("Delete a sync task (the Plex playlist stays)", tag="sync", response=DeletedById, errors=(404, 409))
def delete_task(task_id: int):
    """Delete the task, its runs and pins."""
    runtime().sync.delete_task(task_id)
    return jsonify({"success": True, "deleted": task_id})


@bp.post("/tasks/<int:task_id>/run")
@endpoint("Start a run now", tag="sync", response=RunStarted, status=202, errors=(404, 409))
def run_task(task_id: int):
    """Queue a run; 409 when the task is already running."""
    run = runtime().sync.start_run(task_id)
    return jsonify({"run_id": run.id}), 202


@bp.get("/runs/<int:run_id>")
@endpoint("One run", tag="sync", response=RunEnvelope, errors=(404,))
def get_run(run_id: int):
    """A run's status and counts."""
    return jsonify({"run": run_to_dict(runtime().sync.get_run(run_id))})


@bp.get("/tasks/<int:task_id>/runs")
@endpoint("A task's runs, newest first", tag="sync", query=RunsQuery, response=RunList, errors=(404,))
def list_runs(task_id: int, query: RunsQuery):
    """Runs of one task."""
    return jsonify({"runs": [run_to_dict(r) for r in runtime().sync.runs(task_id, query.limit)]})


@bp.get("/tasks/<int:task_id>/unmatched")
@endpoint("Source tracks the last run could not match, with their best candidate", tag="sync",
          response=UnmatchedList, errors=(404,))
def unmatched(task_id: int):
    """The unmatched list."""
    rows = [unmatched_to_dict(m) for m in runtime().sync.unmatched(task_id)]
    return jsonify({"unmatched": rows, "count": len(rows)})


@bp.get("/tasks/<int:task_id>/matches")
@endpoint("Every source track of the last run with what it matched", tag="sync", response=MatchList, errors=(404,))
def matches(task_id: int):
    """The review list, in source order."""
    sync = runtime().sync
    found = sync.matches(task_id)
    tracks = sync.matched_tracks(task_id, [m.rating_key for m in found if m.rating_key is not None])
    rows = [{**match_to_dict(m), "matched": tracks.get(m.rating_key) if m.rating_key is not None else None}
            for m in found]
    return jsonify({"matches": rows, "count": len(rows)})


@bp.put("/tasks/<int:task_id>/matches")
@endpoint("Pin a manual match (track_key null = never match)", tag="sync", body=PinBody, response=PinResponse,
          errors=(404,))
def pin_match(task_id: int, body: PinBody):
    """Store the pin; it wins on every later run."""
    rating_key = None if body.track_key is None else parse_track_key(body.track_key)
    runtime().sync.pin(task_id, body.external_id, rating_key)
    return jsonify({"success": True, "external_id": body.external_id,
                    "track_key": None if rating_key is None else f"/library/metadata/{rating_key}"})


@bp.get("/library")
@endpoint("The library index: status, size and build progress", tag="sync", response=LibraryStatus, errors=(503,))
def library_status():
    """State of the default server's index."""
    rt = runtime()
    return jsonify(rt.library.state(rt.servers.pick().id))


@bp.post("/library/refresh")
@endpoint("Refresh the library index now (full=true rebuilds it)", tag="sync", body=RefreshBody,
          response=LibraryStatus, errors=(502, 503, 504))
def library_refresh(body: RefreshBody):
    """Refresh the default server's index on this request."""
    rt = runtime()
    server, service = rt.servers.resolve()
    rt.library.refresh(server.id, service, full=body.full)
    return jsonify(rt.library.state(server.id))
