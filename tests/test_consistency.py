import pytest

from ikzmap.budget import default_budget_status
from ikzmap.budget_findings import FINDINGS
from ikzmap.consistency import (
    Finding,
    Severity,
    check_atlas,
    check_consistency,
    deviations,
    summary_text,
)
from ikzmap.dataset import IkzDataset
from ikzmap.model import default_kreis_counts
from ikzmap.provenance import Provenance
from tests.factories import make_dataset

RBZ_PUBLISHED = {"055": 1540, "051": 826, "053": 1378, "059": 1316, "057": 1190}
# Kreis counts that meet every published figure, incl. the budget findings of 1.3.2 with
# the status of 31.12.2025 (the model of December 2026; fixed here so that these tests do
# not move with the model).
KREIS_COUNTS = {
    "05154": 178, "05158": 178, "05162": 142, "05166": 155, "05170": 173, "05334": 151,
    "05358": 154, "05362": 193, "05366": 132, "05370": 156, "05374": 154, "05378": 155,
    "05382": 311, "05554": 291, "05558": 228, "05562": 453, "05566": 342, "05570": 226,
    "05754": 220, "05758": 176, "05762": 156, "05766": 255, "05770": 211, "05774": 178,
    "05954": 197, "05958": 201, "05962": 227, "05966": 128, "05970": 66, "05974": 227,
    "05978": 236,
}  # fmt: skip
STAND = "Haushaltsstatus 31.12.2025, im Bericht 31.12.2024"


@pytest.fixture(scope="module")
def model() -> IkzDataset:
    return make_dataset(KREIS_COUNTS, level="kreis", provenance=Provenance.MODELLED)


def _with_counts(dataset: IkzDataset, changes: dict[str, int]) -> IkzDataset:
    """A copy of ``dataset`` with some counts replaced."""
    values = dataset.values.copy()
    for key, count in changes.items():
        values.loc[key, "count"] = count
    return IkzDataset(dataset.level, values, dataset.source, "geändert")


def _texts(findings: tuple[Finding, ...]) -> list[str]:
    return [f.text for f in findings]


@pytest.mark.parametrize("dataset", ["fixture", "default"])
def test_model_agrees_with_every_published_figure(model, hierarchy, dataset):
    data = model if dataset == "fixture" else default_kreis_counts(hierarchy)
    findings = check_consistency(data, hierarchy)
    assert not deviations(findings)
    assert all(f.severity is Severity.OK for f in findings)
    assert len(findings) == 20
    assert summary_text(findings) == (
        "Alle 20 Vergleiche stimmen mit den veröffentlichten Zahlen der gpaNRW überein."
    )
    assert "Summe 6.250 wie veröffentlicht" in _texts(findings)
    assert "Maximum bei Kreis Recklinghausen wie veröffentlicht" in _texts(findings)


@pytest.mark.parametrize("changes", [{}, {"05562": 500, "05970": 12}])
def test_an_atlas_is_checked_from_its_own_aggregates(atlas, hierarchy, changes):
    """The app compares the atlas it shows: the same findings as a fresh check."""
    from ikzmap.published import load_published

    data = _with_counts(atlas.ikz, changes) if changes else atlas.ikz
    shown = atlas.with_ikz(data, None, "geändert") if changes else atlas
    published = load_published()
    expected = check_consistency(data, hierarchy, published, atlas.budget_status)
    assert check_atlas(shown, published) == expected
    assert bool(deviations(expected)) == bool(changes)


def test_budget_findings_are_compared_with_the_stichtag_named(model, hierarchy):
    texts = _texts(check_consistency(model, hierarchy))
    assert (
        f"oberes Viertel (7 Kreise): 14,0 % in Haushaltssicherung, wie veröffentlicht 14 % "
        f"(15 von 107 Kommunen; {STAND})"
    ) in texts
    assert (
        f"unteres Viertel (7 Kreise): 5,5 % in Haushaltssicherung, wie veröffentlicht 5 % "
        f"(4 von 73 Kommunen; {STAND})"
    ) in texts


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"05978": 176}, "Summe 6.190 statt 6.250 veröffentlicht"),
        (
            {"05978": 176},
            "Regierungsbezirk Arnsberg: Anteil 20 % statt 21 % veröffentlicht "
            "(1.222 von 6.190 = 19,7 %)",
        ),
        ({"05566": 282}, "Regierungsbezirk Münster: 1.480 statt 1.540 veröffentlicht"),
        ({"05154": 118}, "Regierungsbezirk Düsseldorf: 766 statt 826 veröffentlicht"),
        ({"05966": 78, "05970": 116}, "Minimum 78 statt 66 veröffentlicht"),
        ({"05966": 78, "05970": 116}, "Minimum bei Kreis Olpe statt bei Kreis Siegen-Wittgenstein"),
        (
            {"05562": 342, "05566": 453},
            "Maximum bei Kreis Steinfurt statt bei Kreis Recklinghausen",
        ),
        ({"05370": 154}, "1. Viertelwert 154,5 statt 155 veröffentlicht"),
        ({"05374": 179, "05362": 192}, "Median 179 statt 178 veröffentlicht"),
        ({"05958": 230}, "3. Viertelwert 227,5 statt 227 veröffentlicht"),
        ({"05562": 500}, "Maximum 500 statt 453 veröffentlicht"),
        (
            {"05370": 154},
            "unteres Viertel (8 Kreise): 6,0 % in Haushaltssicherung statt 5 % veröffentlicht "
            f"(5 von 83 Kommunen; {STAND})",
        ),
        (
            {"05958": 230},
            "oberes Viertel (8 Kreise): 12,6 % in Haushaltssicherung statt 14 % veröffentlicht "
            f"(15 von 119 Kommunen; {STAND})",
        ),
    ],
)
def test_deviations_are_reported_in_german(model, hierarchy, changes, expected):
    findings = check_consistency(_with_counts(model, changes), hierarchy)
    assert expected in _texts(deviations(findings))
    assert deviations(findings)


