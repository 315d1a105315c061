"""Hostile strings for the security tests (script, HTML, Markdown, formulas, very long text),
the upload files made of them, and checks that the files carry them unchanged.

Every script payload sets ``window.__xss`` to a non-zero number, so a browser test can tell
that none ran; every link or image points to a host that is not local, so a request to it
shows up in the network guard.
"""

from __future__ import annotations

import io

import openpyxl

EVIL_HOST = "example.invalid"
SCRIPT = "<script>window.__xss=1</script>"
IMG = '<img src=x onerror="window.__xss=2">'
SVG = "\"'><svg onload=window.__xss=3>"
JS_URL = "javascript:window.__xss=4"
MD_LINK = "[Klick mich](javascript:window.__xss=5)"
MD_IMAGE = f"![Bild](http://{EVIL_HOST}/bild.png)"
MD_AUTOLINK = f"<http://{EVIL_HOST}/auto>"
HTML_LINK = f'<a href="http://{EVIL_HOST}/">Link</a>'
FORMULAS = ('=HYPERLINK("http://example.invalid","x")', "+1+1", "-2+3", "@SUM(A1:A2)")
LONG = "Lang" + "A" * 10_000  # 10 kB in one cell
LONG_HTML = "<b>" * 2_500  # 7.5 kB of tags
# Template syntax of Jinja2 (branca, folium), JS template literals, Ruby/Java EL: a server that
# compiles user text as a template evaluates them; inert text stays as is.
JINJA_EXPR = "{{ 'EVAL' ~ 'UIERT' }} {{ 7*7 }}"
JINJA_RCE = "{{ lipsum.__globals__['os'].name ~ 'RCE' }}"
JINJA_STMT = "{% for i in range(3) %}SCHLEIFE{% endfor %}"
JINJA_COMMENT = "{# versteckt #}"
TEMPLATES = (JINJA_EXPR, JINJA_RCE, JINJA_STMT, JINJA_COMMENT, "${7*7}", "#{7*7}")
# Formula prefixes a spreadsheet may run after invisible or look-alike characters.
UNICODE_FORMULAS = (
    " =1+1",
    "\u00a0=1+1",
    "\uff1d1+1",  # full-width "="
    "\uff0b1+1",
    "\uff0d1+1",
    "\uff20SUM(A1)",
    "\u200b=1+1",  # zero-width space
    "\ufeff+1",  # zero-width no-break space (BOM)
    "\u200d@SUM(A1)",
)
CONTROL = "Steuer\x00zeichen\x07\x1b[31m\u202egnudlem"  # NUL, bell, ANSI escape, RTL override
HUGE = "X" * 100_000  # 100k characters in one string
NAMES = (
    SCRIPT,
    IMG,
    SVG,
    JS_URL,
    MD_LINK,
    MD_IMAGE,
    MD_AUTOLINK,
    HTML_LINK,
    LONG,
    LONG_HTML,
    *TEMPLATES,
)
# Every hostile string, for the tests that feed one user-controlled text with each in turn.
CORPUS = (*NAMES, *FORMULAS, *UNICODE_FORMULAS, CONTROL, HUGE)
# What the templates above show once evaluated; none of it occurs in inert output.
EVALUATED = ("EVALUIERT", "posixRCE", "SCHLEIFESCHLEIFE")
MARKUP = (SCRIPT, IMG, SVG, MD_LINK, MD_IMAGE, MD_AUTOLINK, HTML_LINK)  # must never act
FILE_NAME = f"{IMG}{MD_IMAGE}{JINJA_EXPR}'\"=cmd.csv"
HEADER = f"Bemerkung {MD_IMAGE}"  # a hostile column label


def rows(matched: bool = True) -> list[list[str]]:
    """Header and rows: two matched Kreise (unless ``matched`` is false: then no row is
    usable), then one unmatched row per hostile name (they end up in the problem report),
    with more hostile text in a column nobody maps."""
    body = [["Kreis Recklinghausen", "707", "ok"], ["Kreis Borken", "301", IMG]] if matched else []
    body += [[name, "5", MD_IMAGE] for name in (*NAMES, *FORMULAS)]
    return [["Kreis", "Anzahl", HEADER], *body]


def csv_bytes(matched: bool = True) -> bytes:
    lines = [";".join(_quoted(cell) for cell in row) for row in rows(matched)]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def _quoted(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"'


def xlsx_bytes(sheet: str = "Daten") -> bytes:
    workbook = openpyxl.Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    for row in rows():
        worksheet.append(row)
    for row in worksheet.iter_rows():  # store formulas as text: the file is data, not Excel
        for cell in row:
            cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_csv_carries_every_hostile_cell_verbatim():
    import csv

    text = csv_bytes().decode("utf-8")
    assert list(csv.reader(io.StringIO(text, newline=""), delimiter=";")) == rows()


def test_xlsx_holds_text_not_formulas():
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes())).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type == "s" for cell in cells)
    assert [[c.value for c in row] for row in sheet.iter_rows()] == rows()
