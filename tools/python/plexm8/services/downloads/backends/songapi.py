"""A song-URL service (API.md "songapi"): a song by its platform id and a quality code, or a search by words."""
from __future__ import annotations

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

QUALITY_CODES = {"netease": {"lossless": 5, "high": 3, "standard": 1},
                 "tencent": {"lossless": 10, "high": 8, "standard": 4}}
PLATFORM_OF_PROVIDER = {"netease": "netease", "qqmusic": "tencent", "qq": "tencent"}
CHUNK = 64 * 1024


def _extension(url: str, quality: str) -> str:
    path = url.split("?", 1)[0].rsplit("/", 1)[-1]
    if "." in path:
        return path.rsplit(".", 1)[1].lower()[:5]
    return "flac" if quality == "lossless" else "mp3"


class SongApiBackend:
    """A client of one songapi base URL."""

    kind = "songapi"

    def __init__(self, base_url: str, api_key: str | None, gate: SearchGate, quality: str = "lossless", *,
                 timeout_s: float = 15.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.gate, self.quality, self.timeout_s = gate, quality, timeout_s
        self._session = requests.Session()
        if api_key:
            self._session.headers["X-API-Key"] = api_key

    def _get(self, platform: str, **params: Any) -> Any:
        for _ in range(6):
            with self.gate:
                try:
                    response = self._session.get(f"{self.base_url}/v2/music/{platform}", params=params,
                                                 timeout=self.timeout_s)
                    body = response.json()
                except (requests.RequestException, ValueError) as exc:
                    raise BackendUnavailable(f"songapi at {self.base_url} did not answer ({type(exc).__name__})") \
                        from None
            code = body.get("code") if isinstance(body, dict) else None
            if code == 429 or response.status_code == 429:
                self.gate.throttled()
                continue
            self.gate.succeeded()
            if code == 200:
                return body.get("data")
            if isinstance(code, int) and 400 <= code < 500:
                raise TransferFailed(f"songapi: {body.get('message') or code}")
            raise BackendUnavailable(f"songapi answered code {code}: {body.get('message') if code else 'no code'}")
        raise BackendUnavailable("songapi kept answering 429 (too many requests); will try again later")

    def _candidate(self, platform: str, data: dict[str, Any], quality: str) -> Candidate:
        song_id = str(data.get("id") or data.get("mid") or "")
        interval = data.get("interval") or data.get("duration")
        url = str(data.get("url") or "")
        ext = _extension(url, quality) if url else ("flac" if quality == "lossless" else "mp3")
        return Candidate(
            source=self.kind, ref={"platform": platform, "id": song_id, "url": url, "cover": data.get("cover")},
            name=f"{data.get('singer', '')} - {data.get('song', '')}.{ext}", title=str(data.get("song") or ""),
            artist=str(data.get("singer") or ""), album=str(data.get("album") or ""),
            duration_ms=int(float(interval) * 1000) if isinstance(interval, (int, float, str))
            and str(interval).replace(".", "", 1).isdigit() else None,
            extension=ext, bitrate=None if quality == "lossless" else (320 if quality == "high" else 128),
        )

    def search(self, wanted: ExternalTrack, provider: str | None = None) -> list[Candidate]:
        """The song by its own id when the source is NetEase/QQ, else a word search on both platforms."""
        platform = PLATFORM_OF_PROVIDER.get(provider or "")
        if platform and wanted.external_id:
            key = "mid" if platform == "tencent" and not wanted.external_id.isdigit() else "id"
            try:
                data = self._get(platform, **{key: wanted.external_id},
                                 quality=QUALITY_CODES[platform][self.quality])
            except TransferFailed:
                data = None
            if isinstance(data, dict) and data.get("url"):
                return [self._candidate(platform, data, self.quality)]
        words = " ".join([wanted.title, *wanted.artists[:1]])
        found: list[Candidate] = []
        for platform in ("netease", "tencent"):
            data = self._get(platform, word=words, page=1, num=10)
            found.extend(self._candidate(platform, d, "") for d in data or [] if isinstance(d, dict))
        return found

    def fetch(self, candidate: Candidate, staging: Path, progress: Progress, cancelled: IsCancelled) -> Path:
        """Ask for the URL at the chosen quality (when the search gave none), then stream the file."""
        platform = candidate.ref["platform"]
        url = candidate.ref.get("url")
        if not url:
            key = "mid" if platform == "tencent" and not candidate.ref["id"].isdigit() else "id"
            data = self._get(platform, **{key: candidate.ref["id"]}, quality=QUALITY_CODES[platform][self.quality])
            url = (data or {}).get("url")
            if not url:
                raise TransferFailed("songapi gave no URL for this song")
            candidate.ref["url"], candidate.ref["cover"] = url, (data or {}).get("cover")
            candidate.extension = _extension(url, self.quality)
        staging.mkdir(parents=True, exist_ok=True)
        target = staging / f"{uuid.uuid4().hex}.{candidate.extension or 'bin'}"
        part = target.with_name(target.name + ".part")
        try:
            with self._session.get(url, stream=True, timeout=self.timeout_s) as response:
                if response.status_code != 200:
                    raise TransferFailed(f"the file URL answered {response.status_code}")
                total = int(response.headers.get("Content-Length") or 0)
                done = 0
                with part.open("wb") as handle:
                    for chunk in response.iter_content(CHUNK):
                        if cancelled():
                            raise Cancelled
                        handle.write(chunk)
                        done += len(chunk)
                        if total:
                            progress(done / total)
        except requests.RequestException as exc:
            part.unlink(missing_ok=True)
            raise TransferFailed(f"the download broke off ({type(exc).__name__})") from None
        except BaseException:
            part.unlink(missing_ok=True)
            raise
        part.replace(target)
        return target

    def cover(self, candidate: Candidate) -> bytes | None:
        """The cover image the service named, if any (small, best effort)."""
        url = candidate.ref.get("cover")
        if not url:
            return None
        try:
            response = self._session.get(url, timeout=self.timeout_s)
        except requests.RequestException:
            return None
        return response.content if response.ok and len(response.content) < 5_000_000 else None

    def cancel(self, candidate: Candidate) -> None:
        """Nothing runs on the service's side; the stream stops at the next chunk."""

    def status(self) -> BackendStatus:
        """One tiny search: reachable and answering in its JSON shape."""
        started = time.perf_counter()
        try:
            response = self._session.get(f"{self.base_url}/v2/music/netease", params={"word": "plexm8", "num": 1},
                                         timeout=self.timeout_s)
            body = response.json()
        except (requests.RequestException, ValueError) as exc:
            return BackendStatus(False, self.kind, (time.perf_counter() - started) * 1000,
                                 error=f"songapi did not answer ({type(exc).__name__})")
        latency = (time.perf_counter() - started) * 1000
        if not isinstance(body, dict) or "code" not in body:
            return BackendStatus(False, self.kind, latency, error="songapi answered in an unknown shape")
        return BackendStatus(True, self.kind, latency)
