"""Fake short-link services (163cn.tv, link.deezer.com, deezer.page.link, c6.y.qq.com) on one server."""
from __future__ import annotations

import re

from plexm8.devtools.fakes.server import FakeServer, RecordedRequest, Reply

SHORT_HOSTS = ("163cn.tv", "c6.y.qq.com", "link.deezer.com", "deezer.page.link", "spotify.link")

NETEASE_FINAL = ("https://y.music.163.com/m/playlist?id=2829883282&userid=32953014&creatorId=32953014"
                 "&app_version=9.1.65&dlt=0846")
DEEZER_FINAL = ("https://www.deezer.com/en/playlist/908622995?host=0&utm_campaign=clipboard-generic"
                "&utm_source=user_sharing&utm_content=playlist-908622995&deferredFl=1")
QQ_FINAL = ("https://i.y.qq.com/n2/m/share/details/taoge.html?platform=11&appshare=android_qq&appversion=13020008"
            "&hosteuin=owKPoe4s7iEiNn**&id=7256912512&ADTAG=qfshare")

# path (+ query for c6.y.qq.com) -> Location
LINKS: dict[str, str] = {
    "/xPq7Ab": NETEASE_FINAL,                                  # 163cn.tv/xPq7Ab
    "/noHead1": NETEASE_FINAL,                                 # 163cn.tv/noHead1: HEAD not allowed
    "/rel9": "/xPq7Ab",                                        # relative redirect, then the one above
    "/s/30ABCdeFgH": DEEZER_FINAL,                             # link.deezer.com/s/30ABCdeFgH
    "/Ab12Cd": "https://link.deezer.com/s/30ABCdeFgH",         # deezer.page.link -> link.deezer.com -> deezer.com
    "/base/fcgi-bin/u?__=Qz3Ab": QQ_FINAL,                     # c6.y.qq.com/base/fcgi-bin/u?__=Qz3Ab
    "/loop1": "https://163cn.tv/loop2",
    "/loop2": "https://163cn.tv/loop1",
    "/evil": "https://evil.example.com/playlist?id=2829883282",
    "/song7": "https://y.music.163.com/m/song?id=186016",
}
NO_HEAD = frozenset({"/noHead1"})


class FakeShortLinks(FakeServer):
    """Answers every known short path with a 302 (HEAD and GET); unknown paths with a 404 page."""

    def __init__(self) -> None:
        super().__init__()
        self.links = dict(LINKS)
        self.route("GET", r"/.*", self._redirect)

    def base_urls(self) -> dict[str, str]:
        """``short_link_base_urls`` sending every short host to this server."""
        return {host: self.url for host in SHORT_HOSTS}

    def _redirect(self, request: RecordedRequest, _: re.Match[str]) -> Reply:
        key = request.path + (f"?__={request.arg('__')}" if request.arg("__") else "")
        if request.method == "HEAD" and request.path in NO_HEAD:
            return Reply(405, "", headers={"Allow": "GET"})
        location = self.links.get(key)
        if location is None:
            return Reply(404, "<html><body>链接不存在 / link not found</body></html>", content_type="text/html")
        # A body the client must never download: short-link pages are HTML interstitials.
        return Reply(302, "<html><body>Redirecting…</body></html>", headers={"Location": location},
                     content_type="text/html")