def test_budget_findings_follow_the_status_given(model, hierarchy):
    """An upload is compared with the status the app has; another status, other shares."""
    status = default_budget_status()
    status.loc[status.index, "status_code"] = 5  # every Gemeinde in Haushaltssicherung
    findings = check_consistency(model, hierarchy, status=status)
    bad = {f.check for f in deviations(findings)}
    assert bad == {f"budget_{f.figure_id}" for f in FINDINGS}


def test_budget_findings_need_all_31_kreise(model, hierarchy):
    values = model.values.drop(["05978"])
    findings = check_consistency(IkzDataset("kreis", values, model.source, "x"), hierarchy)
    note = next(f for f in findings if f.check == "budget_findings")
    assert note.severity is Severity.NOTE
    assert note.text.startswith("Haushaltsbefunde (Abschnitt 1.3.2) nicht prüfbar: 30 statt 31")


def test_summary_counts_deviations(model, hierarchy):
    findings = check_consistency(_with_counts(model, {"05562": 500}), hierarchy)
    # Münster's share stays 25 % (1.587 / 6.297 = 25.2 %); Arnsberg's 1.282 drops to 20.4 %
    bad = deviations(findings)
    assert {f.check for f in bad} == {"total", "rbz_055_count", "rbz_059_share", "kreis_maximum"}
    assert summary_text(findings) == (
        "4 von 20 Vergleichen weichen von den veröffentlichten Zahlen der gpaNRW ab."
    )


def test_single_deviation_uses_singular(model, hierarchy):
    swapped = _with_counts(model, {"05774": 179, "05758": 175})  # same sums, new median
    findings = check_consistency(swapped, hierarchy)
    assert summary_text(findings) == (
        "1 von 20 Vergleichen weicht von den veröffentlichten Zahlen der gpaNRW ab."
    )


def test_findings_carry_expected_and_actual(model, hierarchy):
    findings = check_consistency(_with_counts(model, {"05978": 176}), hierarchy)
    total = next(f for f in findings if f.check == "total")
    assert (total.expected, total.actual, total.severity) == (6250, 6190, Severity.DEVIATION)


def test_missing_kreis_values(model, hierarchy):
    values = model.values.drop(["05978", "05966"])
    findings = check_consistency(IkzDataset("kreis", values, model.source, "lückenhaft"), hierarchy)
    texts = _texts(findings)
    assert "Anzahl Kreiswerte 29 statt 31 veröffentlicht" in texts
    assert findings[0].severity is Severity.NOTE
    assert findings[0].text == (
        "Für 19 von 402 erhobenen Gebietskörperschaften fehlen Werte; Summen sind unvollständig"
    )


def test_rbz_level_data_cannot_check_kreise(hierarchy):
    findings = check_consistency(
        make_dataset(RBZ_PUBLISHED, level="rbz", provenance=Provenance.PUBLISHED), hierarchy
    )
    assert not deviations(findings)
    notes = [f for f in findings if f.severity is Severity.NOTE]
    assert [f.check for f in notes] == ["kreis"]
    assert notes[0].text.startswith("Kreiswerte nicht prüfbar")
    assert summary_text(findings).startswith("Alle 8 Vergleiche")


def test_rbz_without_data_is_a_note(hierarchy):
    partial = {k: v for k, v in RBZ_PUBLISHED.items() if k != "053"}
    findings = check_consistency(make_dataset(partial, level="rbz"), hierarchy)
    note = next(f for f in findings if f.check == "rbz_053")
    assert note.severity is Severity.NOTE
    assert note.text == "Regierungsbezirk Köln: keine Daten, nicht vergleichbar"
    assert "Summe 4.872 statt 6.250 veröffentlicht" in _texts(findings)


def test_empty_dataset(hierarchy):
    findings = check_consistency(make_dataset({}), hierarchy)
    assert findings[1].text == "Summe: keine Daten"
    assert "Anzahl Kreiswerte 0 statt 31 veröffentlicht" in _texts(findings)


def test_gemeinde_level_totals_are_checked(hierarchy):
    dataset = make_dataset({"05562004": 3000, "05111000": 10})
    findings = check_consistency(dataset, hierarchy)
    # Düsseldorf (kreisfrei, not surveyed) does not enter the sums
    assert "Summe 3.000 statt 6.250 veröffentlicht" in _texts(findings)
    bad_shares = [f.check for f in deviations(findings) if f.check.endswith("_share")]
    assert bad_shares == ["rbz_055_share"]
    notes = [f.check for f in findings if f.severity is Severity.NOTE and f.check[:4] == "rbz_"]
    assert notes == ["rbz_051", "rbz_053", "rbz_057", "rbz_059"]


def test_finding_ok_property():
    assert Finding("x", Severity.OK, "gut").ok
    assert not Finding("x", Severity.NOTE, "Hinweis").ok
    assert Finding("x", Severity.NOTE, "ohne Werte").actual is None
