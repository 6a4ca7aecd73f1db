"""A strict little HTML reader for the pages the app renders itself (invoices, reports):
every element closed in order, no script element; keeps text, images and table rows."""
from __future__ import annotations

from html.parser import HTMLParser

VOID = {"br", "meta", "hr", "img", "input", "link", "col", "wbr"}


class TagChecker(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.errors, self.images, self.text = [], [], [], []
        self.rows_open = self.rows_closed = 0

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.errors.append("script element")
        if tag == "img":
            self.images.append(dict(attrs))
        if tag == "tr":
            self.rows_open += 1
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag == "tr":
            self.rows_closed += 1
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> with open {self.stack[-3:]}")
        else:
            self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def checked(doc: str) -> TagChecker:
    """The page read through; fails the test on an unclosed or misnested element."""
    checker = TagChecker()
    checker.feed(doc)
    checker.close()
    assert checker.errors == [] and checker.stack == []
    return checker
