"""What a crawler or a link preview reads from one of the shop's pages (chalicelib/pages): title,
meta and link tags, scripts (JSON-LD, page data, executable ones); every element must close in
order. Used by the unit tests (rendered text) and the integration tests (plain HTTP)."""
from __future__ import annotations

import json
from html.parser import HTMLParser


class Page(HTMLParser):
    """What a crawler reads from a page; also checks every element closes in order."""
    VOID = {"br", "meta", "hr", "img", "input", "link", "col", "wbr", "source"}

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.scripts, self.meta, self.links = [], [], [], {}, []
        self.title, self._in = "", None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script":
            self.scripts.append([a.get("type"), a.get("src"), ""])
        if tag == "meta" and ("property" in a or "name" in a):
            self.meta[a.get("property") or a.get("name")] = a.get("content")
        if tag == "link":
            self.links.append(a)
        if tag not in self.VOID:
            self.stack.append(tag)
        self._in = tag

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> with open {self.stack[-3:]}")
        else:
            self.stack.pop()
        self._in = None

    def handle_data(self, data):
        if self._in == "script":
            self.scripts[-1][2] += data
        if self._in == "title":
            self.title += data

    def ld(self) -> list[dict]:
        return [json.loads(text) for kind, _, text in self.scripts if kind == "application/ld+json"]

    def executable(self) -> list:
        return [s for s in self.scripts if s[0] in (None, "", "text/javascript", "module")]
