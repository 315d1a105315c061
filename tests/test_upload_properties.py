"""Property-based tests: no input crashes the reader; normalisation and key repair are sound."""

import csv
import io

import openpyxl
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ikzmap.csv_safe import FORMULA_PREFIXES, safe_csv_bytes
from ikzmap.upload import read_upload
from ikzmap.upload.cells import parse_number
from ikzmap.upload.names import normalize_name
from ikzmap.upload.pipeline import INTERNAL_ERROR

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
HEADERS = ["AGS", "Gemeinde", "Kreis", "Anzahl", "Status", "Einwohner", "Aufgabenfeld", "x", ""]
WORDS = [
    "Summe", "Insgesamt", "NRW gesamt", "Kreis Recklinghausen", "Paderborn", "Bonn",
    "umgesetzt", "geplant", "rückabgewickelt", "k.A.", "1.540", "12,5", "-3", "5,56E+03",
    "=1+1", "05", "Städteregion Aachen", "Hochsauerlandkreis",
]  # fmt: skip
TEXT = st.text(alphabet=st.characters(codec="cp1252", exclude_categories=("Cs", "Cc")), max_size=12)


def _assert_sound(result, data: bytes) -> None:
    assert result.original is data
    assert result.error != INTERNAL_ERROR
    assert (result.dataset is None) == (result.error is not None)
    if result.error is not None:
        assert result.error.strip() and "Traceback" not in result.error
    else:
        values = result.dataset.values
        assert (values["count"] >= 0).all()
        assert values.index.is_unique


@SETTINGS
@given(data=st.binary(max_size=2000), name=st.sampled_from(["a.csv", "a.xlsx", "a.txt", "a"]))
def test_random_bytes_never_crash(hierarchy, data, name):
    _assert_sound(read_upload(data, name, hierarchy), data)


@SETTINGS
@given(tail=st.binary(max_size=500))
def test_random_zip_like_bytes_never_crash(hierarchy, tail):
    data = b"PK\x03\x04" + tail
    _assert_sound(read_upload(data, "a.xlsx", hierarchy), data)


def _cell(keys: list[str]):
    mangled_key = st.sampled_from(keys).map(lambda k: k.lstrip("0"))
    return st.one_of(
        TEXT,
        st.sampled_from(WORDS),
        st.sampled_from(keys),
        mangled_key,
        st.integers(-5, 10**6).map(str),
        st.integers(-5, 500),
        st.floats(allow_nan=False, allow_infinity=False, width=32),
        st.none(),
    )


def _random_tables(keys: list[str]):
    header = st.lists(st.sampled_from(HEADERS), min_size=1, max_size=5)
    rows = st.lists(st.lists(_cell(keys), max_size=6), max_size=15)
    titles = st.lists(st.lists(TEXT, max_size=2), max_size=2)
    return st.tuples(titles, header, rows)


def _column_cells(keys: list[str], names: list[str]) -> dict[str, st.SearchStrategy]:
    noise = st.one_of(st.sampled_from(WORDS), TEXT, st.none())
    count = st.one_of(st.integers(0, 500), st.integers(-5, 3000).map(str), noise)
    return {
        "AGS": st.one_of(st.sampled_from(keys), st.sampled_from(keys).map(int), noise),
        "Gemeinde": st.one_of(st.sampled_from(names), noise),
        "Anzahl": count,
        "Einwohner": count,
        "Status": st.one_of(st.sampled_from(["umgesetzt", "geplant", "rückabgewickelt"]), noise),
    }


@st.composite
def _shaped_tables(draw, keys: list[str], names: list[str]):
    """Tables with the usual columns and mostly plausible cells: they reach the counting."""
    cells = _column_cells(keys, names)
    header = draw(st.permutations(list(cells)).map(lambda h: h[: draw(st.integers(2, 5))]))
    rows = draw(st.lists(st.tuples(*(cells[h] for h in header)).map(list), max_size=15))
    return [], header, rows


def _tables(keys: list[str], names: list[str]):
    return st.one_of(_random_tables(keys), _shaped_tables(keys, names))


def _text(cell: object) -> str:
    return "" if cell is None else str(cell)


def _csv_bytes(table, separator: str, encoding: str) -> bytes:
    titles, header, rows = table
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator, lineterminator="\r\n")
    for row in [*titles, header, *rows]:
        writer.writerow([_text(c) for c in row])
    return buffer.getvalue().encode(encoding)


