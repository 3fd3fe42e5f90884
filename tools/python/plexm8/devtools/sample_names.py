"""Vocabulary for the sample library generator: names, title words, genres, version words."""
from __future__ import annotations

# Real artist names chosen for the cases they exercise: diacritics, "&", commas, "/", articles.
FAMOUS_WESTERN = (
    "Beyoncé", "Sigur Rós", "Björk", "Mötley Crüe", "Motörhead", "Blue Öyster Cult",
    "Ólafur Arnalds", "Múm", "Édith Piaf", "Françoise Hardy", "Zoé", "Café Tacvba", "Maná",
    "Céline Dion", "Michael Bublé", "Hüsker Dü", "Röyksopp", "Jóhann Jóhannsson",
    "Sinéad O'Connor", "AC/DC", "Guns N' Roses", "Simon & Garfunkel", "Earth, Wind & Fire",
    "The Beatles", "Radiohead", "Daft Punk", "Queen", "ABBA", "Coldplay", "Adele",
    "Rosalía", "Måneskin", "The Rolling Stones", "Nina Simone", "Miles Davis",
    "Antonín Dvořák", "Frédéric Chopin", "Lykke Li", "Émilie Simon", "Mø",
)

# Chinese artists in Simplified and Traditional script (some exist in both forms on purpose).
FAMOUS_ZH_HANS = (
    "周杰伦", "王菲", "林俊杰", "邓紫棋", "李荣浩", "毛不易", "薛之谦", "朴树", "许嵩", "陈奕迅",
    "张学友", "费玉清", "田馥甄", "刘若英",
)
FAMOUS_ZH_HANT = (
    "陳奕迅", "張學友", "蘇打綠", "五月天", "鄧麗君", "張惠妹", "孫燕姿", "梁靜茹", "蔡依林", "周杰倫",
    "林憶蓮", "張國榮",
)
FAMOUS_JA = (
    "宇多田ヒカル", "米津玄師", "あいみょん", "YOASOBI", "椎名林檎", "坂本龍一", "中島みゆき",
    "back number", "スピッツ", "いきものがかり", "久石譲", "Perfume",
)
FAMOUS_KO = (
    "아이유", "방탄소년단", "빅뱅", "소녀시대", "악동뮤지션", "이소라", "잔나비", "볼빨간사춘기",
    "혁오", "BLACKPINK", "검정치마",
)

WESTERN_FIRST = (
    "Anna", "Zoë", "Renée", "José", "François", "Björn", "Søren", "Ólafur", "Łukasz", "Chloé",
    "Inés", "Noël", "Mårten", "Dvořa", "Ana", "Mia", "Liam", "Noah", "Emma", "Oliver", "Lucas",
    "Amélie", "Jürgen", "Çelik", "Ágnes", "Sébastien", "Hélène", "Mateo", "Lena", "Ivan",
)
WESTERN_LAST = (
    "Müller", "Sørensen", "Núñez", "Dvořák", "Kowalski", "García", "Lefèvre", "Öberg", "Smith",
    "Johnson", "Brown", "Martin", "Rossi", "Novák", "Jensen", "Fernández", "O'Brien", "Dubois",
    "Håkansson", "Petrović", "Walker", "Young", "Moreau", "Schröder", "Ibáñez",
)
BAND_ADJECTIVES = (
    "Silver", "Electric", "Velvet", "Midnight", "Paper", "Golden", "Broken", "Neon", "Quiet",
    "Wild", "Crystal", "Hollow", "Northern", "Lunar", "Crimson", "Wandering", "Glass", "Static",
    "Burning", "Sleeping", "Distant", "Frozen", "Copper", "Violet", "Restless",
)
BAND_NOUNS = (
    "Owls", "Harbors", "Echoes", "Lanterns", "Tigers", "Rivers", "Machines", "Satellites",
    "Foxes", "Ghosts", "Pilots", "Wolves", "Mirrors", "Gardens", "Parade", "Kids", "Hearts",
    "Strangers", "Daydreams", "Tides", "Orchestra", "Collective", "Brothers", "Sisters",
)

