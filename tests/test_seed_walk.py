"""Completeness of ``data/ikz``: a walk over the report's and the talk's text.

Every number in the two source texts (``tests/data/seeds``) – written in digits, or as a
German number word where the text states a count or a share ("elf Gebietskörperschaften",
"sechs Städte", "Neun von zehn", "drei Viertel", "die Hälfte") – must be held
- inside the verbatim quote of a published figure or practice example that holds this
  number (value, wording, Stichtag year or year of the example), or inside the legal-form
  table of 1.2.6; or in a passage listed in ``REPEATS`` that restates held items (checked:
  the number must be the value of one of the named figures or examples); or be listed in
  ``SKIPPED`` as deliberately left out, with the reason.
A statement about a unit holds the numbers its own short text restates from its quote.
Not counts and so not walked: the article "ein(e)" (except in a fraction: "ein Drittel"),
"beide", ordinals ("zweitwichtigste", "vierten") – the data hold an order as a rank.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from ikzmap.published import load_published

SEEDS = Path(__file__).parent / "data" / "seeds"
TEXTS = {"bericht": "bericht.txt", "vortrag": "vortrag.txt"}
NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*")
CARDINALS: dict[str, int] = {
    "eins": 1,
    "zwei": 2,
    "drei": 3,
    "vier": 4,
    "fünf": 5,
    "sechs": 6,
    "sieben": 7,
    "acht": 8,
    "neun": 9,
    "zehn": 10,
    "elf": 11,
    "zwölf": 12,
    "dreizehn": 13,
    "vierzehn": 14,
    "fünfzehn": 15,
    "sechzehn": 16,
    "siebzehn": 17,
    "achtzehn": 18,
    "neunzehn": 19,
    "zwanzig": 20,
    "dreißig": 30,
    "vierzig": 40,
    "fünfzig": 50,
    "hundert": 100,
    "tausend": 1000,
}
DENOMINATORS: dict[str, int] = {
    "hälfte": 2,
    "drittel": 3,
    "viertel": 4,
    "fünftel": 5,
    "zehntel": 10,
}
NUMERATORS: dict[str, int] = {"ein": 1, "eine": 1, "einem": 1, "zwei": 2, "drei": 3, "vier": 4}
_NUMERATOR = "|".join(NUMERATORS)
_FRACTION = "|".join(d for d in DENOMINATORS if d != "hälfte")
# A fraction ("ein Drittel", "drei Viertel", "Dreiviertel", "die Hälfte") as a share in
# percent; else a cardinal number word as a whole word ("elf", not "Elfmeter").
WORD_NUMBER = re.compile(
    rf"\b(?:(?P<num>{_NUMERATOR})\s+)?(?P<frac>(?:zwei|drei)?(?:{_FRACTION})|hälfte)\b"
    rf"|\b(?P<card>{'|'.join(sorted(CARDINALS, key=len, reverse=True))})\b",
    re.IGNORECASE,
)
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
        "bericht",
        r"den Rängen eins bis drei",
        "Rangstufen der Auswertung (die Zahl der Ränge hält success_ranks_evaluated)",
    ),
    (
        "bericht",
        r"Diese vier Faktoren",
        "Rückverweis auf die zuvor genannten Faktoren (gehalten als ihre Ränge success_rank_*)",
    ),
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
    ("bericht", r"zum Viertel der Kommunen und Kreise mit den meisten", ("top_quarter_share",)),
    ("bericht", r"Von dem Viertel der Kreise mit den meisten", ("top_quarter_share",)),
    ("bericht", r"Ein Viertel aller IKZ-Aktivitäten finden im", ("rbz_055_share",)),
    ("bericht", r"auf die fünf Regierungsbezirke des Landes", ("rbz_count",)),
    ("bericht", r"Praxisbeispiele in den fünf Regierungsbezirken", ("rbz_count",)),
    ("vortrag", r"371 kreisangehörige Kommunen", ("surveyed_kommunen",)),
    ("vortrag", r"Im aktivsten Viertel der Kreise", ("top_quarter_share",)),
    ("vortrag", r"Gemeinschaftsprojekt mit allen acht", ("duesseldorf-digitaler-zwilling",)),
    ("vortrag", r"31 Kreise einschließlich", ("surveyed_kreise",)),
    ("vortrag", r"insgesamt 6\.250 umgesetzten", ("activities_total",)),
    ("vortrag", r"Mit 1\.540 genannten", ("rbz_055_count",)),
)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@dataclass(frozen=True)
class Token:
    """One number in a text: digits or a number word, with its value (a fraction as
    percent, rounded to one decimal like the data: "ein Drittel" = 33.3)."""

    start: int
    end: int
    value: float
    text: str


def _fraction(match: re.Match[str]) -> float:
    word = match.group("frac").lower()
    denominator = next(v for d, v in DENOMINATORS.items() if word.endswith(d))
    prefix = word[: -len(next(d for d in DENOMINATORS if word.endswith(d)))]
    numerator = CARDINALS.get(prefix) or NUMERATORS.get((match.group("num") or "").lower(), 1)
    return round(100 * numerator / denominator, 1)


def _tokens(text: str) -> list[Token]:
    tokens = [
        Token(m.start(), m.end(), _value(m.group()), m.group()) for m in NUMBER.finditer(text)
    ]
    for m in WORD_NUMBER.finditer(text):
        value = _fraction(m) if m.group("frac") else float(CARDINALS[m.group("card").lower()])
        tokens.append(Token(m.start(), m.end(), value, m.group()))
    return sorted(tokens, key=lambda t: t.start)


def _numbers(text: str) -> set[float]:
    return {token.value for token in _tokens(text)}


def _value(token: str) -> float:
    """A number token's value; NaN (equal to nothing) for a list like "7,8,9"."""
    text = token.replace(".", "").replace(",", ".") if "," in token else token.replace(".", "")
    try:  # "1,46": German decimal comma; "1.540": thousands
        return float(text)
    except ValueError:
        return math.nan


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
        held.append(Held(example.source, example.quote, frozenset(numbers), example.id))
    for n, statement in enumerate(pub.statements, start=1):
        numbers = frozenset(_numbers(statement.text) & _numbers(statement.quote))
        held.append(Held("bericht", statement.quote, numbers, f"Aussage {n} ({statement.key})"))
    # The value of a figure, wherever the text restates it (see REPEATS).
    table = {float(v) for _, values in pub.legal_form_rows for v in values}
    start = "Segment Öffentlich-rechtliche Vereinbarung"
    seg_text = _norm((SEEDS / TEXTS["bericht"]).read_text(encoding="utf-8"))
    begin = seg_text.index(start)
    quote = seg_text[begin : seg_text.index("➔", begin)]
    held.append(Held("bericht", quote, frozenset(table), "legal_forms_by_segment"))
    return held


