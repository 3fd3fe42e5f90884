"""slskd (the Soulseek daemon) through its REST API: search, enqueue, follow the transfer, cancel."""
from __future__ import annotations

import logging
import re
import shutil
import time
import uuid
from pathlib import Path
from typing import Any

import requests

from plexm8.services.downloads.backends.base import (
    BackendStatus,
    BackendUnavailable,
    Cancelled,
    Candidate,
    IsCancelled,
    Progress,
    TransferFailed,
)
from plexm8.services.downloads.backends.throttle import SearchGate
from plexm8.services.external import ExternalTrack

log = logging.getLogger(__name__)
_TRACK_PREFIX = re.compile(r"^\s*(?:\d{1,3}|[a-d]\d{1,2})\s*(?:[-._)]\s*|\s+)")
_SEARCH_JUNK = re.compile(r"[^\w\s]", re.UNICODE)
FAILED_STATES = ("Rejected", "TimedOut", "Errored", "Cancelled", "Aborted")


def parse_remote_path(filename: str) -> dict[str, str]:
    """Title, artist, album and extension guessed from a peer's path ("…\\\\Artist\\\\Album\\\\01 - Title.flac")."""
    parts = [p for p in filename.replace("\\", "/").split("/") if p and not p.startswith("@@")]
    name = parts[-1] if parts else filename
    stem, _, ext = name.rpartition(".")
    if not stem:
        stem, ext = name, ""
    stem = _TRACK_PREFIX.sub("", stem).strip()
    artist = ""
    if " - " in stem:
        artist, stem = (s.strip() for s in stem.split(" - ", 1))
    album = parts[-2] if len(parts) > 1 else ""
    if not artist and len(parts) > 2:
        artist = parts[-3]
    return {"name": name, "title": stem, "artist": artist, "album": album, "extension": ext.lower()}


def local_download_path(download_dir: Path, remote: str) -> Path:
    """Where slskd stores a finished download: the remote parent folder's name, then the file name."""
    parts = [p for p in remote.replace("\\", "/").split("/") if p]
    return download_dir / (parts[-2] if len(parts) > 1 else "") / parts[-1]


