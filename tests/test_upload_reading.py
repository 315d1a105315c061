import io
import zipfile

import pytest

from ikzmap.upload import UploadError
from ikzmap.upload import limits as upload_limits
from ikzmap.upload.read import detect_format, read_raw, xlsx_file
from ikzmap.upload.read import raw as upload_rows
from ikzmap.upload.read.csv_file import decode, read_csv, sniff_separator
from ikzmap.upload.read.xlsx_file import read_xlsx
from tests.factories import xlsx_bytes


@pytest.mark.parametrize(
    ("data", "codec"),
    [
        ("Gemeinde;Größe\n".encode(), "utf-8"),
        ("Gemeinde;Größe\n".encode("utf-8-sig"), "utf-8-sig"),
        ("Gemeinde;Größe\n".encode("cp1252"), "cp1252"),
        ("Gemeinde\tGröße\n".encode("utf-16"), "utf-16"),
        ("Gemeinde\tGröße\n".encode("utf-16-be").join([b"\xfe\xff", b""]), "utf-16"),
    ],
)
def test_decode_detects_the_encoding(data, codec):
    text, found = decode(data)
    assert found == codec
    assert "Größe" in text and not text.startswith("\ufeff")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"a;b\x00c", "Binärdaten"),
        (bytes(range(1, 32)) * 10, "Binärdaten"),
        (b"\x81\x8d\x8f\x90\x9d", "Binärdaten"),
        (b"\xef\xbb\xbfa;\xff\xfe", "UTF-8 mit BOM"),
    ],
)
def test_decode_rejects_binary_data_in_german(data, message):
    with pytest.raises(UploadError, match=message):
        decode(data)


@pytest.mark.parametrize(
    ("text", "separator"),
    [
        ("AGS;Anzahl\n05562004;3\n", ";"),
        ("AGS,Anzahl\n05562004,3\n", ","),
        ("AGS\tAnzahl\n05562004\t3\n", "\t"),
        ("AGS|Anzahl\n05562004|3\n", "|"),
        ("Titel, mit Komma\nAGS;Name;Anzahl\n1;a;2,5\n2;b;3,5\n", ";"),
        ('AGS,Anzahl\n05562004,"1,5"\n05562008,"2,5"\n', ","),
        ("AGS\n05562004\n", ";"),
    ],
)
def test_sniff_separator(text, separator):
    assert sniff_separator(text) == separator


def test_read_csv_keeps_cells_as_text_and_counts_records_like_excel():
    table = read_csv(b'Titel\n\nAGS;Name\n05562004;"zwei\nZeilen"\n05562008;x\n')
    assert table.rows == [
        ["Titel"],
        [],
        ["AGS", "Name"],
        ["05562004", "zwei\nZeilen"],
        ["05562008", "x"],
    ]
    assert (table.file_format, table.encoding, table.separator) == ("csv", "utf-8", ";")


def test_read_xlsx_first_or_chosen_sheet_keeps_numbers_and_row_numbers():
    data = xlsx_bytes({"Deckblatt": [["Titel"]], "Daten": [[], [None, "AGS"], [None, 5562004]]})
    assert read_xlsx(data).rows == [["Titel"]]
    table = read_xlsx(data, "Daten")
    assert table.rows == [[], [None, "AGS"], [None, 5562004]]
    assert (table.sheet, table.sheets) == ("Daten", ("Deckblatt", "Daten"))


