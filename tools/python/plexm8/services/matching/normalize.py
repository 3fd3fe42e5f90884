"""Text normalisation for matching: width, case, diacritics, Chinese script, punctuation, artist lists, titles."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from plexm8.services.matching.versions import Segment, classify_segment

# ---------------------------------------------------------------- normalize_text

_APOSTROPHES = str.maketrans({c: "'" for c in "’‘`´ʼ′＇ʹ"})
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_LETTERS = str.maketrans({"ø": "o", "đ": "d", "ł": "l", "æ": "ae", "œ": "oe", "þ": "th", "ð": "d", "ı": "i",
                          "ħ": "h", "ŧ": "t", "ŋ": "n", "ſ": "s"})
# "P!nk", "Ke$ha", "A$AP": a ! or $ between letters is a letter in disguise.
_LETTER_SYMBOL = re.compile(r"(?<=[a-z])([!$])(?=[a-z])")
_ASCII_PUNCT = str.maketrans({chr(i): " " for i in range(128) if not chr(i).isalnum()})
_TOKEN_MAP = {"pt": "part"}


@lru_cache(maxsize=1)
def _opencc():
    import opencc  # imported lazily: building the converter loads dictionaries

    return opencc.OpenCC("t2s")


_NON_WORD = re.compile(r"[^\w\s]|_")


def _separator(m: re.Match[str]) -> str:
    # Keep marks (Indic vowel signs, kana voicing); other non-word characters separate words.
    c = m.group(0)
    return c if unicodedata.category(c)[0] == "M" else " "


def _t2s(s: str) -> str:
    # OpenCC's t2s is not idempotent for a few characters (薴 → 苧 → 苎): convert to a fixed point.
    convert = _opencc().convert
    for _ in range(4):
        out = convert(s)
        if out == s:
            break
        s = out
    return s


def _letter_symbol(m: re.Match[str]) -> str:
    return "i" if m.group(1) == "!" else "s"


def _finish(s: str) -> str:
    """Apostrophes, &, disguised letters and punctuation of a casefolded string → space-joined tokens."""
    if "!" in s or "$" in s:
        s = _LETTER_SYMBOL.sub(_letter_symbol, s)
    s = s.replace("'", "").replace("&", " and ")
    if s.isascii():
        s = s.translate(_ASCII_PUNCT)
    else:
        s = _NON_WORD.sub(_separator, s)
    tokens = s.split()
    if "pt" in tokens:
        tokens = [_TOKEN_MAP.get(t, t) for t in tokens]
    return " ".join(tokens)


@lru_cache(maxsize=262144)
def normalize_text(s: object) -> str:
    """Fold width, case, diacritics and Traditional Chinese; unify punctuation; collapse whitespace."""
    if s is None:
        return ""
    if not isinstance(s, str):
        s = str(s)
    s = s.translate(_APOSTROPHES)
    if s.isascii():
        folded = s.lower()
    else:
        folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", s).casefold()).translate(_APOSTROPHES)
        folded = unicodedata.normalize("NFD", folded)
        folded = _COMBINING.sub("", folded).translate(_LETTERS)
        folded = unicodedata.normalize("NFC", folded)
    out = _finish(folded)
    if out:
        # Converted last, on the cleaned words: OpenCC converts by phrase, so the context must be stable.
        return _t2s(out) if not out.isascii() and _HAN.search(out) else out
    # A title made only of symbols ("÷", "★") keeps its symbols rather than becoming empty.
    return " ".join("".join(c for c in folded if unicodedata.category(c)[0] != "C").split())


# ---------------------------------------------------------------- split_artists

# Separators, decided as follows:
# - always: feat./ft./featuring, ",", ";", "、", "/", "|", "&" (the full name is kept by the matcher as well,
#   so "AC/DC" or "Earth, Wind & Fire" still match whole);
# - only space-bounded: "with", "vs"/"vs.", "and", "+", "×", and a lowercase " x " ("Malcolm X" is safe);
# - never before "the": "Bob Marley & the Wailers", "Tyler, The Creator", "Florence + the Machine".
_FEAT = r"(?:feat|ft|featuring)\.?"
_SEPARATOR = re.compile(
    rf"\s*[(\[]\s*{_FEAT}\s+"
    rf"|\s+{_FEAT}\s+"
    r"|\s+(?:with|vs\.?|versus|and)\s+"
    r"|\s*[,;、/|&]\s*"
    r"|\s+\+\s+",
    re.IGNORECASE,
)
_X_SEPARATOR = re.compile(r"\s+[x×]\s+")
_THE = re.compile(r"the\s", re.IGNORECASE)
_NO_SPLIT_BEFORE_THE = re.compile(r"^\s*(?:[,&+]|and)\s*$", re.IGNORECASE)
_EDGE = " \t()[]{}\"'.,;:-"


@lru_cache(maxsize=65536)
def split_artists(s: str) -> list[str]:
    """Split an artist credit ("A feat. B", "A、B", "A & B", "A x B", "A/B"…) into names, in order."""
    if not s or not isinstance(s, str):
        return []
    text = _X_SEPARATOR.sub(" ,, ", unicodedata.normalize("NFKC", s))
    pieces = _SEPARATOR.split(text)
    seps = [m.group(0) for m in _SEPARATOR.finditer(text)]
    names: list[str] = []
    current = pieces[0]
    for sep, piece in zip(seps, pieces[1:]):
        if _NO_SPLIT_BEFORE_THE.match(sep) and _THE.match(piece) and current.strip(_EDGE):
            current = current + sep + piece
        else:
            names.append(current)
            current = piece
    names.append(current)
    out: list[str] = []
    for name in names:
        name = name.strip(_EDGE)
        if name and name not in out:
            out.append(name)
    return out


# ---------------------------------------------------------------- parse_title

@dataclass(frozen=True, slots=True)
class ParsedTitle:
    """A title taken apart: the name, version kinds, featured artists and dropped neutral tags."""

    base: str  # the name without version/neutral/feat. segments; unknown bracket text kept, e.g. "봄날 (Spring Day)"
    core: str  # base without its unknown bracket segments, unless they look significant ("Part 2")
    extras: tuple[str, ...] = ()  # unknown bracket/dash segments: subtitles and translated names
    kinds: frozenset[str] = frozenset()  # distinct version kinds, e.g. {"live"}
    remixers: tuple[str, ...] = ()  # normalised remixer names of remix segments ("" = unnamed)
    featured: tuple[str, ...] = ()  # artists credited in the title (feat./ft./with)
    neutral: tuple[str, ...] = ()  # neutral labels dropped, e.g. ("remastered 2011",)
    edit: bool = False  # a neutral edit (radio edit, single version): lengths may differ


_BRACKETS = str.maketrans({"【": "[", "】": "]", "〔": "(", "〕": ")", "｛": "(", "｝": ")", "{": "(", "}": ")"})
_GROUP = re.compile(r"\(([^()\[\]]*)\)|\[([^()\[\]]*)\]|[(\[]([^()\[\]]*)$")
_WAVE = re.compile(r"\s*[~〜]([^~〜]+)[~〜]\s*$")
_DASH_WRAPPED = re.compile(r"\s+-([^-]+)-\s*$")
_DASH = re.compile(r"\s+[-–—]\s+")
_FEAT_SEGMENT = re.compile(rf"^\s*(?:{_FEAT}|with)\s+(.+)$", re.IGNORECASE | re.DOTALL)
_FEAT_TRAILING = re.compile(rf"\s+{_FEAT}\s+(.+)$", re.IGNORECASE)
# Bracket text that changes which song it is ("Part 2", "Vol. 6", "Interlude") is never dropped from the name.
_SIGNIFICANT = re.compile(
    r"\d|(?<![a-z])(?:part|vol|volume|chapter|act|no|op|interlude|intro|outro|skit|ii|iii|iv)(?![a-z])")
_NEEDS_PARSE = re.compile(r"[(\[{【〔｛~〜\-–—]|(?<![a-z])(?:feat|ft|featuring)(?![a-z])", re.IGNORECASE)
_PLACEHOLDER = "\x00{}\x00"
_PLACEHOLDER_RE = re.compile("\x00(\\d+)\x00")


class _Collector:
    """Accumulates what the segments of one title say."""

    def __init__(self) -> None:
        self.kinds: set[str] = set()
        self.remixers: list[str] = []
        self.featured: list[str] = []
        self.neutral: list[str] = []
        self.edit = False

    def take(self, raw: str) -> bool:
        """Record a segment; False when it is unknown text that belongs to the name."""
        m = _FEAT_SEGMENT.match(raw)
        if m:
            self.featured.extend(n for n in split_artists(m.group(1)) if n not in self.featured)
            return True
        seg: Segment = classify_segment(normalize_text(raw))
        if not seg.known:
            return False
        self.kinds |= seg.kinds
        if seg.remixer is not None:
            self.remixers.append(seg.remixer)
        if seg.neutral is not None:
            self.neutral.append(seg.neutral)
            self.edit = self.edit or seg.edit
        return True


def needs_parse(title: str) -> bool:
    """False when a title has no brackets, dashes or feat. credits, so parse_title would return it whole."""
    if _NEEDS_PARSE.search(title):
        return True
    return not title.isascii() and _NEEDS_PARSE.search(unicodedata.normalize("NFKC", title)) is not None


def is_significant(norm: str) -> bool:
    """True when normalised bracket text names a part of a work ("part 2", "vol 6"), so it is part of the name."""
    return _SIGNIFICANT.search(norm) is not None


@lru_cache(maxsize=131072)
def parse_title(s: str) -> ParsedTitle:
    """Split a title into its name, version kinds (live, remix…), neutral tags and featured artists."""
    if not s or not isinstance(s, str):
        return ParsedTitle(base="", core="")
    text = unicodedata.normalize("NFKC", s)
    if not needs_parse(text):  # most titles: nothing to take apart
        plain = " ".join(text.split())
        return ParsedTitle(base=plain, core=plain)
    text = text.replace("\x00", "").translate(_BRACKETS).strip()  # NUL marks kept segments below
    col = _Collector()
    extras: list[str] = []

    def keep(raw: str) -> str:
        extras.append(raw.strip())
        return " " + _PLACEHOLDER.format(len(extras) - 1) + " "

    # Bracketed segments, innermost first.
    while True:
        m = _GROUP.search(text)
        if not m:
            break
        raw = next(g for g in m.groups() if g is not None)
        inner = _PLACEHOLDER_RE.sub(lambda p: extras[int(p.group(1))], raw)
        if not inner.strip() or col.take(inner):
            text = text[: m.start()] + " " + text[m.end():]
        else:
            text = text[: m.start()] + keep(inner) + text[m.end():]
    # Japanese "~subtitle~" and "-Live ver.-" suffixes, then spaced dash suffixes from the right.
    for pattern in (_WAVE, _DASH_WRAPPED):
        m = pattern.search(text)
        if m and _PLACEHOLDER_RE.sub("", text[: m.start()]).strip():
            text = text[: m.start()] + (" " if col.take(m.group(1)) else keep(m.group(1)))
    while True:
        parts = _DASH.split(text)
        if len(parts) < 2 or not _PLACEHOLDER_RE.sub("", " ".join(parts[:-1])).strip():
            break
        last = parts[-1]
        head = text[: len(text) - len(last)]
        head = head[: _last_dash(head)]
        if _PLACEHOLDER_RE.search(last) or not col.take(last):
            if not _PLACEHOLDER_RE.search(last):
                text = head + keep(last)
            break
        text = head
    m = _FEAT_TRAILING.search(text)
    if m and text[: m.start()].strip():
        col.featured.extend(n for n in split_artists(m.group(1)) if n not in col.featured)
        text = text[: m.start()]

    def restore(p: re.Match[str]) -> str:
        return "(" + extras[int(p.group(1))] + ")"

    def restore_significant(p: re.Match[str]) -> str:
        extra = extras[int(p.group(1))]
        return "(" + extra + ")" if is_significant(normalize_text(extra)) else " "

    base = " ".join(_PLACEHOLDER_RE.sub(restore, text).split())
    core = " ".join(_PLACEHOLDER_RE.sub(restore_significant, text).split())
    if not base:  # the whole title was a tag, e.g. "(Live)": it is the name too
        base = core = " ".join(unicodedata.normalize("NFKC", s).replace("\x00", "").split())
    return ParsedTitle(
        base=base,
        core=core or base,
        extras=tuple(e for e in extras if e and not _PLACEHOLDER_RE.search(e)),
        kinds=frozenset(col.kinds),
        remixers=tuple(col.remixers),
        featured=tuple(col.featured),
        neutral=tuple(col.neutral),
        edit=col.edit,
    )


def _last_dash(head: str) -> int:
    """Index where the final spaced dash of head starts."""
    *_, m = _DASH.finditer(head)
    return m.start()
