"""Normalisation rules: one parametrised test per rule, plus properties."""
from __future__ import annotations

import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from plexm8.services.matching.normalize import normalize_text, parse_title, split_artists

# ---------------------------------------------------------------- normalize_text

@pytest.mark.parametrize(("rule", "a", "b"), [
    ("width", "ＡＢＣ", "ABC"),
    ("width: ideographic space", "ｂａｄ　ｇｕｙ", "bad guy"),
    ("width: halfwidth kana", "ﾏﾘｰｺﾞｰﾙﾄﾞ", "マリーゴールド"),
    ("case", "BOHEMIAN RHAPSODY", "bohemian rhapsody"),
    ("case: casefold", "Weiß", "weiss"),
    ("diacritics", "Beyoncé", "Beyonce"),
    ("diacritics: several", "Mötley Crüe", "Motley Crue"),
    ("diacritics: letters without decomposition", "Øystein Sævåg", "oystein saevag"),
    ("traditional to simplified", "張學友", "张学友"),
    ("traditional to simplified: title", "東風破", "东风破"),
    ("japanese kanji folded the same way on both sides", "紅蓮華", "红莲华"),
    ("apostrophe variants", "Don’t Stop", "Don't Stop"),
    ("apostrophe dropped", "Don't Stop", "Dont Stop"),
    ("punctuation is a separator", "Sweet Child o' Mine!", "sweet child o mine"),
    ("brackets unified", "晴天【Live】", "晴天 (live)"),
    ("fullwidth brackets", "说好不哭（with 阿信）", "说好不哭 (with 阿信)"),
    ("ampersand is and", "Simon & Garfunkel", "Simon and Garfunkel"),
    ("whitespace collapsed", "  a \t b  ", "a b"),
    ("letter disguised as ! or $", "P!nk", "Pink"),
    ("letter disguised as $", "Ke$ha", "Kesha"),
    ("pt. is part", "Pt. 2", "Part 2"),
    ("slash is a separator", "AC/DC", "AC DC"),
])
def test_normalize_rule(rule: str, a: str, b: str) -> None:
    assert normalize_text(a) == normalize_text(b), rule


@pytest.mark.parametrize(("rule", "a", "b"), [
    ("kana voicing marks are kept", "ガ", "カ"),
    ("handakuten kept", "パ", "ハ"),
    ("hangul untouched", "봄날", "봄말"),
    ("digits matter", "Part 1", "Part 2"),
])
def test_normalize_keeps_distinctions(rule: str, a: str, b: str) -> None:
    assert normalize_text(a) != normalize_text(b), rule


@pytest.mark.parametrize(("text", "expected"), [
    ("Bohemian Rhapsody", "bohemian rhapsody"),
    ("夜に駆ける", "夜に駆ける"),
    ("봄날", "봄날"),
    ("÷", "÷"),  # a title made only of symbols keeps them rather than becoming empty
    ("★ ★", "★ ★"),
    ("", ""),
    (None, ""),
])
def test_normalize_exact_output(text: object, expected: str) -> None:
    assert normalize_text(text) == expected


