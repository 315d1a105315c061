"""Completeness of ``data/ikz``: a walk over the report's and the talk's text.

Every number written in digits in the two source texts (``tests/data/seeds``) must be held
- inside the verbatim quote of a published figure or practice example that holds this
  number (value, wording, Stichtag year or year of the example), or inside the legal-form
  table of 1.2.6; or in a passage listed in ``REPEATS`` that restates held items (checked:
  the number must be the value of one of the named figures or examples); or be listed in
  ``SKIPPED`` as deliberately left out, with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from ikzmap.published import load_published

SEEDS = Path(__file__).parent / "data" / "seeds"
TEXTS = {"bericht": "bericht.txt", "vortrag": "vortrag.txt"}
NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*")
# (source, pattern: every number inside a match is skipped, reason)
SKIPPED: tuple[tuple[str, str, str], ...] = (
    ("bericht", r"INHALTSVERZEICHNIS.*?Kontakt \d+", "Inhaltsverzeichnis: Abschnitte, Seiten"),
    ("bericht", r"(?<![\d.])1(?:\.\d){1,3}(?![\d])", "Abschnittsnummer (Überschrift, Verweis)"),
    ("bericht", r"1\. Interkommunale Zusammenarbeit \(IKZ\) – Überörtliche", "Kapitelnummer"),
    ("bericht", r"\^\{7,8,9\}", "Fußnotenzeichen"),
    ("bericht", r"§§? ?\d+\w*(?: (?:Abs\.|bis) \d+)*(?: S\. \d+)?", "Paragraf eines Gesetzes"),
    ("bericht", r"Stichtag 31\.12\.2024", "Stichtag der Haushaltsdaten (Fußnote; bei den Zahlen)"),
    ("bericht", r"Stichtag 31\. Dezember 2024", "Stichtag der Haushaltsdaten (bei den Zahlen)"),
    ("bericht", r"bis 10\.000 EW", "Größenschwelle des Teilsegments, keine Kennzahl"),
    ("bericht", r"Shamrockring 1, Haus 4, 44623 Herne", "Anschrift der gpaNRW (Impressum)"),
    ("bericht", r"Postfach 10 18 79, 44608 Herne", "Anschrift der gpaNRW (Kontakt)"),
    ("bericht", r"t 0 23 23/14 80-0 f 0 23 23/14 80-333", "Telefon und Fax (Kontakt)"),
    ("bericht", r"Smart Cities-5", "Name des Modellprojekts"),
    ("bericht", r"360-Grad", "technische Angabe eines Praxisbeispiels"),
    (
        "bericht",
        r"Minimum 1\. Viertelwert 2\. Viertelwert \(Median\) 3\. Viertelwert",
        "Spaltenköpfe der Tabelle 1.3.2 (Ordnungszahlen)",
    ),
    ("bericht", r"Herne, im September 2025", "Datum des Berichts (Quellenangabe)"),
    ("vortrag", r"unter 10\.000 Einwohnenden", "Größenschwelle, keine Kennzahl"),
    ("vortrag", r"24\. Februar 2026 \d+", "Datum des Vortrags und Foliennummer"),
    ("vortrag", r"§ 2[bB]", "Paragraf eines Gesetzes"),
    ("vortrag", r"ERKENNTNISSE \([12]/2\)", "Nummer der Folie"),
    ("vortrag", r"360-Grad", "technische Angabe eines Praxisbeispiels"),
    ("vortrag", r"von 2019 bis 2025", "Prüfungszeitraum (im Bericht als Kennzahl geführt)"),
    ("vortrag", r"Start: 2022", "Jahr eines Praxisbeispiels (im Bericht geführt)"),
    ("vortrag", r"Flutkatastrophe 2021", "Jahr eines Praxisbeispiels (im Bericht geführt)"),
    (
        "vortrag",
        r"drei Kreisen \(Rhein- ?Erft-Kreis.*?16 Kommunen",
        "Beteiligte des Beispiels Erft (im Bericht mit Schlüsseln geführt)",
    ),
)

# (source, passage, ids of the held figures / examples it restates)
REPEATS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("bericht", r"Gemeindeverbände von 2019 bis 2025", ("survey_from", "survey_to")),
    ("bericht", r"mit Ausnahme der 23 kreisfreien Städte", ("kreisfreie_not_surveyed",)),
    ("bericht", r"373 kreisangehörigen Kommunen und 31 Kreisen", ("surveyed_kreise",)),
    ("bericht", r"Dreiviertel der 207 kleinen", ("segment_small_units",)),
    ("bericht", r"140 von 402", ("surveyed_total",)),
    ("bericht", r"2\.504 von 6\.250", ("activities_total",)),
    ("bericht", r"Obwohl die 31 Kreise", ("surveyed_kreise",)),
    ("bericht", r"Die 207 kleinen kreisangehörigen Kommunen bilden", ("segment_small_units",)),
    ("bericht", r"genannten 6\.250 umgesetzten", ("activities_total",)),
    ("bericht", r"Von den 25 Prozent der Kreise mit den wenigsten", ("top_quarter_share",)),
    ("bericht", r"Nach der Flutkatastrophe 2021", ("koeln-hws-erft",)),
    ("bericht", r"Die Kooperation wurde in 2022 mit dem", ("koeln-rufbereitschaft",)),
    ("bericht", r"seit dem Jahr 2016", ("lv-einkaufskooperation",)),
    ("vortrag", r"371 kreisangehörige Kommunen", ("surveyed_kommunen",)),
    ("vortrag", r"31 Kreise einschließlich", ("surveyed_kreise",)),
    ("vortrag", r"insgesamt 6\.250 umgesetzten", ("activities_total",)),
    ("vortrag", r"Mit 1\.540 genannten", ("rbz_055_count",)),
)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _numbers(text: str) -> set[float]:
    out = set()
    for token in NUMBER.findall(text):
        out.add(_value(token))
    return out


def _value(token: str) -> float:
    if "," in token:  # German decimal comma: "1,46"
        return float(token.replace(".", "").replace(",", "."))
    return float(token.replace(".", ""))


@dataclass(frozen=True)
class Held:
    source: str
    quote: str
    numbers: frozenset[float]
    what: str


def _held() -> list[Held]:
    pub = load_published()
    held = []
    for fig in pub.figures.values():
        numbers = {float(fig.value), *_numbers(fig.value_text)}
        if fig.stichtag:
            numbers.add(float(fig.stichtag[:4]))
        held.append(Held(fig.source, fig.quote, frozenset(numbers), fig.id))
    for example in pub.examples:
        numbers = {float(example.year)} if example.year else set()
        numbers |= _numbers(example.year_note or "")
        numbers |= {float(len(example.kreise)), float(len(example.gemeinden))}
        held.append(Held("bericht", example.quote, frozenset(numbers), example.id))
    # The value of a figure, wherever the text restates it (see REPEATS).
    table = {float(v) for _, values in pub.legal_form_rows for v in values}
    start = "Segment Öffentlich-rechtliche Vereinbarung"
    seg_text = _norm((SEEDS / TEXTS["bericht"]).read_text(encoding="utf-8"))
    begin = seg_text.index(start)
    quote = seg_text[begin : seg_text.index("➔", begin)]
    held.append(Held("bericht", quote, frozenset(table), "legal_forms_by_segment"))
    return held


def _covered(text: str, source: str, held: list[Held]) -> dict[int, str]:
    """Start offset of each number token -> why it is covered."""
    tokens = {m.start(): m for m in NUMBER.finditer(text)}
    covered: dict[int, str] = {}
    for item in held:
        if item.source != source:
            continue
        quote = _norm(item.quote).replace("**", "")
        for found in re.finditer(re.escape(quote), text):
            for start, match in tokens.items():
                inside = found.start() <= start < found.end()
                if inside and _value(match.group()) in item.numbers:
                    covered.setdefault(start, item.what)
    by_id = {item.what: item for item in held}
    for src, pattern, ids in REPEATS:
        if src != source:
            continue
        numbers = set().union(*(by_id[i].numbers for i in ids))
        for found in re.finditer(pattern, text):
            for start, match in tokens.items():
                inside = found.start() <= start < found.end()
                if inside and _value(match.group()) in numbers:
                    covered.setdefault(start, f"wiederholt: {', '.join(ids)}")
    for src, pattern, reason in SKIPPED:
        if src != source:
            continue
        for found in re.finditer(pattern, text, flags=re.S | re.M):
            for start in tokens:
                if found.start() <= start < found.end():
                    covered.setdefault(start, f"übersprungen: {reason}")
    return covered


@pytest.mark.parametrize("source", list(TEXTS))
def test_every_number_in_the_sources_is_held_or_skipped(source):
    raw = (SEEDS / TEXTS[source]).read_text(encoding="utf-8")
    text = _norm(raw)
    assert "**" not in text or source == "bericht"
    text = text.replace("**", "")
    covered = _covered(text, source, _held())
    missing = [
        f"{m.group()} …{text[max(0, m.start() - 50) : m.end() + 30]}…"
        for m in NUMBER.finditer(text)
        if m.start() not in covered
    ]
    assert not missing, "Zahlen ohne Kennzahl und ohne Begründung:\n" + "\n".join(missing)


def test_every_skip_rule_is_used():
    """A rule that skips nothing is stale: the text changed or the rule is wrong."""
    for source, pattern, reason in (*SKIPPED, *REPEATS):
        text = _norm((SEEDS / TEXTS[source]).read_text(encoding="utf-8")).replace("**", "")
        assert re.search(pattern, text, flags=re.S | re.M), (source, pattern, reason)


def test_the_walk_fails_on_an_unheld_number():
    text = "Der Bericht nennt 4711 Projekte."
    covered = _covered(text, "bericht", _held())
    assert NUMBER.search(text).start() not in covered
