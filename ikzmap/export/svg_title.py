"""SVG exports name themselves: <title> and <desc> as the first children of <svg>, and
xml:lang="de" (screen readers announce an SVG by these; matplotlib writes only RDF
metadata)."""

from __future__ import annotations

import re
from typing import Final
from xml.sax.saxutils import escape

_SVG_OPEN: Final = re.compile(rb"<svg\b[^>]*>")
_OWN_TITLE: Final = re.compile(rb"\s*<title>.*?</title>", re.S)  # matplotlib's, from metadata


def titled_svg(data: bytes, title: str, description: str) -> bytes:
    found = _SVG_OPEN.search(data)
    if found is None:
        raise ValueError("no <svg> element")
    opening = found.group(0)
    tagged = opening[:-1] + b' xml:lang="de" role="img" aria-labelledby="ikz-title ikz-desc">'
    names = (
        f'<title id="ikz-title">{escape(title)}</title>'
        f'<desc id="ikz-desc">{escape(description)}</desc>'
    ).encode()
    rest = _OWN_TITLE.sub(b"", data[found.end() :], count=1)
    return data[: found.start()] + tagged + names + rest
