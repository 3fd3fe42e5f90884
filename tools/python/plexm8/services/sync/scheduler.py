"""The background scheduler: a `schedule` loop that fires due sync tasks by their 5-field cron."""
from __future__ import annotations

import datetime as dt
import logging
import threading
from typing import Callable

import schedule
from croniter import CroniterError, croniter

from plexm8.errors import Unprocessable

log = logging.getLogger(__name__)
MAX_CRON_LENGTH = 200


def validate_cron(expression: str, field: str = "schedule") -> str:
    """A normalised 5-field cron expression, or a 422 naming `field`."""
    parts = expression.split()
    if len(parts) != 5:
        raise Unprocessable(
            f"{field} must be a 5-field cron expression such as '0 3 * * *' (got {expression!r}).", field=field
        )
    normalised = " ".join(parts)
    if len(normalised) > MAX_CRON_LENGTH or not croniter.is_valid(normalised):
        raise Unprocessable(f"{field} is not a valid cron expression: {expression[:MAX_CRON_LENGTH]!r}.", field=field)
    next_fire_time(normalised, field=field)  # a valid expression may still never fire (0 0 31 2 *)
    return normalised


def next_fire_time(expression: str, after: dt.datetime | None = None, *, field: str = "schedule") -> dt.datetime:
    """When `expression` fires next after `after` (local time), as a naive UTC datetime; 422 if it never does."""
    local_now = (after or dt.datetime.now(dt.timezone.utc)).astimezone()
    try:
        nxt = croniter(expression, local_now).get_next(dt.datetime)
    except (CroniterError, ValueError, TypeError, OverflowError):
        raise Unprocessable(
            f"{field} {expression[:MAX_CRON_LENGTH]!r} never fires (no such date, e.g. 31 February); choose another.",
            field=field,
        ) from None
    return nxt.astimezone(dt.timezone.utc).replace(tzinfo=None)


class Scheduler:
    """Owns the thread of a `schedule` loop; each tick hands due work to `tick` and survives its failures."""

    def __init__(self, tick: Callable[[], int], count_jobs: Callable[[], int], interval_s: float = 1.0) -> None:
        self._tick = tick
        self._count_jobs = count_jobs
        self.interval_s = interval_s
        self._schedule = schedule.Scheduler()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _safe_tick(self) -> None:
        try:
            self._tick()
        except Exception:  # one failing job must never stop the loop
            log.exception("A scheduled job failed; the scheduler goes on")

    def start(self) -> None:
        """Start the loop thread."""
        if self.running:
            return
        self._schedule.clear()
        self._schedule.every(max(1, int(self.interval_s))).seconds.do(self._safe_tick)
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="scheduler", daemon=True)
        self._thread.start()
        log.info("Scheduler started")

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the loop; a tick in progress finishes first."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
        self._thread = None
        self._schedule.clear()

    @property
    def running(self) -> bool:
        """Whether the loop thread is alive."""
        return self._thread is not None and self._thread.is_alive()

    def health(self) -> dict[str, object]:
        """The `scheduler` object of /api/health."""
        try:
            jobs = self._count_jobs()
        except Exception:  # health must answer whatever the store does; the failure goes to the log
            log.warning("Could not count scheduled sync tasks for /api/health", exc_info=True)
            jobs = 0
        return {"running": self.running, "jobs": jobs}

    def _loop(self) -> None:
        self._safe_tick()  # catch up on anything that fell due while the backend was stopped
        while not self._stop.is_set():
            self._schedule.run_pending()
            self._stop.wait(min(1.0, self.interval_s))
