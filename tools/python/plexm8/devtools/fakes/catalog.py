"""Songs the fake platforms serve: real-world CJK and Western titles, then deterministic filler."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Song:
    """A song as the fakes know it; each fake renders it in its platform's JSON shape."""

    number: int  # stable per catalog position; fakes derive platform ids from it
    title: str
    artists: tuple[str, ...]
    album: str
    seconds: int
    aliases: tuple[str, ...] = ()  # NetEase alia / QQ subtitle
    translations: tuple[str, ...] = ()  # NetEase tns
    artist_aliases: tuple[tuple[str, ...], ...] = ()  # per artist: NetEase ar[].alias, then ar[].tns


CURATED: tuple[Song, ...] = (
    Song(1, "晴天", ("周杰伦",), "叶惠美", 269, artist_aliases=(("Jay Chou",),)),
    Song(2, "光年之外", ("G.E.M.邓紫棋",), "光年之外", 235, aliases=("电影《太空旅客（Passengers）》中国区主题曲",)),
    Song(3, "夜に駆ける", ("YOASOBI",), "夜に駆ける", 261, translations=("奔向夜晚",)),
    Song(4, "Lemon", ("米津玄師",), "Lemon", 255, aliases=("日剧《非自然死亡》主题曲",), translations=("柠檬",),
         artist_aliases=(("Kenshi Yonezu", "ハチ", "米津玄师"),)),
    Song(5, "红豆", ("王菲",), "唱游", 254),
    Song(6, "Something Just Like This", ("The Chainsmokers", "Coldplay"), "Memories...Do Not Open", 247),
    Song(7, "小幸运", ("田馥甄",), "小幸运", 265, aliases=("电影《我的少女时代》主题曲",)),
    Song(8, "富士山下", ("陈奕迅",), "What's Going On…?", 259, translations=("Under Mount Fuji",)),
    Song(9, "起风了", ("买辣椒也用券",), "起风了", 325),
    Song(10, "Björk Moment (Live)", ("Sigur Rós", "Björk"), "Ágætis byrjun – Live", 301),
)

_FILLER_ARTISTS = ("周杰伦", "陈奕迅", "林俊杰", "五月天", "Taylor Swift", "宇多田ヒカル", "아이유", "Daft Punk")


def filler(number: int) -> Song:
    """A made-up but realistic song, identical for the same ``number``."""
    artist = _FILLER_ARTISTS[number % len(_FILLER_ARTISTS)]
    return Song(number, f"测试歌曲 {number:04d}", (artist,), f"合辑 {number // 12:03d}", 150 + (number * 37) % 200)


def songs(count: int) -> list[Song]:
    """The curated songs followed by filler up to ``count`` songs."""
    return [*CURATED[:count], *(filler(n) for n in range(len(CURATED) + 1, count + 1))]