def test_read_xlsx_unknown_sheet_lists_the_sheets():
    data = xlsx_bytes({"A": [["x"]], "B": [["y"]]})
    with pytest.raises(UploadError, match=r"„C“ gibt es nicht\. Vorhanden: „A“, „B“"):
        read_xlsx(data, "C")


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_zip_bomb_is_rejected_before_parsing():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            for _ in range(upload_limits.MAX_UNCOMPRESSED_BYTES // (1 << 20) + 1):
                member.write(b"\0" * (1 << 20))
    data = buffer.getvalue()
    assert len(data) < upload_limits.MAX_BYTES  # small on disk, huge unpacked
    with pytest.raises(UploadError, match=r"entpackt .* MB groß"):
        read_xlsx(data)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"PK\x03\x04 kaputt", "beschädigt"),
        (_zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}), "ODS"),
        (_zip({"word/document.xml": b"<w/>"}), "keine XLSX-Datei"),
        (_zip({f"x{i}": b"" for i in range(upload_limits.MAX_ZIP_MEMBERS + 1)}), "Teilen"),
        (_zip({"xl/workbook.xml": b"<kein xml", "[Content_Types].xml": b"<"}), "beschädigt"),
    ],
)
def test_broken_xlsx_gives_german_messages(data, message):
    with pytest.raises(UploadError, match=message):
        read_xlsx(data)


def _corrupted(data: bytes, member: str) -> bytes:
    """``data`` with the compressed bytes of ``member`` garbled (its headers intact)."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(member)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    garbled = bytearray(data)
    for i in range(start + 5, start + 40):
        garbled[i] ^= 0x5A
    return bytes(garbled)


def test_garbled_compressed_sheet_is_a_broken_file_not_an_internal_error():
    data = xlsx_bytes({"Daten": [["AGS", "Anzahl"], ["05562004", 3]] * 50})
    with pytest.raises(UploadError, match="beschädigt"):
        read_xlsx(_corrupted(data, "xl/worksheets/sheet1.xml"))


def test_a_bug_while_reading_a_sheet_is_not_called_a_broken_file(monkeypatch):
    def bug(self):
        raise ValueError("bug")

    monkeypatch.setattr(xlsx_file._SheetRows, "_end_row", bug)
    with pytest.raises(ValueError, match="bug"):
        read_xlsx(xlsx_bytes({"Daten": [["AGS", "Anzahl"], ["05562004", 3]]}))


@pytest.mark.parametrize(
    ("data", "filename", "expected"),
    [
        (b"PK\x03\x04...", "daten.csv", "xlsx"),
        (b"a;b", "daten.xlsx", "xlsx"),
        (b"a;b", "daten.CSV", "csv"),
        (b"a;b", "daten.txt", "csv"),
        (b"a;b", "C:\\Users\\x\\daten.xls", "csv"),  # text saved as .xls: try CSV
    ],
)
def test_detect_format(data, filename, expected):
    assert detect_format(data, filename) == expected


def test_old_excel_format_is_rejected_in_german():
    with pytest.raises(UploadError, match=r"\.xls"):
        detect_format(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "alt.xls")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "leer"),
        (b"x" * (upload_limits.MAX_BYTES + 1), "höchstens 10 MB"),
    ],
)
def test_size_limits(data, message):
    with pytest.raises(UploadError, match=message):
        read_raw(data, "x.csv")


def test_unknown_format_name_is_a_value_error_listing_valid_ones():
    with pytest.raises(ValueError, match="csv, xlsx"):
        read_raw(b"a", "x.csv", file_format="ods")


def test_row_limit(monkeypatch):
    monkeypatch.setattr(upload_rows, "MAX_ROWS", 5)
    monkeypatch.setattr(upload_rows, "MAX_HEADER_SCAN", 0)
    with pytest.raises(UploadError, match="mehr als 5 ausgefüllte Zeilen"):
        read_csv(b"a\n" * 6)
    assert len(read_csv(b"a\n" * 5).rows) == 5


def test_column_limit():
    line = ";".join(["x"] * (upload_limits.MAX_COLUMNS + 1))
    with pytest.raises(UploadError, match="Zeile 2 hat 201 Spalten"):
        read_csv(f"a;b\n{line}\n".encode())


def test_unclosed_quote_or_overlong_cell_is_reported_with_the_row():
    with pytest.raises(UploadError, match="ab Zeile"):
        read_csv(b'a;b\n"' + b"x" * 200_000 + b"\n")
