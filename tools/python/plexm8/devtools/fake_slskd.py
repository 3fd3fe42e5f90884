"""A local fake of slskd's REST API (v0): searches, responses, download transfers through their states.

Peers' files are real small FLAC files (audio_files.py). Each file has a behaviour: "ok" (Requested →
Queued, Remotely → Initializing → InProgress → Completed, Succeeded), "reject" (Completed, Rejected),
"timeout" (Completed, TimedOut), "error" (Completed, Errored) or "stall" (InProgress, never advancing).
A finished file is written where slskd puts it: <download_dir>/<remote parent folder>/<file name>.
"""
from __future__ import annotations

import itertools
import json
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from plexm8.devtools.audio_files import flac_bytes
from plexm8.devtools.fake_http import Answer, Call, FakeHTTPServer

API_KEY = "fake-slskd-api-key"
VERSION = "0.22.5"


@dataclass
class PeerFile:
    """One file a (fake) Soulseek peer shares."""

    username: str
    filename: str  # the peer's path, backslash-separated as Soulseek sends it
    title: str
    artist: str
    album: str
    duration_s: float
    tracknumber: int = 1
    behaviour: str = "ok"
    free_slot: bool = True
    queue_length: int = 0
    speed: int = 2_000_000
    listed_s: float | None = None  # the length the peer advertises, when it lies about the file
    data: bytes = b""

    def __post_init__(self) -> None:
        if not self.data:
            self.data = flac_bytes(self.duration_s, title=self.title, artist=self.artist, album=self.album,
                                   tracknumber=self.tracknumber)


@dataclass
class Transfer:
    """A download as slskd tracks it."""

    id: str
    file: PeerFile
    requested: float
    state: str = "Requested"
    cancelled: bool = False
    written: bool = False


@dataclass
class Search:
    id: str
    text: str
    started: float
    deleted: bool = False
    results: list[PeerFile] = field(default_factory=list)


def local_path(download_dir: Path, remote: str) -> Path:
    """Where slskd stores a finished download: its remote parent folder's name, then the file name."""
    parts = [p for p in remote.replace("\\", "/").split("/") if p]
    return download_dir / (parts[-2] if len(parts) > 1 else "") / parts[-1]


