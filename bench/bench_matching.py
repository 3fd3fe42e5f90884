"""Matching benchmark: precision/recall per category on the tuning and held-out sets, and throughput against
a 50,000-track library: the first sync (cold caches); a re-sync scoring every pair again; a re-sync against the
unchanged library; and a re-sync after a day's library changes (1 % added, 0.2 % removed), where a remembered
answer is given again only when no track was added or removed under the keys it was found through — checked
against a fresh match of every track.

Run: .venv/bin/python bench/bench_matching.py [--library N] [--externals N] [--seed S]
It reports figures measured in one run; it asserts nothing. Wall-clock rates depend on the machine's load;
the CPU-time rate beside each is the steadier figure on a shared machine.
"""
from __future__ import annotations

import argparse
import gc
import random
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools" / "python"))

from plexm8.services.external import ExternalTrack  # noqa: E402
from plexm8.services.matching import LibraryTrack, MatchIndex, match_track  # noqa: E402
from plexm8.services.matching.features import clear_caches, prepare_external  # noqa: E402

# ---------------------------------------------------------------- corpus


def corpus_report() -> None:
    """Precision, recall and wrong matches per category: the tuning corpus, then the frozen held-out set."""
    from tests.matching import corpus, heldout
    from tests.matching.evaluate import evaluate

    for label, module in (("Tuning set (tests/matching/corpus.py)", corpus),
                          ("Held-out set (tests/matching/heldout.py, frozen, never tuned on)", heldout)):
        cases = module.CASES
        result = evaluate(module.LIBRARY, cases)
        print(f"{label}: {len(module.LIBRARY)} library tracks, {len(cases)} cases "
              f"({sum(1 for c in cases if not c.expected)} whose song is not in the library)")
        header = ("category", "cases", "in lib", "right", "wrong", "missed", "rejected", "precision", "recall")
        print("  {:<22}{:>6}{:>7}{:>7}{:>7}{:>7}{:>9}{:>11}{:>9}".format(*header))
        for category in sorted(result.by_category):
            _row(category, result.by_category[category])
        _row("overall", result.overall)
        for line in result.failures("wrong") + result.failures("missed"):
            print("    " + line)
        print()


def _row(label: str, t: Any) -> None:
    print(f"  {label:<22}{t.cases:>6}{t.present:>7}{t.right:>7}{t.wrong:>7}{t.missed:>7}{t.rejected:>9}"
          f"{_pct(t.right, t.right + t.wrong):>11}{_pct(t.right, t.right + t.missed):>9}")


def _pct(num: int, den: int) -> str:
    return f"{100.0 * num / den:.2f}%" if den else "n/a"


# ---------------------------------------------------------------- synthetic library

_WORDS = (
    "love night heart dream fire rain light summer blue girl boy time life world baby home star moon sun "
    "dance forever away tonight again river road city wild young gold heaven angel ghost shadow storm ocean "
    "sky wind rose kiss tears smile lonely crazy sweet broken burning falling running dancing golden silver "
    "midnight morning paradise memory promise secret story letter window mirror thunder winter spring autumn "
    "echo island desert garden forest mountain valley street highway train station bridge tower castle"
).split()
_SYLLABLES = "ka ri mo na te lo vi sa du pe ro mi zu ta ne ko la shi ve an el or is un ba".split()
_HAN = "爱你我的心夢梦天空海风雨花月星光夜晚时间永远回忆傷伤离别思念雪春秋夏冬城市街道青春少年红蓝白黑"
_KANA = "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもらりるれろやゆよわん"
_HANGUL = "사랑하늘별바다밤꿈너나우리시간기억눈물봄여름가을겨울"
_FIRST = "James Mary John Anna Peter Laura David Emma Michael Sofia Lucas Mia Noah Lena Leo Nina Max Ida".split()
_LAST = "Smith Brown Lee Martin Walker Young King Wright Hill Green Baker Adams Nelson Carter Moore".split()
_VARIANTS = (" (Live)", " - Live at the Forum", " (Remix)", " (Instrumental)", " (Acoustic)", " (伴奏)",
             " (Extended Mix)", " (Demo)")
_NEUTRAL = (" - Remastered 2011", " (Radio Edit)", " (Explicit)", " [Deluxe Edition]", " - 2009 Remaster",
            " (Single Version)")
_COMMON_TITLES = ("Intro", "Outro", "Love", "Hello", "Home", "Forever", "Tonight", "Interlude", "晴天", "爱", "夜")