ZH_HANS_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗梁"
ZH_HANT_SURNAMES = "王李張劉陳楊黃趙吳周徐孫馬朱胡郭何林羅梁"
ZH_HANS_GIVEN = ("伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳", "杰", "涛", "明", "超", "雪", "琳", "宇", "欣", "晨", "怡")
ZH_HANT_GIVEN = ("偉", "芳", "娜", "敏", "靜", "麗", "強", "磊", "洋", "艷", "傑", "濤", "明", "超", "雪", "琳", "宇", "欣", "晨", "怡")
JA_FAMILY = ("佐藤", "鈴木", "高橋", "田中", "渡辺", "伊藤", "山本", "中村", "小林", "加藤")
JA_GIVEN = ("美咲", "翔太", "陽菜", "蓮", "結衣", "大翔", "さくら", "ひなた", "悠真", "あおい")
KO_FAMILY = ("김", "이", "박", "최", "정", "강", "조", "윤", "장", "임")
KO_GIVEN = ("민준", "서연", "지우", "하은", "도윤", "서준", "지민", "수아", "예준", "하린")

EN_TITLE_WORDS = (
    "Midnight", "Summer", "Rain", "Heart", "City", "Lights", "Dream", "Fire", "Ocean", "Shadow",
    "Gold", "Home", "Love", "Road", "Sky", "Stars", "Runaway", "Forever", "Tonight", "Yesterday",
    "River", "Winter", "Paradise", "Echo", "Silence", "Thunder", "Honey", "Satellite", "Garden",
    "Memory", "Highway", "Morning", "Daylight", "Wonder", "Island", "Mirror", "Promise", "Storm",
)
EN_TITLE_PATTERNS = (
    "{a}", "{a} {b}", "The {a}", "{a} of {b}", "{a} & {b}", "Into the {a}", "{a} Song",
    "Don't Stop the {a}", "Hello, {a}", "{a} (Part II)", "Café {a}", "{a} Blues",
)
ZH_HANS_WORDS = ("月光", "夜", "海", "风", "梦", "雨", "星空", "城市", "远方", "时间",
                 "青春", "爱", "回忆", "花", "雪", "路", "晴天", "告白", "后来", "孤独")
ZH_HANT_WORDS = ("月光", "夜", "海", "風", "夢", "雨", "星空", "城市", "遠方", "時間",
                 "青春", "愛", "回憶", "花", "雪", "路", "晴天", "告白", "後來", "孤獨")
JA_WORDS = ("夜", "空", "花火", "桜", "雨", "月", "君", "夢", "風", "涙", "光", "ひまわり", "さよなら", "約束")
KO_WORDS = ("밤", "별", "꿈", "하루", "바다", "겨울", "사랑", "봄날", "우리", "너", "편지", "노래")

# The romanised names a tagger (or Plex's agent) writes into titleSort for these words and names.
ROMAJI = {
    "夜": "Yoru", "空": "Sora", "花火": "Hanabi", "桜": "Sakura", "雨": "Ame", "月": "Tsuki", "君": "Kimi",
    "夢": "Yume", "風": "Kaze", "涙": "Namida", "光": "Hikari", "ひまわり": "Himawari", "さよなら": "Sayonara",
    "約束": "Yakusoku", "の": "no", "と": "to",
    "밤": "Bam", "별": "Byeol", "꿈": "Kkum", "하루": "Haru", "바다": "Bada", "겨울": "Gyeoul", "사랑": "Sarang",
    "봄날": "Bomnal", "우리": "Uri", "너": "Neo", "편지": "Pyeonji", "노래": "Norae", "그리고": "Geurigo", "의": "ui",
}
ARTIST_SORT = {
    "宇多田ヒカル": "Utada, Hikaru", "米津玄師": "Yonezu, Kenshi", "あいみょん": "Aimyon", "椎名林檎": "Shiina, Ringo",
    "坂本龍一": "Sakamoto, Ryuichi", "中島みゆき": "Nakajima, Miyuki", "スピッツ": "Spitz",
    "いきものがかり": "Ikimonogakari", "久石譲": "Hisaishi, Joe", "아이유": "IU", "방탄소년단": "BTS",
    "빅뱅": "BIGBANG", "소녀시대": "Girls' Generation", "악동뮤지션": "AKMU", "이소라": "Lee, So-ra",
    "잔나비": "JANNABI", "볼빨간사춘기": "BOL4", "혁오": "HYUKOH", "검정치마": "The Black Skirts",
}