def _inside(tokens: list[Token], found: re.Match[str]) -> list[Token]:
    return [t for t in tokens if found.start() <= t.start < found.end()]


def _covered(text: str, source: str, held: list[Held]) -> dict[int, str]:
    """Start offset of each number token -> why it is covered."""
    tokens = _tokens(text)
    covered: dict[int, str] = {}
    for item in held:
        if item.source != source:
            continue
        quote = _norm(item.quote).replace("**", "")
        for found in re.finditer(re.escape(quote), text):
            for token in _inside(tokens, found):
                if token.value in item.numbers:
                    covered.setdefault(token.start, item.what)
    by_id = {item.what: item for item in held}
    for src, pattern, ids in REPEATS:
        if src != source:
            continue
        numbers = set().union(*(by_id[i].numbers for i in ids))
        for found in re.finditer(pattern, text):
            for token in _inside(tokens, found):
                if token.value in numbers:
                    covered.setdefault(token.start, f"wiederholt: {', '.join(ids)}")
    for src, pattern, reason in SKIPPED:
        if src != source:
            continue
        for found in re.finditer(pattern, text, flags=re.S | re.M):
            for token in _inside(tokens, found):
                covered.setdefault(token.start, f"übersprungen: {reason}")
    return covered


def _walk(source: str) -> list[str]:
    text = _norm((SEEDS / TEXTS[source]).read_text(encoding="utf-8"))
    assert "**" not in text or source == "bericht"
    text = text.replace("**", "")
    covered = _covered(text, source, _held())
    return [
        f"{t.text} …{text[max(0, t.start - 50) : t.end + 30]}…"
        for t in _tokens(text)
        if t.start not in covered
    ]


@pytest.mark.parametrize("source", list(TEXTS))
def test_every_number_in_the_sources_is_held_or_skipped(source):
    missing = _walk(source)
    assert not missing, "Zahlen ohne Kennzahl und ohne Begründung:\n" + "\n".join(missing)


def test_every_skip_rule_is_used():
    """A rule that skips nothing is stale: the text changed or the rule is wrong."""
    for source, pattern, reason in (*SKIPPED, *REPEATS):
        text = _norm((SEEDS / TEXTS[source]).read_text(encoding="utf-8")).replace("**", "")
        assert re.search(pattern, text, flags=re.S | re.M), (source, pattern, reason)


@pytest.mark.parametrize(
    "text", ["Der Bericht nennt 4711 Projekte.", "Der Bericht nennt siebzehn Projekte."]
)
def test_the_walk_fails_on_an_unheld_number(text):
    covered = _covered(text, "bericht", _held())
    (token,) = _tokens(text)
    assert token.start not in covered


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("Die elf Gebietskörperschaften", [11]),
        ("Sechs Städte und vier Kommunen", [6, 4]),
        ("Neun von zehn", [9, 10]),
        ("mehr als Dreiviertel, über ein Drittel und zwei Drittel", [75, 33.3, 66.7]),
        ("mehr als die Hälfte, ein Fünftel, das Viertel", [50, 20, 25]),
        ("eine Kommune, beide Verbände, der vierten Runde, zweitwichtigste, Elfmeter", []),
        ("Rängen eins bis drei, 1.540 und 1,46", [1, 3, 1540, 1.46]),
    ],
)
def test_number_words_are_read(text, values):
    assert [t.value for t in _tokens(text)] == values