def test_opencc_converter_is_not_created_at_import() -> None:
    code = ("import sys; import plexm8.services.matching as m; "
            "print('opencc' in sys.modules); m.normalize_text('張'); print('opencc' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[2]).stdout.split()
    assert out == ["False", "True"]


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_normalize_is_idempotent_and_never_raises(s: str) -> None:
    once = normalize_text(s)
    assert normalize_text(once) == once


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
def test_normalize_output_is_trimmed_single_spaced(s: str) -> None:
    out = normalize_text(s)
    assert out == " ".join(out.split())


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ABCabc張學東風ガカ ＡＢé'’&!-()", max_size=20))
def test_normalize_is_case_and_width_blind(s: str) -> None:
    assert normalize_text(s.upper()) == normalize_text(s.lower()) == normalize_text(unicodedata.normalize("NFKC", s))


# ---------------------------------------------------------------- split_artists

@pytest.mark.parametrize(("credit", "names"), [
    ("Jay Chou feat. Lara", ["Jay Chou", "Lara"]),
    ("A ft. B", ["A", "B"]),
    ("A Feat B", ["A", "B"]),
    ("A featuring B & C", ["A", "B", "C"]),
    ("A (feat. B)", ["A", "B"]),
    ("Santana with Rob Thomas", ["Santana", "Rob Thomas"]),
    ("Lady Gaga & Bradley Cooper", ["Lady Gaga", "Bradley Cooper"]),
    ("Marshmello x Bastille", ["Marshmello", "Bastille"]),
    ("Marshmello × Bastille", ["Marshmello", "Bastille"]),
    ("周杰伦、费玉清", ["周杰伦", "费玉清"]),
    ("周杰伦/费玉清", ["周杰伦", "费玉清"]),
    ("Post Malone / Swae Lee", ["Post Malone", "Swae Lee"]),
    ("Calvin Harris, Dua Lipa", ["Calvin Harris", "Dua Lipa"]),
    ("陈奕迅；王菲", ["陈奕迅", "王菲"]),
    ("陈奕迅，王菲", ["陈奕迅", "王菲"]),
    ("A; B", ["A", "B"]),
    ("A vs. B", ["A", "B"]),
    ("Simon and Garfunkel", ["Simon", "Garfunkel"]),
    ("A + B", ["A", "B"]),
    ("A & A", ["A"]),
])
def test_split_artists_separators(credit: str, names: list[str]) -> None:
    assert split_artists(credit) == names


@pytest.mark.parametrize(("credit", "names"), [
    ("Malcolm X", ["Malcolm X"]),  # "x" splits only lowercase and space-bounded
    ("X Japan", ["X Japan"]),
    ("Bob Marley & The Wailers", ["Bob Marley & The Wailers"]),  # never before "the"
    ("Tom Petty and the Heartbreakers", ["Tom Petty and the Heartbreakers"]),
    ("Florence + the Machine", ["Florence + the Machine"]),
    ("Tyler, The Creator", ["Tyler, The Creator"]),
    ("Withered Hand", ["Withered Hand"]),  # "with" only as a whole word
    ("Soft Cell", ["Soft Cell"]),
    ("", []),
])
def test_split_artists_keeps_names_whole(credit: str, names: list[str]) -> None:
    assert split_artists(credit) == names


def test_split_artists_splits_slash_names_but_the_matcher_keeps_them_whole() -> None:
    from plexm8.services.matching.features import artist_keys

    assert split_artists("AC/DC") == ["AC", "DC"]
    assert "acdc" in artist_keys("AC/DC")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("ab c&,/、;x×+") + [" feat. ", " with ", " and ", " the ", "Jay"]),
                max_size=12).map("".join))
def test_split_artists_properties(credit: str) -> None:
    names = split_artists(credit)
    source = unicodedata.normalize("NFKC", credit)
    assert len(names) == len(set(names))
    for name in names:
        assert name and name == name.strip()
        assert name in source
        assert not any(sep in name for sep in ("、", "/", ";"))


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_split_artists_never_raises(credit: str) -> None:
    assert isinstance(split_artists(credit), list)


# ---------------------------------------------------------------- parse_title

@pytest.mark.parametrize(("title", "base", "kinds"), [
    ("Song (Live at Wembley)", "Song", {"live"}),
    ("Song - Live", "Song", {"live"}),
    ("Song (Live版)", "Song", {"live"}),
    ("Song（现场）", "Song", {"live"}),
    ("Song -Live ver.-", "Song", {"live"}),
    ("Song (Unplugged)", "Song", {"live"}),
    ("Song (XYZ Remix)", "Song", {"remix"}),
    ("Song (Club Mix)", "Song", {"remix"}),
    ("Song (DJ版)", "Song", {"remix"}),
    ("Song (Kygo Edit)", "Song", {"remix"}),
    ("Song (伴奏)", "Song", {"instrumental"}),
    ("Song (Instrumental)", "Song", {"instrumental"}),
    ("Song (Karaoke Version)", "Song", {"instrumental"}),
    ("Song (Off Vocal)", "Song", {"instrumental"}),
    ("Song (Inst.)", "Song", {"instrumental"}),
    ("Song - Acoustic", "Song", {"acoustic"}),
    ("Song (Extended Mix)", "Song", {"extended"}),
    ("Song (Demo)", "Song", {"demo"}),
    ("Song (Piano Version)", "Song", {"piano"}),
    ("Song (Taylor's Version)", "Song", {"re-recording"}),
    ("Song (Sped Up)", "Song", {"speed"}),
    ("Song (Cover：周杰伦)", "Song", {"cover"}),
    ("Song (TV Size)", "Song", {"tv size"}),
    ("Song (日文版)", "Song", {"lang:japanese"}),
    ("Song (國語)", "Song", {"lang:mandarin"}),
    ("Song (Spanish)", "Song", {"lang:spanish"}),
    ("Song (English Ver.)", "Song", {"lang:english"}),
    ("Layla - Acoustic; Live at MTV Unplugged", "Layla", {"acoustic", "live"}),
    ("Song - Recorded at Spotify Studios NYC", "Song", {"live"}),
    ("Song (BBC Session)", "Song", {"live"}),
    ("Song (Alternate Take)", "Song", {"alternate"}),
    ("Song (Take 2)", "Song", {"alternate"}),
    ("Song (Mixed)", "Song", {"remix"}),
    ("Song (A Cappella)", "Song", {"a cappella"}),
    ("Song (Reprise)", "Song", {"reprise"}),
])
def test_parse_title_distinct_versions(title: str, base: str, kinds: set[str]) -> None:
    p = parse_title(title)
    assert (p.base, set(p.kinds)) == (base, kinds)