class FakeSlskd(FakeHTTPServer):
    """slskd on 127.0.0.1; `files` are what the network shares; counters let tests check the client's manners."""

    def __init__(self, download_dir: Path, *, api_key: str = API_KEY, search_s: float = 0.05,
                 transfer_s: float = 0.15, port: int = 0) -> None:
        super().__init__(port)
        self.download_dir = Path(download_dir)
        self.api_key = api_key
        self.search_s = search_s
        self.transfer_s = transfer_s
        self.files: list[PeerFile] = []
        self.searches: dict[str, Search] = {}
        self.transfers: dict[str, Transfer] = {}
        self.answer_429 = 0  # the next N search or enqueue requests answer 429
        self.search_posts = 0
        self.max_searches_in_flight = 0
        self.max_transfers_in_flight = 0  # transfers running at the same moment, at most
        self.enqueued: list[str] = []  # filenames, in order
        self._ids = itertools.count(1)
        self.route("GET", r"/api/v0/application", self._application)
        self.route("POST", r"/api/v0/searches", self._post_search)
        self.route("GET", r"/api/v0/searches/(?P<id>[^/]+)", self._get_search)
        self.route("GET", r"/api/v0/searches/(?P<id>[^/]+)/responses", self._responses)
        self.route("DELETE", r"/api/v0/searches/(?P<id>[^/]+)", self._delete_search)
        self.batches = True  # slskd 0.26+ has POST /transfers/downloads/batches; False answers 404 there, like 0.22
        self.route("POST", r"/api/v0/transfers/downloads/batches", self._enqueue_batch)
        self.route("POST", r"/api/v0/transfers/downloads/(?P<user>[^/]+)", self._enqueue)
        self.route("GET", r"/api/v0/transfers/downloads/(?P<user>[^/]+)", self._user_transfers)
        self.route("DELETE", r"/api/v0/transfers/downloads/(?P<user>[^/]+)/(?P<id>[^/]+)", self._cancel)

    def add(self, username: str, folder: str, name: str, *, title: str, artist: str, album: str,
            duration_s: float, tracknumber: int = 1, **kw: Any) -> PeerFile:
        """Share a file: `folder` like "Music\\\\Artist\\\\Album", `name` like "01 - Title.flac"."""
        peer = PeerFile(username, f"@@{username}\\{folder}\\{name}", title, artist, album, duration_s,
                        tracknumber, **kw)
        with self.lock:
            self.files.append(peer)
        return peer

    # -- auth and throttling -----------------------------------------------------------------
    def _denied(self, call: Call) -> Answer | None:
        if call.headers.get("X-API-Key") != self.api_key:
            return Answer(401, None)
        return None

    def _throttled(self) -> Answer | None:
        with self.lock:
            if self.answer_429 > 0:
                self.answer_429 -= 1
                return Answer(429, None, {"Retry-After": "1"})
        return None

    def _application(self, call: Call) -> Answer:
        return self._denied(call) or Answer(200, {
            "version": {"full": f"{VERSION}.0", "current": VERSION, "isUpdateAvailable": False},
            "server": {"state": "Connected, LoggedIn", "isConnected": True, "isLoggedIn": True},
        })

    # -- searches ----------------------------------------------------------------------------
    def _in_flight(self, now: float) -> int:
        return sum(1 for s in self.searches.values() if not s.deleted and now - s.started < self.search_s)

    def _search_json(self, search: Search, now: float) -> dict:
        done = now - search.started >= self.search_s
        return {
            "id": search.id, "searchText": search.text, "startedAt": search.started,
            "state": "Completed, TimedOut" if done else "InProgress", "isComplete": done,
            "responseCount": len({f.username for f in search.results}) if done else 0,
            "fileCount": len(search.results) if done else 0, "lockedFileCount": 0,
        }

    def _post_search(self, call: Call) -> Answer:
        denied = self._denied(call) or self._throttled()
        if denied:
            return denied
        body = call.json() or {}
        text = str(body.get("searchText", "")).strip()
        if not text:
            return Answer(400, {"errors": {"SearchText": ["The SearchText field is required."]}})
        words = text.casefold().split()
        now = time.monotonic()
        with self.lock:
            self.search_posts += 1
            results = [f for f in self.files if all(w in f.filename.casefold() for w in words)]
            search = Search(str(body.get("id") or uuid.uuid4()), text, now, results=results)
            self.searches[search.id] = search
            self.max_searches_in_flight = max(self.max_searches_in_flight, self._in_flight(now))
            return Answer(200, self._search_json(search, now))

    def _get_search(self, call: Call) -> Answer:
        search = self.searches.get(call.groups["id"])
        if search is None or search.deleted:
            return self._denied(call) or Answer(404, None)
        return self._denied(call) or Answer(200, self._search_json(search, time.monotonic()))

    def _responses(self, call: Call) -> Answer:
        denied = self._denied(call)
        search = self.searches.get(call.groups["id"])
        if denied or search is None:
            return denied or Answer(404, None)
        if time.monotonic() - search.started < self.search_s:
            return Answer(200, [])
        by_user: dict[str, list[PeerFile]] = {}
        for f in search.results:
            by_user.setdefault(f.username, []).append(f)
        return Answer(200, [{
            "username": user, "fileCount": len(files), "hasFreeUploadSlot": files[0].free_slot,
            "queueLength": files[0].queue_length, "uploadSpeed": files[0].speed, "token": 1,
            "lockedFileCount": 0, "lockedFiles": [],
            "files": [{"code": 1, "filename": f.filename, "size": len(f.data), "extension": "flac",
                       "length": round(f.listed_s or f.duration_s), "bitDepth": 8, "sampleRate": 8000, "isLocked": False}
                      for f in files],
        } for user, files in by_user.items()])

    def _delete_search(self, call: Call) -> Answer:
        search = self.searches.get(call.groups["id"])
        if search is not None:
            search.deleted = True
        return self._denied(call) or Answer(204, None)

    # -- transfers ---------------------------------------------------------------------------
    def _enqueue(self, call: Call) -> Answer:
        denied = self._denied(call) or self._throttled()
        if denied:
            return denied
        wanted = call.json()
        if not isinstance(wanted, list) or not wanted:
            return Answer(400, {"errors": {"": ["A list of files is required."]}})
        enqueued = []
        with self.lock:
            for item in wanted:
                peer = next((f for f in self.files if f.username == call.groups["user"]
                             and f.filename == item.get("filename")), None)
                if peer is None:
                    return Answer(404, None)
                transfer = Transfer(str(uuid.UUID(int=next(self._ids))), peer, time.monotonic())
                self.transfers[transfer.id] = transfer
                self.enqueued.append(peer.filename)
                enqueued.append(self._transfer_json(transfer))
            self.max_transfers_in_flight = max(self.max_transfers_in_flight,
                                               self._transfers_in_flight(time.monotonic()))
        return Answer(201, {"enqueued": enqueued, "failed": []})

    def _enqueue_batch(self, call: Call) -> Answer:
        if not self.batches:
            return self._denied(call) or Answer(404, None)
        body = call.json()
        if not isinstance(body, dict) or not body.get("username") or not body.get("files"):
            return self._denied(call) or Answer(400, {"errors": {"": ["username and files are required."]}})
        inner = Call(call.method, call.path, call.query, call.headers, json.dumps(body["files"]).encode(),
                     {"user": str(body["username"])})
        answer = self._enqueue(inner)
        if answer.status != 201:
            return answer
        return Answer(201, {"batch": {"id": str(body.get("id") or uuid.uuid4()), "username": body["username"]},
                            "failures": []})

    def _transfers_in_flight(self, now: float) -> int:
        def running(t: Transfer) -> bool:
            if t.cancelled:
                return False
            if t.file.behaviour == "stall":
                return True
            fails = t.file.behaviour in ("reject", "timeout", "error")
            return now - t.requested < (self.transfer_s / 5 if fails else self.transfer_s)

        return sum(1 for t in self.transfers.values() if running(t))

    def _advance(self, t: Transfer, now: float) -> None:
        if t.cancelled or t.state.startswith("Completed"):
            return
        age = now - t.requested
        step = self.transfer_s / 5
        behaviour = t.file.behaviour
        if behaviour in ("reject", "timeout", "error") and age >= step:
            t.state = {"reject": "Completed, Rejected", "timeout": "Completed, TimedOut",
                       "error": "Completed, Errored"}[behaviour]
        elif age < step:
            t.state = "Requested"
        elif age < 2 * step:
            t.state = "Queued, Remotely"
        elif age < 3 * step:
            t.state = "Initializing"
        elif age < self.transfer_s or behaviour == "stall":
            t.state = "InProgress"
        else:
            target = local_path(self.download_dir, t.file.filename)
            if not t.written:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(t.file.data)
                t.written = True
            t.state = "Completed, Succeeded"

    def _transferred(self, t: Transfer, now: float) -> int:
        size = len(t.file.data)
        if t.state == "Completed, Succeeded":
            return size
        if t.state != "InProgress":
            return 0
        if t.file.behaviour == "stall":
            return size // 10
        share = (now - t.requested - 3 * self.transfer_s / 5) / (2 * self.transfer_s / 5)
        return int(size * min(0.99, max(0.0, share)))

    def _transfer_json(self, t: Transfer) -> dict:
        now = time.monotonic()
        self._advance(t, now)
        done = self._transferred(t, now)
        size = len(t.file.data)
        return {
            "id": t.id, "username": t.file.username, "direction": "Download", "filename": t.file.filename,
            "size": size, "startOffset": 0, "state": t.state, "bytesTransferred": done,
            "bytesRemaining": size - done, "percentComplete": round(100.0 * done / size, 2),
            "averageSpeed": float(t.file.speed), "requestedAt": "2026-01-01T00:00:00",
        }

    def _user_transfers(self, call: Call) -> Answer:
        denied = self._denied(call)
        if denied:
            return denied
        user = call.groups["user"]
        with self.lock:
            mine = [self._transfer_json(t) for t in self.transfers.values() if t.file.username == user]
        directories: dict[str, list[dict]] = {}
        for t in mine:
            directories.setdefault(t["filename"].rsplit("\\", 1)[0], []).append(t)
        return Answer(200, {"username": user, "directories": [
            {"directory": d, "fileCount": len(files), "files": files} for d, files in directories.items()]})

    def _cancel(self, call: Call) -> Answer:
        denied = self._denied(call)
        if denied:
            return denied
        with self.lock:
            t = self.transfers.get(call.groups["id"])
            if t is None:
                return Answer(404, None)
            if not t.state.startswith("Completed"):
                t.state, t.cancelled = "Completed, Cancelled", True
            if call.arg("remove") == "true":
                del self.transfers[t.id]
        return Answer(204, None)
