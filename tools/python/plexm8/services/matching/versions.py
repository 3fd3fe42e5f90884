"""Version vocabulary: classify a bracketed or dashed title segment (already normalised)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Latin keywords must not touch other Latin letters or digits; CJK neighbours are fine
# ("live版", "dj版"), which is why these lookarounds replace \b.
_L = r"(?<![a-z0-9])"
_R = r"(?![a-z0-9])"


def _word(pattern: str) -> re.Pattern[str]:
    return re.compile(f"{_L}(?:{pattern}){_R}")


# Distinct versions: a track of one kind only matches a track of the same kinds.
_EXTENDED = _word(r"extended(?: (?:mix|version|ver|edit|remix))?|12 ?inch(?: (?:mix|version))?|加长版?")
_DISTINCT: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("instrumental", _word(
        r"instrumentals?|inst|karaoke|off ?vocals?|backing tracks?|minus one|without vocals?|^mr$|mr ver(?:sion)?"
        r"|伴奏版?|纯音乐版?|カラオケ|オフボーカル|インスト")),
    ("a cappella", _word(r"a ?capp?ella|acapp?ella|vocals? only|清唱版?|アカペラ")),
    ("live", _word(r"live|in concert|unplugged|concert|recorded at|sessions?|现场版?|演唱会|ライブ|라이브")),
    ("acoustic", _word(r"acoustic|stripped|不插电版?|アコースティック|어쿠스틱")),
    ("piano", _word(r"piano|钢琴版?|ピアノ")),
    ("orchestral", _word(r"orchestral|orchestra|symphonic|交响版?")),
    ("demo", _word(r"demo|rough mix|work tape|小样|デモ")),
    ("alternate", _word(r"alternate(?: take| version| mix)?|alternative (?:take|version)|outtake|take \d+|early version"
                        r"|rehearsal")),
    ("re-recording", _word(r"taylors version|re ?recorded|re ?recording|重录版?")),
    ("speed", _word(r"sped up|speed up|slowed(?: down)?|nightcore|reverb|加速版?|降速版?|降调版?|升调版?|\d+(?: \d+)?x")),
    ("reprise", _word(r"reprise")),
    ("cover", _word(r"cover|翻唱|翻自|原唱")),
    ("tv size", _word(r"tv ?size|tv ?サイズ|tv ver(?:sion)?|tv edit")),
    ("alt vocal", _word(r"女声版?|男声版?|女生版|男生版|合唱版|对唱版")),
    ("lang:japanese", _word(r"japanese(?: (?:version|ver))?|(?:jpn|jp|japan) (?:version|ver)|日文版?|日语版?"
                            r"|日本语(?: ?ver(?:sion)?|版)?")),
    ("lang:english", _word(r"english(?: (?:version|ver))?|eng (?:version|ver)|英文版|英语版")),
    ("lang:korean", _word(r"korean(?: (?:version|ver))?|(?:kor|kr) (?:version|ver)|韩文版|韩语版")),
    ("lang:mandarin", _word(r"(?:mandarin|chinese)(?: (?:version|ver))?|国语版?|中文版|华语版")),
    ("lang:cantonese", _word(r"cantonese(?: (?:version|ver))?|粤语版?")),
    ("lang:spanish", _word(r"(?:spanish|espanol)(?: (?:version|ver))?|西班牙语版")),
    ("lang:other", _word(r"(?:french|german|italian|portuguese|thai|vietnamese|russian) (?:version|ver)")),
)
_REMIX = _word(r"remix(?:ed)?|mixed|rmx|re mix|rework|bootleg|flip|vip|dub|dj版|^dj$|混音版?|重混版?|remix版")
_REMIX_WORDS = _word(r"remix(?:ed)?|rmx|re mix|rework|bootleg|flip|vip|dub|dj|mix|edit|version|ver|混音|重混|official")
_MIX_OR_EDIT = re.compile(f"^(?:(.*) )?(mix|edit){_R}")

# Neutral: the same recording under another label.
_NEUTRAL_STRONG = _word(
    r"remaster(?:ed)?|remasterd|radio edit|radio version|radio mix|single version|single edit|album version"
    r"|explicit|deluxe|bonus track|anniversary|expanded edition|digital remaster|完整版|正式版|高音质|无损|hi ?res")
_NEUTRAL_TOKENS = frozenset(
    "version ver edit edited mono stereo single clean dirty original edition lp hq hd mix remastered remaster"
    " the a bonus track official audio mv and v in 版 main short full dolby atmos spatial".split())
_NEUTRAL_MIX_PREFIX = frozenset("original album radio single stereo mono main clean lp 7 inch short".split())
_EDIT_WORDS = _word(r"edit|single version|radio version|short version|radio mix")
_YEAR = re.compile(r"^(?:19|20)\d\d$")

# Descriptive: where the song comes from, not what recording it is.
_DESCRIPTIVE = re.compile(
    rf"^from |{_L}(?:ost|soundtrack|theme|motion picture|original score|anime|drama){_R}"
    r"|主题曲|片头曲|片尾曲|插曲|主题歌|推广曲|宣传曲|电影|电视剧|动画|原声|テーマ|挿入歌|オープニング|エンディング|广告曲|游戏")


@dataclass(frozen=True, slots=True)
class Segment:
    """What one title segment says: distinct kinds, remixer, neutral label, or descriptive text."""

    kinds: frozenset[str] = frozenset()
    remixer: str | None = None  # set when "remix" is among kinds ("" = unnamed)
    neutral: str | None = None  # the neutral label, e.g. "remastered 2011"
    edit: bool = False  # a neutral edit (radio edit…): durations may legitimately differ
    descriptive: bool = False

    @property
    def known(self) -> bool:
        """True when the segment is a version, neutral or descriptive tag (not part of the name)."""
        return bool(self.kinds) or self.neutral is not None or self.descriptive


_UNKNOWN = Segment()


def _remixer(text: str) -> str:
    return " ".join(_REMIX_WORDS.sub(" ", text.replace("版", " ")).split())


@lru_cache(maxsize=65536)
def classify_segment(norm: str) -> Segment:
    """Classify a normalised segment such as "live at wembley" or "stormzy remix"."""
    if not norm:
        return _UNKNOWN
    kinds: set[str] = set()
    rest = norm
    if _EXTENDED.search(rest):
        kinds.add("extended")
        rest = _EXTENDED.sub(" ", rest).strip()
    for kind, pattern in _DISTINCT:
        if pattern.search(rest):
            kinds.add(kind)
    remixer: str | None = None
    if _REMIX.search(rest):
        kinds.add("remix")
        remixer = _remixer(rest)
    elif not _NEUTRAL_STRONG.search(rest):
        m = _MIX_OR_EDIT.search(rest)
        if m:
            prefix = (m.group(1) or "").split()
            if prefix and not all(w in _NEUTRAL_MIX_PREFIX or _YEAR.match(w) for w in prefix) and not kinds:
                kinds.add("remix")
                remixer = _remixer(" ".join(prefix))
    if kinds:
        if "remix" in kinds and remixer is None:
            remixer = ""
        return Segment(kinds=frozenset(kinds), remixer=remixer)
    if _NEUTRAL_STRONG.search(norm) or all(w in _NEUTRAL_TOKENS or _YEAR.match(w) for w in norm.split()):
        return Segment(neutral=norm, edit=bool(_EDIT_WORDS.search(norm)))
    if _DESCRIPTIVE.search(norm):
        return Segment(descriptive=True)
    return _UNKNOWN


_ALBUM_LIVE = re.compile(
    rf"^live$|^live \d|{_L}live (?:at|in|from|on|aid){_R}|{_L}(?:in concert|unplugged|concert|live tour|tour live){_R}"
    rf"|{_L}live$|演唱会|现场|ライブ|라이브")


def album_is_live(norm_album: str) -> bool:
    """True when a normalised album name says the album is a live recording."""
    return bool(norm_album) and bool(_ALBUM_LIVE.search(norm_album))


def describe_kinds(kinds: frozenset[str]) -> str:
    """Human text for a set of kinds: "live", "remix + acoustic", or "studio" for none."""
    return " + ".join(sorted(kinds)) if kinds else "studio"
