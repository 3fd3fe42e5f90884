"""GET /api/logs: stored log records, filterable by task and level."""
from __future__ import annotations

from typing import Literal

from flask import Blueprint, jsonify
from pydantic import BaseModel, Field

from plexm8.api.schema import Query, endpoint
from plexm8.runtime import runtime
from plexm8.services.logs.store import query_logs

bp = Blueprint("logs", __name__, url_prefix="/api")


class LogsQuery(Query):
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL", "debug", "info", "warning", "error", "critical"] | None = None
    task_id: int | None = Field(default=None, ge=1, le=2**62)
    limit: int = Field(default=100, ge=1, le=1000)
    offset: int = Field(default=0, ge=0, le=2**62)


class LogOut(BaseModel):
    ts: str
    level: str
    logger: str
    message: str
    task_id: int | None


class LogsResponse(BaseModel):
    logs: list[LogOut]
    total: int


@bp.get("/logs")
@endpoint("Stored log records, newest first", tag="logs", query=LogsQuery, response=LogsResponse)
def list_logs(query: LogsQuery):
    """Records at `level` or above, of one task when `task_id` is given."""
    handler = runtime().log_handler
    if handler is not None:
        handler.flush()
    logs, total = query_logs(query.level, query.task_id, query.limit, query.offset)
    return jsonify({"logs": logs, "total": total})
