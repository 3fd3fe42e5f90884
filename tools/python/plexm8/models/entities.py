"""The stored tables of the backend."""
from __future__ import annotations

import datetime as dt

from peewee import AutoField, BooleanField, CharField, DateTimeField, IntegerField, TextField

from .db import BaseModel


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
