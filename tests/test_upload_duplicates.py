"""Duplicate rows (ikzmap.upload.duplicates): one rule, two consequences by kind of table."""

from ikzmap.upload import read_upload
from ikzmap.upload.duplicates import earlier_rows


def _issues(result) -> list[tuple[int, str, str]]:
    return [tuple(row) for row in result.issues[["Zeile", "Problem", "Folge"]].values.tolist()]


def test_earlier_rows_names_the_first_row_of_each_repeat():
    signatures = [(2, "a"), (3, "b"), (4, "a"), (5, "a"), (6, "b"), (7, "c")]
    assert earlier_rows(signatures) == {4: 2, 5: 2, 6: 3}


def test_a_second_row_of_a_unit_in_a_table_of_counts_is_not_counted(hierarchy):
    text = "AGS;Anzahl\n05562004;3\n05562008;4\n05562004;5\n"
    result = read_upload(text.encode(), "x.csv", hierarchy)
    assert result.dataset.values["count"].to_dict() == {"05562004": 3, "05562008": 4}
    [(row, problem, consequence)] = _issues(result)
    assert row == 4 and consequence == "nicht gezählt"
    assert problem.startswith("doppelt: ") and problem.endswith(
        "(05562004) steht schon in Zeile 2 (dort gezählt)"
    )


def test_an_activity_equal_to_an_earlier_one_is_counted_and_pointed_out(hierarchy):
    text = "AGS;Aufgabenfeld;Status\n05562004;IT;umgesetzt\n05562004;IT;umgesetzt\n"
    result = read_upload(text.encode(), "x.csv", hierarchy)
    assert result.dataset.values["count"].to_dict() == {"05562004": 2}
    assert _issues(result) == [(3, "gleiche Angaben wie Zeile 2 – doppelt erfasst?", "Hinweis")]


def test_in_a_bare_list_of_keys_each_repetition_is_one_more_activity(hierarchy):
    text = "AGS;Status\n05562004;umgesetzt\n05562004;umgesetzt\n"
    result = read_upload(text.encode(), "x.csv", hierarchy)
    assert result.kind == "activities"
    assert result.dataset.values["count"].to_dict() == {"05562004": 2}
    assert _issues(result) == []
