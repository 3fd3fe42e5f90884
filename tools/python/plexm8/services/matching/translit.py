"""Romanisation for matching: Japanese kana/kanji → Hepburn (pykakasi), Hangul → Revised Romanization.

Keys built here are folded so that spelling conventions of romanisation compare equal: long vowels
(ou/ō/oo → o, uu/ū → u …), particles (wo → o, ha → wa, he → e), n/m before labials, tch/cch.
Only strings that contain kana, kanji or Hangul are transliterated, each once (cached).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

_JA_OR_KO = re.compile("[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
                       "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
_HANGUL_RUN = re.compile("([\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]+)")
_HIRAGANA_ONLY = re.compile("^[\u3040-\u309f]+$")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_LONG_VOWELS = (("ou", "o"), ("oo", "o"), ("uu", "u"), ("aa", "a"), ("ii", "i"), ("ee", "e"))
_PARTICLES = {"wo": "o", "ha": "wa", "he": "e"}
_LABIAL_M = re.compile(r"m(?=[bmp])")


_KANA_OR_HANGUL = re.compile("[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")


def has_kana_or_hangul(text: str) -> bool:
    """True when text is certainly Japanese or Korean (Han characters alone may be Chinese)."""
    return not text.isascii() and _KANA_OR_HANGUL.search(text) is not None


def needs_romanizing(text: str) -> bool:
    """True when text holds kana, kanji or Hangul (Latin text is already romanised)."""
    return not text.isascii() and _JA_OR_KO.search(text) is not None


# A word Hepburn or Revised Romanization could have written: syllables of (consonants) vowels (final consonant).
_SYLLABLES = re.compile(r"(?:[bcdfghjkmnprstwyz]{0,3}[aeiouy]+(?:n(?![aeiouy])|ng|[klmpt](?![aeiouy]))?|n)+")
_WORDS = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=65536)
def could_be_romanised(text: str) -> bool:
    """False when Latin text cannot be a romanisation ("Heart of Glass": "rt", "f"), so readings need no look."""
    words = _WORDS.findall(unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode())
    return bool(words) and all(w.isdigit() or _SYLLABLES.fullmatch(w) for w in words)


@lru_cache(maxsize=1)
def _kakasi() -> Any:
    import pykakasi  # imported lazily: loading its dictionaries takes most of a second

    return pykakasi.kakasi()


def _japanese(text: str) -> str:
    # を is always the particle "o"; split it off so pykakasi does not glue it to the next word.
    text = text.replace("を", " を ")
    words: list[str] = []
    for item in _kakasi().convert(text):
        orig, roman = item["orig"], item["hepburn"]
        if orig.strip() == "を":
            roman = "o"
        elif orig in ("は", "へ"):  # a lone は/へ between words is the topic/direction particle
            roman = "wa" if orig == "は" else "e"
        elif len(orig) > 1 and orig.endswith("は") and _HIRAGANA_ONLY.match(orig) and roman.endswith("ha"):
            roman = roman[:-2] + " wa"  # "…のは": a trailing は on a kana run is the particle
        words.append(roman)
    return " ".join(words)


def _korean(run: str) -> str:
    from korean_romanizer.romanizer import Romanizer  # RR with sound changes

    return str(Romanizer(run).romanize())


@lru_cache(maxsize=65536)
def romanize(text: str) -> str:
    """Lower-case romanisation of kana, kanji and Hangul in text (other characters kept); "" if none."""
    if not needs_romanizing(text):
        return ""
    text = unicodedata.normalize("NFKC", text)
    parts = []
    for i, run in enumerate(_HANGUL_RUN.split(text)):
        if not run:
            continue
        parts.append(_korean(run) if i % 2 else (_japanese(run) if _JA_OR_KO.search(run) else run))
    return " ".join(" ".join(parts).lower().split())


@lru_cache(maxsize=131072)
def fold_roman(text: str) -> str:
    """A compact key of romanised (or Latin) text with romanisation variants folded together."""
    words = _NON_ALNUM.split(unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode())
    key = "".join(_PARTICLES.get(w, w) for w in words)
    for a, b in _LONG_VOWELS:
        if a in key:
            key = key.replace(a, b)
    if "cch" in key:
        key = key.replace("cch", "tch")
    if "m" in key:
        key = _LABIAL_M.sub("n", key)
    return key
