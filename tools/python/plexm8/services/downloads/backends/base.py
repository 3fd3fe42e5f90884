"""The backend interface and its value types."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Protocol

from plexm8.services.external import ExternalTrack

LOSSLESS_EXTENSIONS = frozenset({"flac", "alac", "wav", "ape", "wv", "aiff", "aif"})


@dataclass
class Candidate:
    """A file a backend offers for a wanted song, with what is known about it before downloading."""

    source: str  # backend kind
    ref: dict[str, Any]  # what the backend needs to fetch it (slskd: username, filename, size; songapi: ids)
    name: str
    title: str = ""
    artist: str = ""
    album: str = ""
    size: int | None = None
    bitrate: int | None = None  # kbit/s
    duration_ms: int | None = None
    extension: str = ""
    free_slot: bool = True
    queue_length: int = 0
    speed: int = 0
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        """Identifies the candidate among those tried."""
        return f"{self.source}:{self.ref.get('username', '')}:{self.ref.get('filename') or self.ref.get('id')}"

    @property
    def lossless(self) -> bool:
        """Whether the file is in a lossless format."""
        return self.extension.lower() in LOSSLESS_EXTENSIONS

    def to_dict(self) -> dict[str, Any]:
        """For the store."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Candidate":
        """From the store."""
        return cls(**data)

    def public(self) -> dict[str, Any]:
        """The `candidate` object of the API."""
        return {"source": self.source, "name": self.name, "size": self.size, "bitrate": self.bitrate,
                "duration_ms": self.duration_ms}


@dataclass(frozen=True)
class BackendStatus:
    """Whether the backend answers, and how fast."""

    ok: bool
    backend: str
    latency_ms: float
    version: str | None = None
    error: str | None = None


class TransferFailed(Exception):
    """This candidate cannot be fetched (rejected, timed out, stalled, errored); another one may work."""


class BackendUnavailable(Exception):
    """The backend itself cannot be used right now (unreachable, wrong key); retry later."""


class Cancelled(Exception):
    """The item was cancelled while its file was being fetched."""


Progress = Callable[[float], None]
IsCancelled = Callable[[], bool]


class Backend(Protocol):
    """What the download loop needs from a backend."""

    kind: str

    def search(self, wanted: ExternalTrack) -> list[Candidate]:
        """Candidates for a wanted song (unranked)."""
        ...

    def fetch(self, candidate: Candidate, staging: Path, progress: Progress, cancelled: IsCancelled) -> Path:
        """Download the candidate into the `staging` folder; return the complete local file."""
        ...

    def status(self) -> BackendStatus:
        """Check that the backend answers."""
        ...

    def cancel(self, candidate: Candidate) -> None:
        """Stop a transfer in progress (best effort)."""
        ...