def _xlsx_bytes(table) -> bytes:
    titles, header, rows = table
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in [*titles, header, *rows]:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _pools(hierarchy) -> tuple[list[str], list[str]]:
    return list(hierarchy.units.index), [*hierarchy.units["name"], *hierarchy.units["label"]]


def _assert_rows_accounted_for(result) -> None:
    """Every data row is taken or reported as not counted (nothing silently dropped)."""
    if result.error is not None:
        return
    issues = result.issues
    not_counted = set(issues.loc[issues["Folge"] == "nicht gezählt", "Zeile"])
    assert result.summary.counted + len(not_counted) == result.summary.rows_read


@SETTINGS
@given(
    data=st.data(),
    separator=st.sampled_from([";", ",", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]),
)
def test_random_csv_tables_never_crash(hierarchy, data, separator, encoding):
    table = data.draw(_tables(*_pools(hierarchy)))
    raw = _csv_bytes(table, separator, encoding)
    result = read_upload(raw, "t.csv", hierarchy)
    _assert_sound(result, raw)
    _assert_rows_accounted_for(result)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_random_xlsx_tables_never_crash(hierarchy, data):
    table = data.draw(_tables(*_pools(hierarchy)))
    raw = _xlsx_bytes(table)
    result = read_upload(raw, "t.xlsx", hierarchy)
    _assert_sound(result, raw)
    _assert_rows_accounted_for(result)


@given(st.text())
def test_name_normalisation_is_idempotent(text):
    once = normalize_name(text)
    assert normalize_name(once) == once
    assert once == once.strip() and "  " not in once


def _mangle(key: str, how: str) -> object:
    digits = key.lstrip("0")
    return {
        "text": key,
        "lost_zero": digits,
        "int": int(key),
        "float": float(key),
        "decimal": digits + ".0",
        "decimal_comma": digits + ",0",
        "scientific": f"{digits[0]},{digits[1:]}E+{len(digits) - 1:02d}",
        "spaces": f"{key[:2]} {key[2:]}",
        "apostrophe": "'" + key,
        "rs": key[:5] + "0000" + key[5:] if len(key) == 8 else key,
        "padded": key + "000" if len(key) == 5 else key,
    }[how]


MANGLINGS = ["text", "lost_zero", "int", "float", "decimal", "decimal_comma", "scientific",
             "spaces", "apostrophe", "rs", "padded"]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(data=st.data(), how=st.sampled_from(MANGLINGS))
def test_key_repair_round_trips(hierarchy, data, how):
    key = data.draw(st.sampled_from(list(hierarchy.level("gemeinde").index)
                                    + list(hierarchy.level("kreis").index)))  # fmt: skip
    padded_city = how == "padded" and key + "000" in hierarchy  # kreisfreie Stadt 05111000
    assert hierarchy.resolve(_mangle(key, how)) == (key + "000" if padded_city else key)


@settings(max_examples=60, deadline=None)
@given(data=st.data(), how=st.sampled_from(MANGLINGS))
def test_mangled_keys_round_trip_through_a_file(hierarchy, data, how):
    pool = sorted(hierarchy.kreisangehoerige_gemeinden().index)
    keys = data.draw(st.lists(st.sampled_from(pool), min_size=1, max_size=20, unique=True))
    lines = ["AGS;Anzahl", *(f"{_mangle(k, how)};{i}" for i, k in enumerate(keys))]
    result = read_upload("\n".join(lines).encode(), "k.csv", hierarchy, kind="gemeinde")
    assert result.dataset.values["count"].to_dict() == {k: i for i, k in enumerate(keys)}


@given(st.integers(0, 10**9))
def test_german_thousands_round_trip(number):
    text = f"{number:,}".replace(",", ".")
    assert parse_number(text) == number


@given(st.integers(0, 10**6), st.integers(0, 99))
def test_german_decimals_round_trip(whole, cents):
    assert parse_number(f"{whole},{cents:02d}") == float(f"{whole}.{cents:02d}")


@given(st.lists(st.text(max_size=8), min_size=1, max_size=10))
def test_safe_csv_never_emits_a_formula_and_keeps_the_text(cells):
    data = safe_csv_bytes(pd.DataFrame({"Wert": cells}))
    read = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    out = [row[0] if row else "" for row in read[1:]]
    for original, written in zip(cells, out, strict=True):
        if original.startswith(FORMULA_PREFIXES):
            assert written == "'" + original
        else:
            assert not written.startswith(FORMULA_PREFIXES)