@pytest.mark.parametrize(("title", "neutral"), [
    ("Song [Remastered 2011]", "remastered 2011"),
    ("Song - 2011 Remaster", "2011 remaster"),
    ("Song - Radio Edit", "radio edit"),
    ("Song (Explicit)", "explicit"),
    ("Song (Deluxe Edition)", "deluxe edition"),
    ("Song (Single Version)", "single version"),
    ("Song (Album Version)", "album version"),
    ("Song (Original Mix)", "original mix"),
    ("Song (2009 Mix)", "2009 mix"),
    ("Song - Mono", "mono"),
    ("Song (Bonus Track)", "bonus track"),
    ("Song (2011)", "2011"),
])
def test_parse_title_neutral_words_are_dropped(title: str, neutral: str) -> None:
    p = parse_title(title)
    assert (p.base, p.kinds, p.neutral) == ("Song", frozenset(), (neutral,))


@pytest.mark.parametrize(("title", "edit"), [("Song - Radio Edit", True), ("Song (Single Version)", True),
                                             ("Song (Remastered)", False)])
def test_parse_title_marks_edits(title: str, edit: bool) -> None:
    assert parse_title(title).edit is edit


@pytest.mark.parametrize(("title", "base", "featured"), [
    ("Song (feat. X)", "Song", ("X",)),
    ("Song [ft. X & Y]", "Song", ("X", "Y")),
    ("Song feat. X", "Song", ("X",)),
    ("Song (with X)", "Song", ("X",)),
    ("说好不哭（with 五月天阿信）", "说好不哭", ("五月天阿信",)),
    ("Old Town Road (Remix) (feat. Billy Ray Cyrus)", "Old Town Road", ("Billy Ray Cyrus",)),
])
def test_parse_title_featured_artists(title: str, base: str, featured: tuple[str, ...]) -> None:
    p = parse_title(title)
    assert (p.base, p.featured) == (base, featured)


@pytest.mark.parametrize(("title", "base", "core", "extras"), [
    ("봄날 (Spring Day)", "봄날 (Spring Day)", "봄날", ("Spring Day",)),
    ("Sunflower - Spider-Man: Into the Spider-Verse", "Sunflower (Spider-Man: Into the Spider-Verse)", "Sunflower",
     ("Spider-Man: Into the Spider-Verse",)),
    ("Song (Part 2)", "Song (Part 2)", "Song (Part 2)", ("Part 2",)),  # significant: stays in the core
    ("曲名 ～サブタイトル～", "曲名 (サブタイトル)", "曲名", ("サブタイトル",)),
    ("Let It Go (From \"Frozen\")", "Let It Go", "Let It Go", ()),  # descriptive: dropped
    ("Song (电视剧《三生三世》片尾曲)", "Song", "Song", ()),
])
def test_parse_title_unknown_segments(title: str, base: str, core: str, extras: tuple[str, ...]) -> None:
    p = parse_title(title)
    assert (p.base, p.core, p.extras) == (base, core, extras)


@pytest.mark.parametrize("title", ["Live Forever", "她來聽我的演唱會", "Remix", "Intro", "Mr. Brightside"])
def test_parse_title_version_words_outside_segments_are_the_name(title: str) -> None:
    p = parse_title(title)
    assert (p.base, p.kinds) == (title, frozenset())


def test_parse_title_remixer() -> None:
    assert parse_title("Levels (Skrillex Remix)").remixers == ("skrillex",)
    assert parse_title("Despacito - Remix").remixers == ("",)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_parse_title_never_raises(title: str) -> None:
    p = parse_title(title)
    assert isinstance(p.base, str) and isinstance(p.kinds, frozenset)
    assert bool(p.base) == bool(title.strip()) or not unicodedata.normalize("NFKC", title).strip()