def _artist(rng: random.Random, i: int) -> str:
    r = rng.random()
    if r < 0.45:
        name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}{'' if i < 40 else ' ' + str(i)}"
    elif r < 0.6:
        name = f"The {rng.choice(_WORDS).title()} {rng.choice(_WORDS).title()}s {i}"
    elif r < 0.8:
        name = "".join(rng.choice(_HAN) for _ in range(3)) + str(i)
    elif r < 0.9:
        name = "".join(rng.choice(_KANA) for _ in range(4)) + str(i)
    else:
        name = "".join(rng.choice(_HANGUL) for _ in range(3)) + str(i)
    return name


def _title(rng: random.Random, script: str) -> str:
    if rng.random() < 0.03:
        return rng.choice(_COMMON_TITLES)
    if script == "latin":
        if rng.random() < 0.3:
            return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))).title()
        return " ".join(rng.choice(_WORDS) for _ in range(rng.randint(1, 4))).title()
    pool = {"han": _HAN, "kana": _KANA + _HAN[:10], "hangul": _HANGUL}[script]
    return "".join(rng.choice(pool) for _ in range(rng.randint(2, 6)))


def _script(artist: str) -> str:
    c = artist[0]
    if c.isascii():
        return "latin"
    if c in _KANA:
        return "kana"
    if c in _HANGUL:
        return "hangul"
    return "han"


def build_library(n: int, seed: int) -> list[LibraryTrack]:
    """A deterministic synthetic library of n tracks."""
    rng = random.Random(seed)
    tracks: list[LibraryTrack] = []
    artist_id = 0
    while len(tracks) < n:
        artist = _artist(rng, artist_id)
        artist_id += 1
        script = _script(artist)
        for album_no in range(rng.randint(1, 3)):
            album = f"{_title(rng, script)} {album_no + 1}"
            for _ in range(rng.randint(6, 14)):
                if len(tracks) >= n:
                    break
                title = _title(rng, script)
                secs = rng.randint(120, 420)
                rk = str(len(tracks) + 1)
                if rng.random() < 0.03:
                    tracks.append(LibraryTrack(rk, title, "Various Artists", "Hits " + album, artist, secs * 1000))
                    continue
                orig = f"{artist} feat. {_artist(rng, 10**6 + len(tracks))}" if rng.random() < 0.05 else ""
                tracks.append(LibraryTrack(rk, title, artist, album, orig, secs * 1000))
                if rng.random() < 0.08 and len(tracks) < n:
                    variant = rng.choice(_VARIANTS)
                    tracks.append(LibraryTrack(str(len(tracks) + 1), title + variant, artist, album + " (Live)"
                                               if "Live" in variant else album, "", (secs + rng.randint(5, 60)) * 1000))
    return tracks


def build_externals(library: list[LibraryTrack], n: int, seed: int) -> list[tuple[ExternalTrack, str | None]]:
    """n external tracks with the rating key each should match (None when absent): ~60 % present as-is or
    lightly altered, ~15 % version variants of library tracks, ~25 % absent."""
    rng = random.Random(seed + 1)
    out: list[tuple[ExternalTrack, str | None]] = []
    artists = sorted({t.original_title or t.artist for t in library if t.artist != "Various Artists"})
    studio: dict[tuple[str, str], LibraryTrack] = {}
    live: dict[tuple[str, str], LibraryTrack] = {}
    for t in library:
        name = t.title.split(" (")[0].split(" - ")[0]
        if name == t.title:
            studio.setdefault((name, t.artist), t)
        elif "Live" in t.title:
            live.setdefault((name, t.artist), t)
    for i in range(n):
        base = rng.choice(library)
        artist = base.original_title.split(" feat. ")[0] if base.original_title else base.artist
        title, expected, duration, album = base.title, base.rating_key, base.duration_ms, base.album
        r = rng.random()
        if r < 0.6:
            choice = rng.random()
            if choice < 0.3:
                title = title.upper() if rng.random() < 0.5 else title.lower()
            elif choice < 0.5 and "(" not in title and " - " not in title:
                title += rng.choice(_NEUTRAL)
        elif r < 0.75:
            name = title.split(" (")[0].split(" - ")[0]
            if name != title:  # a variant's studio title: only the studio recording fits
                target = studio.get((name, base.artist))
                title = name
            else:  # a live version of a studio track: only a live recording fits
                target = live.get((name, base.artist))
                title = name + " (Live)"
            expected = target.rating_key if target else None
            duration = target.duration_ms if target else (duration or 0) + 20_000
            album = target.album if target else album
        else:
            title = _title(rng, _script(artist)) + " " + rng.choice(_SYLLABLES) + str(i)
            if rng.random() < 0.5:
                artist = rng.choice(artists)
            expected = None
        if duration is not None:
            duration += rng.randint(-1500, 1500)
        ext = ExternalTrack(external_id=f"x{i}", title=title, artists=(artist,),
                            album=album if rng.random() < 0.7 else "", duration_ms=duration, position=i)
        out.append((ext, expected))
    return out


