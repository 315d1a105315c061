"""What a reader sees of the app's HTML elements (the detail panel's blocks, light tables):
their text without tags, styles and soft hyphens, and their headings. Shared by the
AppTests and the load test's protocol client."""

from __future__ import annotations

from html.parser import HTMLParser

_BREAKS = {"br", "p", "li", "tr", "summary", "h3", "div"}  # a new line in the text


class _Reader(HTMLParser):
    def __init__(self, heading: str) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.headings: list[str] = []
        self._heading = heading
        self._open: str | None = None  # "style" or the heading tag while inside it

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _BREAKS:
            self.parts.append("\n")
        if tag in ("style", self._heading):
            self._open = tag
            if tag == self._heading:
                self.headings.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == self._open:
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open == "style":
            return
        self.parts.append(data)
        if self._open == self._heading:
            self.headings[-1] += data


def _read(markup: str, heading: str = "h3") -> _Reader:
    reader = _Reader(heading)
    reader.feed(markup)
    reader.close()
    return reader


def visible_text(markup: str) -> str:
    return "".join(_read(markup).parts).replace("\u00ad", "")


def headings(markup: str, tag: str = "h3") -> list[str]:
    return [h.replace("\u00ad", "") for h in _read(markup, tag).headings]
