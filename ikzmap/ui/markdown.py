"""Untrusted text (file names, cells of uploads) made inert for Streamlit Markdown."""

from __future__ import annotations

import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")
# GFM links bare URLs, www. addresses and e-mail addresses even when escaped: an invisible
# word joiner (U+2060) where such a link would start keeps them text.
_AUTOLINK = re.compile(r"(?i)(?<=http)(?=:)|(?<=https)(?=:)|(?<=www)(?=\.)|(?=@)")


def md_escape(text: object) -> str:
    """Escape every Markdown/HTML meta character and fold line breaks (no links, images,
    HTML or formulas can come from ``text``)."""
    flat = " ".join(str(text).split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _AUTOLINK.sub("\u2060", flat))
