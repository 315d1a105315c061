"""Practice examples on the map (pure core): highlight, territory, filters, counts."""

from __future__ import annotations

from dataclasses import replace

import pytest

from geo import rbz_names
from geo.hierarchy import Hierarchy
from ikzmap import examples as ex
from ikzmap.published import Participant, load_published

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
    [
        ("lvr-kuladig", {"051", "053"}),
        ("lwl-kvw", {"055", "057", "059"}),
        ("lvr-rechenzentren", {"051", "053"}),  # with Köln as participant: both layers
        ("lv-einkaufskooperation", {"051", "053", "055", "057", "059"}),
    ],
)
def test_verband_examples_lie_on_their_territory(hierarchy, example_id, rbz):
    mark = ex.highlight(PUB.example(example_id))
    assert set(mark.verband_areas) == rbz
    assert set(mark.territory_at("rbz", hierarchy)) == rbz
    for level in ("kreis", "gemeinde"):
        units = hierarchy.level(level)
        inside = units.index[units["rbz"].isin(rbz)]
        assert set(mark.territory_at(level, hierarchy)) == set(inside)


def test_territory_is_a_layer_of_its_own(hierarchy):
    """Participants and the Verband's area are apart: Köln marked, the LVR area beside."""
    mark = ex.highlight(PUB.example("lvr-rechenzentren"))
    assert mark.at_level("gemeinde", hierarchy) == ("05315000",)
    assert mark.at_level("kreis", hierarchy) == ("05315",)  # kreisfreie Stadt: same body
    assert mark.at_level("rbz", hierarchy) == ()
    assert len(mark.territory_at("gemeinde", hierarchy)) > 100
    assert ex.highlight(PUB.example("koeln-hws-erft")).territory_at("kreis", hierarchy) == ()


def test_verband_table_matches_the_members_the_report_gives(hierarchy):
    """1.4.3: LWL 18 Kreise and 9 kreisfreie Städte; LVR 12 Kreise, 13 kreisfreie Städte
    and the StädteRegion Aachen (a Kreis in the boundaries)."""
    kreise = hierarchy.kreise()
    kreisfrei = hierarchy.kreisfreie_staedte()
    for verband, n_kreise, n_frei in (
        ("LWL", PUB.value("lwl_kreise"), PUB.value("lwl_kreisfreie")),
        ("LVR", PUB.value("lvr_kreise") + 1, PUB.value("lvr_kreisfreie")),
    ):
        rbz = set(ex.VERBAND_RBZ[verband])
        assert kreise["rbz"].isin(rbz).sum() == n_kreise, verband
        assert kreisfrei["rbz"].isin(rbz).sum() == n_frei, verband
    assert set(ex.VERBAND_RBZ["LVR"]) | set(ex.VERBAND_RBZ["LWL"]) == set(rbz_names())
    assert not set(ex.VERBAND_RBZ["LVR"]) & set(ex.VERBAND_RBZ["LWL"])


def test_verband_project_with_named_partners_marks_the_partners():
    mark = ex.highlight(PUB.example("lv-einkaufskooperation"))
    assert len(mark.gemeinden) == 4  # Bonn, Köln, Leverkusen, Remscheid


def test_kaaw_is_a_text_entry_without_invented_members(hierarchy):
    """The slides name 53 members but not which: nothing is marked, the text says so."""
    kaaw = PUB.example("kaaw")
    assert kaaw.source == "vortrag" and kaaw.rechtsform == "Zweckverband"
    assert PUB.value("kaaw_members") == 53 and "53 Mitgliedern" in kaaw.quote
    mark = ex.highlight(kaaw)
    for level in ("rbz", "kreis", "gemeinde"):
        assert mark.at_level(level, hierarchy) == () == mark.territory_at(level, hierarchy)
    lines = ex.participants_text(kaaw, hierarchy)
    assert "53 Mitglieder (nicht veröffentlicht)" in lines[0]
    assert lines[-1] == "Die Quelle nennt die Beteiligten nicht vollständig."
    assert "nicht veröffentlicht" in kaaw.note
    assert ex.reference(kaaw) == "gpaNRW-Vortrag 24.02.2026, Folie „Zweckverband KAAW“"
    assert kaaw in ex.filtered(PUB.examples, rbz="Münster", rechtsform="Zweckverband")
    assert all(c == 0 for c in ex.counts([kaaw], hierarchy, "kreis"))


def test_the_city_of_aachen_does_not_mark_the_staedteregion(hierarchy):
    example = replace(
        PUB.example("koeln-hws-erft"), kreise=(), gemeinden=(Participant("Aachen", "05334002"),)
    )
    mark = ex.highlight(example)
    assert mark.at_level("gemeinde", hierarchy) == ("05334002",)
    assert mark.at_level("kreis", hierarchy) == ()
    city = replace(example, gemeinden=(), kreise=(Participant("Köln", "05315"),))
    assert ex.highlight(city).at_level("gemeinde", hierarchy) == ("05315000",)


def test_a_participant_outside_the_boundaries_is_named_not_drawn(hierarchy):
    example = replace(
        PUB.example("koeln-hws-erft"),
        gemeinden=(Participant("Nirgendwo", "05999999"),),
    )
    lines = ex.participants_text(example, hierarchy)
    assert "Nirgendwo (nicht in den Verwaltungsgrenzen gefunden)" in lines[-1]
    assert ex.highlight(example).at_level("gemeinde", hierarchy) == ()


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
        len(ex.highlight(e).at_level("gemeinde", hierarchy)) for e in PUB.examples
    )
    assert counts["05315"] == 3  # Köln: Rechenzentren, Einkaufskooperation, DiPS.kommunal


def test_participants_text_names_everyone(hierarchy):
    lines = ex.participants_text(PUB.example("koeln-hws-erft"), hierarchy)
    assert lines[0].startswith("3 Kreis(e): Rhein-Erft-Kreis")
    assert lines[-1] == "Weitere Beteiligte (ohne Fläche in der Karte): Erftverband"
