"""Practice examples on the map (pure core): highlight, territory, filters, counts."""

from __future__ import annotations

import pytest

from geo.hierarchy import Hierarchy
from ikzmap import examples as ex
from ikzmap.published import load_published

PUB = load_published()


@pytest.fixture(scope="module")
def hierarchy():
    return Hierarchy.load()


def test_erft_marks_three_kreise_and_sixteen_gemeinden(hierarchy):
    mark = ex.highlight(PUB.example("koeln-hws-erft"))
    assert set(mark.kreise) == {"05362", "05366", "05382"}
    assert len(mark.gemeinden) == 16
    assert mark.others == ("Erftverband",)
    assert len(mark.at_level("kreis", hierarchy)) == 3
    assert len(mark.at_level("gemeinde", hierarchy)) == 16
    assert mark.at_level("rbz", hierarchy) == ()


@pytest.mark.parametrize(
    ("example_id", "rbz"),
    [("lvr-kuladig", {"051", "053"}), ("lwl-kvw", {"055", "057", "059"})],
)
def test_verband_projects_lie_on_their_territory(hierarchy, example_id, rbz):
    mark = ex.highlight(PUB.example(example_id))
    assert set(mark.verband_areas) == rbz
    assert set(mark.at_level("rbz", hierarchy)) == rbz
    kreise = mark.at_level("kreis", hierarchy)
    assert kreise and all(k[:3] in rbz for k in kreise)


def test_verband_project_with_named_partners_marks_the_partners():
    mark = ex.highlight(PUB.example("lv-einkaufskooperation"))
    assert mark.verband_areas == ()
    assert len(mark.gemeinden) == 4  # Bonn, Köln, Leverkusen, Remscheid


def test_filters():
    koeln = ex.filtered(PUB.examples, rbz="Köln")
    assert {e.rbz for e in koeln} <= {"053", None}
    assert any(e.verband for e in koeln)  # the LVR's examples lie in Köln too
    oerv = ex.filtered(PUB.examples, rechtsform="Öffentlich-rechtliche Vereinbarung")
    assert oerv and all(e.rechtsform == "Öffentlich-rechtliche Vereinbarung" for e in oerv)
    assert ex.filtered(PUB.examples) == list(PUB.examples)
    assert ex.filtered(PUB.examples, aufgabenfeld="Hochwasserschutz")[0].id == "koeln-hws-erft"


def test_counts_per_kreis_leave_the_verband_layer_out(hierarchy):
    counts = ex.counts(PUB.examples, hierarchy, "kreis")
    assert len(counts) == 53
    assert counts["05366"] == 3  # Euskirchen: Erft, IT-Schulsupport, Rufbereitschaft
    assert counts["05970"] == 1  # Siegen-Wittgenstein: Bad Berleburg in Smart Cities-5
    gemeinden = ex.counts(PUB.examples, hierarchy, "gemeinde")
    assert gemeinden["05362008"] == 1  # Bergheim: Erft
    assert gemeinden.sum() == sum(
        len(ex.highlight(e).at_level("gemeinde", hierarchy))
        for e in PUB.examples
        if not ex.highlight(e).verband_areas
    )


def test_participants_text_names_everyone(hierarchy):
    lines = ex.participants_text(PUB.example("koeln-hws-erft"), hierarchy)
    assert lines[0].startswith("3 Kreis(e): Rhein-Erft-Kreis")
    assert lines[-1] == "Weitere Beteiligte (ohne Fläche in der Karte): Erftverband"