class SlskdBackend:
    """A client of one slskd server; searches go one at a time through a SearchGate."""

    kind = "slskd"

    def __init__(self, base_url: str, api_key: str, download_dir: Path, gate: SearchGate, *,
                 timeout_s: float = 10.0, poll_s: float = 0.5, search_timeout_s: float = 15.0,
                 stall_s: float = 120.0, queue_timeout_s: float = 600.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.download_dir = download_dir
        self.gate = gate
        self.timeout_s, self.poll_s = timeout_s, poll_s
        self.search_timeout_s, self.stall_s, self.queue_timeout_s = search_timeout_s, stall_s, queue_timeout_s
        self._session = requests.Session()
        self._session.headers["X-API-Key"] = api_key

    def _call(self, method: str, path: str, **kw: Any) -> requests.Response:
        try:
            response = self._session.request(method, self.base_url + path, timeout=self.timeout_s, **kw)
        except requests.RequestException as exc:
            raise BackendUnavailable(f"slskd at {self.base_url} cannot be reached ({type(exc).__name__})") from None
        if response.status_code == 401:
            raise BackendUnavailable("slskd refused the API key (401); check the key in the download settings")
        return response

    def _throttled(self, response: requests.Response) -> bool:
        if response.status_code != 429:
            self.gate.succeeded()
            return False
        retry = response.headers.get("Retry-After", "")
        pause = self.gate.throttled(float(retry) if retry.replace(".", "", 1).isdigit() else None)
        log.info("slskd answered 429; pausing searches for %.0f s", pause)
        return True

    # -- search ------------------------------------------------------------------------------
    def search_text(self, wanted: ExternalTrack) -> str:
        """The words sent to the network: first artist and title, punctuation dropped."""
        artist = wanted.artists[0] if wanted.artists else ""
        return " ".join(_SEARCH_JUNK.sub(" ", f"{artist} {wanted.title}").split())

    def search(self, wanted: ExternalTrack, provider: str | None = None) -> list[Candidate]:
        """Run one search on the network and return every audio file offered."""
        text = self.search_text(wanted)
        for _ in range(6):
            with self.gate:
                search_id = str(uuid.uuid4())
                response = self._call("POST", "/api/v0/searches", json={
                    "id": search_id, "searchText": text, "searchTimeout": int(self.search_timeout_s * 1000)})
                if self._throttled(response):
                    continue
                if response.status_code >= 400:
                    raise BackendUnavailable(f"slskd refused the search ({response.status_code})")
                responses = self._wait_for_search(search_id)
                self._call("DELETE", f"/api/v0/searches/{search_id}")
                return self._candidates(responses)
        raise BackendUnavailable("slskd kept answering 429 (too many searches); will try again later")

    def _wait_for_search(self, search_id: str) -> list[dict[str, Any]]:
        deadline = time.monotonic() + self.search_timeout_s + 10
        while time.monotonic() < deadline:
            state = self._call("GET", f"/api/v0/searches/{search_id}")
            if state.ok and state.json().get("isComplete"):
                break
            time.sleep(min(self.poll_s, 0.25))
        found = self._call("GET", f"/api/v0/searches/{search_id}/responses")
        return found.json() if found.ok else []

    def _candidates(self, responses: list[dict[str, Any]]) -> list[Candidate]:
        out = []
        for peer in responses:
            for f in peer.get("files") or []:
                if f.get("isLocked"):
                    continue
                meta = parse_remote_path(str(f.get("filename", "")))
                if meta["extension"] not in ("flac", "mp3", "m4a", "ogg", "opus", "wav", "aiff", "alac", "ape",
                                             "wv", "aac"):
                    continue
                length = f.get("length")
                out.append(Candidate(
                    source=self.kind,
                    ref={"username": peer.get("username"), "filename": f.get("filename"), "size": f.get("size")},
                    name=meta["name"], title=meta["title"], artist=meta["artist"], album=meta["album"],
                    size=f.get("size"), bitrate=f.get("bitRate"),
                    duration_ms=int(length) * 1000 if isinstance(length, (int, float)) else None,
                    extension=meta["extension"], free_slot=bool(peer.get("hasFreeUploadSlot")),
                    queue_length=int(peer.get("queueLength") or 0), speed=int(peer.get("uploadSpeed") or 0),
                ))
        return out

    # -- transfer ----------------------------------------------------------------------------
    def _enqueue(self, candidate: Candidate) -> None:
        user = candidate.ref["username"]
        body = [{"filename": candidate.ref["filename"], "size": candidate.ref.get("size")}]
        for _ in range(6):
            with self.gate.exclusive():
                response = self._call("POST", f"/api/v0/transfers/downloads/{requests.utils.quote(user)}",
                                      json=body)
            if self._throttled(response):
                time.sleep(self.gate.pause_remaining())
                continue
            if response.status_code >= 400:
                raise TransferFailed(f"slskd could not enqueue the file ({response.status_code})")
            return
        raise TransferFailed("slskd kept answering 429 to the enqueue")

    def _transfer(self, candidate: Candidate) -> dict[str, Any] | None:
        user = candidate.ref["username"]
        response = self._call("GET", f"/api/v0/transfers/downloads/{requests.utils.quote(user)}")
        if not response.ok:
            return None
        found = None
        for directory in response.json().get("directories") or []:
            for t in directory.get("files") or []:
                if t.get("filename") == candidate.ref["filename"]:
                    found = t
        return found

    def fetch(self, candidate: Candidate, staging: Path, progress: Progress, cancelled: IsCancelled) -> Path:
        """Enqueue the file and follow it to Completed; a failed, stalled or too long queued transfer raises."""
        self._enqueue(candidate)
        started = last_change = time.monotonic()
        last_bytes = -1
        while True:
            if cancelled():
                self.cancel(candidate)
                raise Cancelled
            transfer = self._transfer(candidate)
            now = time.monotonic()
            if transfer is not None:
                state = str(transfer.get("state", ""))
                done = int(transfer.get("bytesTransferred") or 0)
                if state.startswith("Completed"):
                    if "Succeeded" in state:
                        return self._collect(candidate, staging)
                    reason = next((s for s in FAILED_STATES if s in state), state)
                    raise TransferFailed(f"the peer's transfer ended {reason.lower()}")
                if done != last_bytes:
                    last_bytes, last_change = done, now
                    progress(float(transfer.get("percentComplete") or 0) / 100)
                if state == "InProgress" and now - last_change > self.stall_s:
                    self.cancel(candidate)
                    raise TransferFailed(f"the transfer stalled (no data for {self.stall_s:.0f} s)")
                if state != "InProgress" and now - started > self.queue_timeout_s:
                    self.cancel(candidate)
                    raise TransferFailed(f"the transfer did not start within {self.queue_timeout_s:.0f} s ({state})")
            time.sleep(self.poll_s)

    def _collect(self, candidate: Candidate, staging: Path) -> Path:
        source = local_download_path(self.download_dir, candidate.ref["filename"])
        if not source.is_file():
            raise TransferFailed(f"slskd reports the download complete but {source} is missing; "
                                 "download_dir must be slskd's downloads folder")
        staging.mkdir(parents=True, exist_ok=True)
        target = staging / f"{uuid.uuid4().hex}.{candidate.extension or 'bin'}"
        shutil.move(str(source), target)
        return target

    def cancel(self, candidate: Candidate) -> None:
        """Cancel the transfer on slskd (and remove it from its list)."""
        transfer = self._transfer(candidate)
        if transfer is not None:
            user = requests.utils.quote(candidate.ref["username"])
            self._call("DELETE", f"/api/v0/transfers/downloads/{user}/{transfer['id']}?remove=true")

    def status(self) -> BackendStatus:
        """GET /api/v0/application: reachable, the key accepted, and the version."""
        started = time.perf_counter()
        try:
            response = self._call("GET", "/api/v0/application")
        except BackendUnavailable as exc:
            return BackendStatus(False, self.kind, (time.perf_counter() - started) * 1000, error=str(exc))
        latency = (time.perf_counter() - started) * 1000
        if not response.ok:
            return BackendStatus(False, self.kind, latency, error=f"slskd answered {response.status_code}")
        version = (response.json().get("version") or {}).get("current")
        return BackendStatus(True, self.kind, latency, version=version)
