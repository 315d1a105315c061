"""Kreis-Steckbriefe: one A4 page per surveyed Kreis, like a page of a GIS atlas.

    steckbrief_pdf(atlas, "05562")   # one Kreis
    steckbriefe_pdf(atlas)           # cover with map and contents, then the 31 Kreise

A page shows the Kreis's Gemeinden coloured by budget status, the facts of the detail
panel (IKZ value with provenance, rank, quartile, share, Einwohner), the budget table of
its Gemeinden, what the report says about it, its practice examples, and the sources.
All facts come from :func:`ikzmap.details.unit_facts`, the function the detail panel uses.
The PDF is tagged (title, language, headings, tables, lists, maps as figures).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Final

import matplotlib as mpl
from matplotlib.backends.backend_pdf import PdfPages

from geo import InvalidKeyError, level_of, normalize_key
from ikzmap.atlas import AtlasData
from ikzmap.details import unit_facts
from ikzmap.errors import InputError
from ikzmap.export.page_flow import HEIGHT, MUTED, WIDTH, TaggedPage, shorten
from ikzmap.export.static import CREATOR, RENDER_LOCK
from ikzmap.export.steckbrief_cover import draw_cover
from ikzmap.export.steckbrief_page import ATLAS, MARGIN, draw_kreis_page
from ikzmap.export.tagged_doc import Bookmark, ElementInfo, tag_document
from ikzmap.fmt import printable
from ikzmap.published import Published, load_published
from ikzmap.view import MapView, build_view
from ikzmap.viewstate import ViewState

DOC_TITLE_ALL: Final = "Kreis-Steckbriefe – IKZ-Atlas NRW"
FOOT_SIZE: Final = 6.0


class SteckbriefKeyError(InputError):
    """No Steckbrief for this key; the message is German."""


def steckbrief_keys(atlas: AtlasData) -> list[str]:
    """The surveyed Kreise (31, with the StädteRegion Aachen), in key order."""
    units = atlas.units["kreis"]
    return sorted(units.index[units["surveyed"].astype(bool)])


def resolve_key(atlas: AtlasData, raw: str) -> str:
    """The Kreis key for ``raw`` ("05562", "5562"); raises :class:`SteckbriefKeyError`."""
    shown = shorten(printable(raw), 40)
    try:
        key = normalize_key(raw.strip())
    except InvalidKeyError:
        key = None
    units = atlas.units["kreis"]
    if key is None or level_of(key) != "kreis" or key not in units.index:
        raise SteckbriefKeyError(
            f"Steckbrief „{shown}“: bitte den fünfstelligen Schlüssel eines der "
            f"{len(steckbrief_keys(atlas))} Kreise (z. B. 05562) oder „all“ angeben."
        )
    if key not in steckbrief_keys(atlas):
        label = units.at[key, "label"]
        raise SteckbriefKeyError(
            f"Steckbrief „{shown}“: {label} ist eine kreisfreie Stadt und wurde von der "
            "gpaNRW nicht erhoben; Steckbriefe gibt es nur für die Kreise."
        )
    return key


def budget_view(atlas: AtlasData) -> MapView:
    """The Gemeinden coloured by budget status (the classes and colours of the app)."""
    return build_view(atlas, ViewState(level="gemeinde", indicator="budget_status"))


def _running_foot(page: TaggedPage, text: str) -> None:
    """Page furniture (an artifact): atlas name and page number."""
    page.text(WIDTH - MARGIN, HEIGHT - MARGIN + 0.18, text, FOOT_SIZE, (), color=MUTED, ha="right")


def _save(pages: Sequence[TaggedPage], title: str, subject: str) -> bytes:
    buffer = io.BytesIO()
    metadata = {"Title": title, "Subject": subject, "Creator": CREATOR, "CreationDate": None}
    with mpl.rc_context({"pdf.fonttype": 3}), PdfPages(buffer, metadata=metadata) as pdf:
        for page in pages:
            pdf.savefig(page.figure)
    return buffer.getvalue()


def _document(
    pages: Sequence[TaggedPage],
    title: str,
    info: dict[str, ElementInfo],
    bookmarks: Sequence[Bookmark],
) -> bytes:
    with RENDER_LOCK:
        data = _save(pages, title, ATLAS)
        return tag_document(data, title, [p.tags() for p in pages], info, bookmarks)


def steckbrief_pdf(atlas: AtlasData, key: str, published: Published | None = None) -> bytes:
    """One Kreis's Steckbrief as a one-page tagged PDF (A4 portrait)."""
    key = resolve_key(atlas, key)
    facts = unit_facts(atlas, published or load_published(), key)
    info: dict[str, ElementInfo] = {}
    with RENDER_LOCK:
        page = TaggedPage(0)
        draw_kreis_page(page, facts, budget_view(atlas), info)
        _running_foot(page, f"{ATLAS} · Kreis-Steckbrief")
    title = f"Kreis-Steckbrief {facts.label} – {ATLAS}"
    return _document([page], title, info, [Bookmark(facts.label, 0)])


def steckbriefe_pdf(atlas: AtlasData, published: Published | None = None) -> bytes:
    """Cover (map of the Kreise, sources, contents) and one page per surveyed Kreis."""
    published = published or load_published()
    keys = steckbrief_keys(atlas)
    total = len(keys) + 1
    all_facts = [unit_facts(atlas, published, key) for key in keys]
    info: dict[str, ElementInfo] = {}
    with RENDER_LOCK:
        view = budget_view(atlas)
        cover = TaggedPage(0)
        draw_cover(cover, atlas, all_facts, info)
        _running_foot(cover, f"{ATLAS} · Kreis-Steckbriefe · Seite 1 von {total}")
        pages = [cover]
        for number, facts in enumerate(all_facts, start=1):
            page = TaggedPage(number)
            draw_kreis_page(page, facts, view, info)
            _running_foot(page, f"{ATLAS} · Kreis-Steckbriefe · Seite {number + 1} von {total}")
            pages.append(page)
    bookmarks = [Bookmark("Inhalt", 0)] + [
        Bookmark(facts.label, n) for n, facts in enumerate(all_facts, start=1)
    ]
    return _document(pages, DOC_TITLE_ALL, info, bookmarks)


def file_name(key: str | None) -> str:
    """ "steckbrief_05562.pdf"; "steckbriefe_kreise.pdf" for all Kreise."""
    return "steckbriefe_kreise.pdf" if key is None else f"steckbrief_{key}.pdf"