VERSION_SUFFIXES_EN = (
    " (Live)", " (Remastered 2011)", " (Remastered)", " (Radio Edit)", " - Acoustic",
    " (Instrumental)", " (Remix)", " (Demo)", " (Live at Wembley 1986)", " - 2009 Remaster",
    " (Acoustic Version)", " (Extended Mix)",
)
VERSION_SUFFIXES_ZH = (" (伴奏)", " (Live)", " (钢琴版)", " (Live版)", " (純音樂)")
VERSION_SUFFIXES_JA = (" (Instrumental)", " -Acoustic Ver.-", " (Live)")
VERSION_SUFFIXES_KO = (" (Inst.)", " (Acoustic Ver.)", " (Live)")

ALBUM_SUFFIXES = (" (Deluxe Edition)", " (Remastered)", " (Expanded Edition)", " (Live)")

COMPILATION_TITLES = (
    "Now That's What I Call Music! {n}", "華語金曲精選 {n}", "J-Pop Hits {y}", "Café del Mar Vol. {n}",
    "Best of K-Pop {y}", "Summer Hits {y}", "经典老歌 {n}", "Chill Out Lounge {n}",
)

# Genre -> (styles, moods). Genres are what Plex's agents commonly assign to music.
GENRES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "Rock": (("Alternative Rock", "Classic Rock", "Post-Rock"), ("Energetic", "Rowdy", "Brooding")),
    "Pop": (("Dance-Pop", "Synth-Pop", "Europop"), ("Happy", "Upbeat", "Romantic")),
    "Electronic": (("House", "Ambient Techno", "Downtempo"), ("Hypnotic", "Dreamy", "Energetic")),
    "Jazz": (("Bebop", "Cool Jazz", "Vocal Jazz"), ("Sophisticated", "Calm", "Smoky")),
    "Classical": (("Romantic Era", "Baroque", "Chamber Music"), ("Calm", "Dramatic", "Elegant")),
    "Hip-Hop": (("Trap", "Boom Bap", "Conscious Hip-Hop"), ("Confident", "Aggressive", "Swaggering")),
    "R&B": (("Neo-Soul", "Contemporary R&B"), ("Sensual", "Romantic", "Smooth")),
    "Folk": (("Indie Folk", "Singer-Songwriter"), ("Warm", "Melancholy", "Reflective")),
    "Metal": (("Heavy Metal", "Thrash Metal"), ("Aggressive", "Intense", "Dark")),
    "Soundtrack": (("Film Score", "Video Game Music"), ("Dramatic", "Epic", "Calm")),
    "Mandopop": (("C-Pop", "Chinese Ballad"), ("Romantic", "Melancholy", "Bittersweet")),
    "Cantopop": (("HK-Pop", "Canto Ballad"), ("Nostalgic", "Romantic", "Melancholy")),
    "J-Pop": (("City Pop", "J-Rock", "Anime"), ("Upbeat", "Cheerful", "Bittersweet")),
    "K-Pop": (("K-Ballad", "K-Indie", "Idol Pop"), ("Energetic", "Cheerful", "Romantic")),
    "Ambient": (("Dark Ambient", "Drone"), ("Calm", "Ethereal", "Dreamy")),
    "Latin": (("Reggaeton", "Latin Pop", "Bossa Nova"), ("Sensual", "Festive", "Warm")),
}
WESTERN_GENRES = ("Rock", "Pop", "Electronic", "Jazz", "Classical", "Hip-Hop", "R&B", "Folk", "Metal",
                  "Soundtrack", "Ambient", "Latin")
ZH_GENRES = ("Mandopop", "Cantopop", "Pop", "Folk", "Rock")
JA_GENRES = ("J-Pop", "Rock", "Soundtrack", "Electronic")
KO_GENRES = ("K-Pop", "R&B", "Hip-Hop", "Folk")
