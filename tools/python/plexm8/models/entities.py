"""The stored tables of the backend."""
from __future__ import annotations

import datetime as dt

from peewee import (
    AutoField,
    BooleanField,
    CharField,
    CompositeKey,
    DateTimeField,
    FloatField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from plexm8.models.db import BaseModel


def utcnow() -> dt.datetime:
    """The current time in UTC, without tzinfo (as stored)."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def iso(value: dt.datetime | None) -> str | None:
    """A stored UTC datetime as an ISO 8601 string ending in Z."""
    if value is None:
        return None
    return value.replace(microsecond=0).isoformat() + "Z"


class PlexServer(BaseModel):
    """A Plex server the user added; the token is stored encrypted."""

    id = AutoField()
    name = CharField()
    url = CharField()
    token_encrypted = TextField(null=True)
    verify_ssl = BooleanField(default=True)
    is_default = BooleanField(default=False)
    from_env = BooleanField(default=False)
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)

    class Meta:
        table_name = "plex_server"


class LogEntry(BaseModel):
    """One stored log record, served by /api/logs."""

    id = AutoField()
    ts = DateTimeField(default=utcnow, index=True)
    level = CharField(index=True)
    levelno = IntegerField(default=20)
    logger = CharField()
    message = TextField()
    task_id = IntegerField(null=True, index=True)

    class Meta:
        table_name = "log_entry"


class LibraryTrack(BaseModel):
    """One track of a Plex server's music section, as indexed for matching."""

    server_id = IntegerField()
    rating_key = IntegerField()
    title = TextField()
    artist = TextField(default="")
    original_title = TextField(default="")
    album = TextField(default="")
    duration_ms = IntegerField(null=True)
    file_path = TextField(null=True)
    guids = TextField(default="")
    added_at = IntegerField(null=True)
    updated_at = IntegerField(null=True)
    title_key = TextField(default="")
    artist_key = TextField(default="")

    class Meta:
        table_name = "library_track"
        primary_key = CompositeKey("server_id", "rating_key")


class LibraryState(BaseModel):
    """How far the index of one server's library is built."""

    server_id = IntegerField(primary_key=True)
    machine_identifier = TextField(null=True)
    section_key = TextField(null=True)
    status = TextField(default="empty")
    progress_done = IntegerField(default=0)
    progress_total = IntegerField(default=0)
    track_count = IntegerField(default=0)
    max_updated_at = IntegerField(null=True)
    built_at = DateTimeField(null=True)
    refreshed_at = DateTimeField(null=True)
    error = TextField(null=True)

    class Meta:
        table_name = "library_state"


class SyncTask(BaseModel):
    """A platform playlist kept in step with a Plex playlist."""

    id = AutoField()
    name = TextField()
    source_url = TextField()
    provider = TextField()
    playlist_id = TextField()
    playlist_title = TextField()
    schedule = TextField(null=True)
    mode = TextField(default="mirror")
    enabled = BooleanField(default=True)
    server_id = IntegerField(null=True)
    plex_playlist_key = IntegerField(null=True)
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)
    last_run_at = DateTimeField(null=True)
    next_run_at = DateTimeField(null=True)

    class Meta:
        table_name = "sync_task"


class SyncRun(BaseModel):
    """One run of a sync task."""

    id = AutoField()
    task = ForeignKeyField(SyncTask, backref="runs", on_delete="CASCADE", column_name="task_id")
    trigger = TextField(default="manual")
    status = TextField(default="queued")
    started_at = DateTimeField(null=True)
    finished_at = DateTimeField(null=True)
    total = IntegerField(default=0)
    matched = IntegerField(default=0)
    unmatched = IntegerField(default=0)
    added = IntegerField(default=0)
    removed = IntegerField(default=0)
    moved = IntegerField(default=0)
    plex_writes = IntegerField(default=0)
    error = TextField(null=True)
    interrupted = BooleanField(default=False)  # the backend stopped during the run (finished at the next start)
    created_at = DateTimeField(default=utcnow)

    class Meta:
        table_name = "sync_run"


class SyncMatch(BaseModel):
    """What one source track matched in the last run of a task."""

    id = AutoField()
    task = ForeignKeyField(SyncTask, on_delete="CASCADE", column_name="task_id")
    position = IntegerField()
    external_id = TextField()
    title = TextField()
    artists = TextField(default="[]")
    album = TextField(default="")
    duration_ms = IntegerField(null=True)
    rating_key = IntegerField(null=True)
    score = FloatField(default=0)
    pinned = BooleanField(default=False)
    reasons = TextField(default="[]")
    reason = TextField(default="")
    best_candidate = TextField(null=True)

    class Meta:
        table_name = "sync_match"