def throughput_report(library_size: int, external_count: int, seed: int) -> None:
    """Index build time and matching throughput against a synthetic library."""
    t0 = time.perf_counter()
    library = build_library(library_size, seed)
    externals = build_externals(library, external_count, seed)
    generated = time.perf_counter() - t0
    clear_caches()
    gc.collect()
    t0 = time.perf_counter()
    index = MatchIndex(library)
    build = time.perf_counter() - t0
    gc.collect()
    gc.freeze()  # as the server's LibraryIndex.match_index does once it has loaded an index
    print(f"\nSynthetic library: {len(index):,} tracks (generated in {generated:.2f}s)")
    print(f"  index build: {build:.2f}s ({len(index) / build:,.0f} tracks/s)")
    clear_caches()  # cold: nothing normalised for the externals yet (the index keeps its own features)
    gc.collect()
    results = _timed(externals, index, "first sync, cold caches", remember=True)
    _timed(externals, index, "re-sync, warm caches, every pair scored again", remember=False)
    _timed(externals, index, "re-sync, warm caches, unchanged library", remember=True)
    before = [_remembered(ext) for ext, _ in externals]
    added, removed = change_library(index, library, seed)
    # NetEase adds a playlist's new songs at the top: every other track moves down one place.
    externals = [(replace(ext, position=ext.position + 1), expected) for ext, expected in externals]
    changed = _timed(externals, index, f"re-sync after the library changed (+{added}, -{removed} tracks) and "
                     "the playlist shifted one place", remember=True)
    fresh = [match_track(ext, index, remember=False) for ext, _ in externals]
    differ = sum(1 for a, b in zip(changed, fresh) if _answer(a) != _answer(b))
    rescored = sum(1 for (ext, _), old in zip(externals, before) if _remembered(ext) is not old)
    print(f"    {rescored:,} of {len(externals):,} were scored again (their title, artist or token keys changed); "
          f"answers differing from a fresh match: {differ}")
    right = wrong = missed = present = 0
    for (_ext, expected), result in zip(externals, results):
        got = result.track.rating_key if result.track else None
        present += expected is not None
        if got is not None and got == expected:
            right += 1
        elif got is not None:
            wrong += 1
        elif expected is not None:
            missed += 1
    matched = sum(1 for r in results if r.track)
    print(f"  synthetic labels: {present:,} present, {matched:,} matched, {wrong} wrong, {missed} missed "
          f"(precision {_pct(right, right + wrong)}, recall {_pct(right, right + missed)})")


def _timed(externals: list[tuple[ExternalTrack, str | None]], index: MatchIndex, label: str, *,
           remember: bool) -> list[Any]:
    t0, c0 = time.perf_counter(), time.process_time()
    results = [match_track(ext, index, remember=remember) for ext, _ in externals]
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"  match {len(externals):,} externals ({label}): {elapsed:.2f}s → {len(externals) / elapsed:,.0f} "
          f"tracks/s (CPU {len(externals) / cpu:,.0f} tracks/s)")
    return results


def _answer(r: Any) -> tuple[Any, ...]:
    best = r.best_candidate
    return (r.track.rating_key if r.track else None, r.score, r.reasons, r.reason,
            best.track.rating_key if best else None)


def _remembered(ext: ExternalTrack) -> object:
    """The engine's remembered answer for ext (replaced when it is scored again)."""
    return prepare_external(ext).memo.result


def change_library(index: MatchIndex, library: list[LibraryTrack], seed: int) -> tuple[int, int]:
    """A day's changes: 1 % new tracks (new albums of known artists, new artists), 0.2 % removed."""
    rng = random.Random(seed + 2)
    extra = build_library(len(library) // 100, seed + 3)
    known = [t for t in library if t.artist != "Various Artists"]
    added = 0
    for i, t in enumerate(extra):
        artist = rng.choice(known).artist if i % 2 else t.artist
        index.add(LibraryTrack(f"n{i}", t.title, artist, t.album, t.original_title, t.duration_ms))
        added += 1
    gone = rng.sample([t.rating_key for t in library], len(library) // 500)
    for rk in gone:
        index.remove(rk)
    return added, len(gone)


def main() -> None:
    """Print corpus quality and throughput."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", type=int, default=50_000)
    parser.add_argument("--externals", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    corpus_report()
    throughput_report(args.library, args.externals, args.seed)


if __name__ == "__main__":
    main()
