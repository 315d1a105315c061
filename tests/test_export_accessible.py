"""Accessible static exports: tagged PDF (title, language, text layer, structure, the map
as a figure with alternative text) and SVG with <title> and <desc>."""

from __future__ import annotations

import io

import pikepdf
import pypdf
import pytest

from ikzmap.export import SnapshotOptions, export_file
from ikzmap.export.tagged_pdf import LANG, PageStructure, TaggingError, TextLine, tag_pdf
from ikzmap.view import build_view
from ikzmap.viewstate import ViewState

PAINT = {"f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "n", "Do", "sh"}


@pytest.fixture(scope="module", params=["kreis", "gemeinde", "rbz"])
def view(request, atlas):
    return build_view(atlas, ViewState(level=request.param, selected=None))


@pytest.fixture(scope="module")
def pdf_bytes(view) -> bytes:
    return export_file(view, "pdf", SnapshotOptions(page="a4-quer")).data


def _elements(elem) -> list:
    kids = elem.get("/K")
    if not isinstance(kids, pikepdf.Array):
        kids = [kids]
    found = [elem]
    for kid in kids:
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/S") is not None:
            found.extend(_elements(kid))
    return found


def test_pdf_has_title_language_and_a_text_layer(pdf_bytes, view):
    reader = pypdf.PdfReader(io.BytesIO(pdf_bytes))
    assert reader.metadata.title == view.title
    assert reader.trailer["/Root"]["/Lang"] == LANG
    text = reader.pages[0].extract_text()
    assert text.startswith(view.title)
    assert "Quellen" in text and "GeoBasis-DE / BKG" in text


def test_pdf_is_tagged_with_heading_figure_legend_and_sources(pdf_bytes, view):
    pdf = pikepdf.open(io.BytesIO(pdf_bytes))
    assert pdf.Root.MarkInfo.Marked is True
    assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
    with pdf.open_metadata() as meta:
        assert meta["dc:title"] == view.title
    (document,) = pdf.Root.StructTreeRoot.K
    assert document.S == "/Document"
    tags = [str(e.S) for e in document.K]
    assert tags[0] == "/H1"
    figures = [e for e in document.K if e.S == "/Figure"]
    assert len(figures) == 1 and str(figures[0].Alt) == view.summary
    legend = next(e for e in document.K if e.S == "/Sect")
    assert str(legend.T) == "Legende" and len(legend.K) >= 3
    assert tags.index("/H1") < tags.index("/Figure") < tags.index("/Sect") < len(tags) - 1
    mcids = [e.K for e in _elements(document) if isinstance(e.get("/K"), int)]
    parents = pdf.Root.StructTreeRoot.ParentTree.Nums[1]
    assert len(parents) == max(mcids) + 1


def test_pdf_content_is_all_tagged_or_artifact(pdf_bytes):
    pdf = pikepdf.open(io.BytesIO(pdf_bytes))
    depth = 0
    for _operands, operator in pikepdf.parse_content_stream(pdf.pages[0]):
        op = str(operator)
        if op in ("BDC", "BMC"):
            depth += 1
        elif op == "EMC":
            depth -= 1
        elif op in PAINT or op == "BT":
            assert depth == 1, f"{op} outside marked content"
    assert depth == 0


def test_pdf_tagging_refuses_a_page_that_does_not_match(pdf_bytes):
    structure = PageStructure("T", "A", (TextLine("head", "H1"),), (0, 0, 1, 1))
    with pytest.raises(TaggingError):
        tag_pdf(pdf_bytes, structure)


def test_svg_has_title_desc_and_language(view):
    data = export_file(view, "svg", SnapshotOptions(page="a4-quer")).data.decode("utf-8")
    head = data[data.index("<svg") :][:3000]
    assert 'xml:lang="de"' in head
    assert head.count("<title") == 1 and f'<title id="ikz-title">{view.title}</title>' in head
    assert f"{view.summary}</desc>" in head