class PinnedMatch(BaseModel):
    """A user's manual choice for one source track (rating_key None = never match it)."""

    id = AutoField()
    task = ForeignKeyField(SyncTask, on_delete="CASCADE", column_name="task_id")
    external_id = TextField()
    rating_key = IntegerField(null=True)
    created_at = DateTimeField(default=utcnow)

    class Meta:
        table_name = "pinned_match"


class PlaylistWrite(BaseModel):
    """A journalled multi-request change of a Plex playlist, stored before its first request.

    `planned` (JSON ratingKeys) is what the playlist must end up holding: exactly that (`mode` mirror),
    those in order among other entries (append), or those after the first `base` entries (extend).
    A row still `pending` at start-up belonged to a process that stopped mid-way; it is finished then.
    """

    id = AutoField()
    kind = TextField()  # sync | create | add
    server_id = IntegerField(null=True)
    playlist_key = IntegerField(null=True)
    title = TextField()
    mode = TextField()  # mirror | append | extend
    planned = TextField()
    base = IntegerField(default=0)
    sync_run = ForeignKeyField(SyncRun, null=True, on_delete="SET NULL", column_name="sync_run_id")
    added = IntegerField(default=0)
    removed = IntegerField(default=0)
    moved = IntegerField(default=0)
    writes = IntegerField(default=0)
    status = TextField(default="pending")  # pending | done | failed
    error = TextField(null=True)
    created_at = DateTimeField(default=utcnow)
    finished_at = DateTimeField(null=True)

    class Meta:
        table_name = "playlist_write"


class RatingsImport(BaseModel):
    """One ratings import that writes to Plex: its plan and how far it got (resumable when interrupted)."""

    id = AutoField()
    server_id = IntegerField(null=True)
    source = TextField()
    policy = TextField()
    status = TextField(default="running")  # running | finished | interrupted | failed
    planned = IntegerField(default=0)
    written = IntegerField(default=0)
    failed = IntegerField(default=0)
    plan = TextField(default="[]")  # JSON [[ratingKey, rating], …] of the changes to write, in order
    error = TextField(null=True)
    created_at = DateTimeField(default=utcnow)
    finished_at = DateTimeField(null=True)
    resumed_at = DateTimeField(null=True)

    class Meta:
        table_name = "ratings_import"


class DownloadConfig(BaseModel):
    """The downloads settings (one row); the backend's key is stored encrypted."""

    id = IntegerField(primary_key=True, default=1)
    backend = TextField(default="none")
    base_url = TextField(null=True)
    api_key_encrypted = TextField(null=True)
    download_dir = TextField(null=True)
    library_dir = TextField(null=True)
    plex_library_path = TextField(null=True)
    filename_template = TextField(default="{artist}/{album}/{title}.{ext}")
    quality = TextField(default="lossless")
    max_concurrent = IntegerField(default=2)
    duration_tolerance_s = FloatField(default=5.0)
    auto_download = BooleanField(default=False)
    searches_per_minute = IntegerField(default=10)
    updated_at = DateTimeField(default=utcnow)

    class Meta:
        table_name = "download_config"


class DownloadSession(BaseModel):
    """One batch of songs to download (a task's missing songs, or one song)."""

    id = AutoField()
    task_id = IntegerField(null=True, index=True)
    status = TextField(default="queued")
    created_at = DateTimeField(default=utcnow)
    finished_at = DateTimeField(null=True)

    class Meta:
        table_name = "download_session"


class DownloadItem(BaseModel):
    """One song's way through the loop; `state` is persisted at every step so a restart resumes it."""

    id = AutoField()
    session = ForeignKeyField(DownloadSession, backref="items", on_delete="CASCADE", column_name="session_id")
    position = IntegerField(default=0)
    external_id = TextField(default="")
    title = TextField()
    artists = TextField(default="[]")
    album = TextField(default="")
    duration_ms = IntegerField(null=True)
    state = TextField(default="queued", index=True)
    progress = FloatField(default=0)
    attempts = IntegerField(default=0)
    file = TextField(null=True)
    folder = TextField(null=True)
    rating_key = IntegerField(null=True)
    error = TextField(null=True)
    candidate = TextField(null=True)
    tried = TextField(default="[]")
    next_attempt_at = DateTimeField(null=True)
    updated_at = DateTimeField(default=utcnow)

    class Meta:
        table_name = "download_item"
