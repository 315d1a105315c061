"""Manual class breaks ("Eigene Klassengrenzen"): read the text box and the link, write both.

Text box rule (German first, what the control's help text says):

- breaks are separated by spaces or semicolons: "150 200 300", "10,5; 15,5";
- the comma is the decimal separator: "10,5";
- a dot is a thousands separator when groups of exactly three digits follow it
  ("1.000" is one thousand, "1.000.000", "1.000,5"), otherwise a decimal point
  ("10.5", "0.125" - no thousands group follows a lone 0 -, "1.5"); comma and dot in one
  number must be German ("1.000,5");
- a "%" after a number is allowed (shares are typed in percent);
- at most :data:`MAX_BREAKS` breaks (so at most 7 classes), each at most
  :data:`MAX_MAGNITUDE` in size with at most :data:`MAX_DECIMALS` decimals.

The link (``grenzen=10.5,15.5``) is a machine format: English decimals, comma between breaks,
written with the shortest text that reads back as the same float, so it round-trips exactly.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Final

from ikzmap import fmt
from ikzmap.errors import InputError
from ikzmap.palettes import MAX_CLASSES

if TYPE_CHECKING:
    from ikzmap.indicators import Indicator

MAX_BREAKS: Final = MAX_CLASSES - 1  # n breaks make at most n + 1 classes
MAX_MAGNITUDE: Final = 10**12
MAX_DECIMALS: Final = 6
MAX_TEXT: Final = 200  # characters in the text box; bounds the parsing work
PERCENT: Final = 100.0
QUOTED_CHARS: Final = 30  # a typed token quoted in a message

_SEPARATORS: Final = re.compile(r"[\s;]+")
_PERCENT_SIGN: Final = re.compile(r"(?<=\d)\s*%(?=[\s;]|$)")  # "25 %", "25%;"
_MINUS: Final = "\u2212"  # typographic minus, as word processors write it
# German: digits with optional thousands dots in groups of three, optional decimal comma.
_GERMAN: Final = re.compile(r"-?(?:[1-9]\d{0,2}(?:\.\d{3})+|\d+)(?:,\d+)?")
# English decimal point (the dot is not followed by a group of exactly three digits).
_ENGLISH: Final = re.compile(r"-?\d+\.\d+")
_URL_NUMBER: Final = re.compile(r"-?\d+(?:\.\d+)?")

HELP: Final = (
    "Obere Grenzen der Klassen, getrennt durch Leerzeichen oder Semikolon, z. B. "
    "„150 200 300“: Das ergibt die Klassen bis 150, über 150 bis 200, über 200 bis 300 "
    "und darüber. Dezimalzeichen ist das Komma („10,5“). Ein Punkt vor genau drei Ziffern "
    "ist ein Tausenderpunkt („1.000“ = eintausend, „1.000,5“), sonst ein Dezimalpunkt "
    f"(„10.5“, „0.125“). Höchstens {MAX_BREAKS} Grenzen (also bis zu {MAX_CLASSES} Klassen), "
    f"höchstens {MAX_DECIMALS} Nachkommastellen. Anteile in Prozent eingeben "
    "(„25“ oder „25 %“ für 25 %). Unter dem Feld steht, wie die Eingabe gelesen wurde."
)


class BreaksError(InputError):
    """Breaks that cannot be used; the message is German and names the input."""


@dataclass(frozen=True)
class ParsedBreaks:
    values: tuple[float, ...] = ()  # sorted, distinct
    notes: tuple[str, ...] = ()  # German: how an ambiguous number was read
    error: str | None = None  # German: why the text gives no breaks (see read_box)


def _quoted(token: str) -> str:
    """A typed token in German quotes, shortened: messages stay short whatever was typed."""
    shown = token if len(token) <= QUOTED_CHARS else token[: QUOTED_CHARS - 1] + "…"
    return f"„{fmt.printable(shown)}“"


def _too_many(count: int) -> BreaksError:
    return BreaksError(
        f"Höchstens {MAX_BREAKS} Klassengrenzen (also bis zu {MAX_CLASSES} Klassen); "
        f"eingegeben sind {count}."
    )


def check(values: Iterable[float]) -> tuple[float, ...]:
    """``values`` sorted and distinct, or a :class:`BreaksError` saying what is wrong."""
    distinct = sorted(set(values))
    if not distinct:
        raise BreaksError("Bitte mindestens eine Klassengrenze eingeben.")
    if len(distinct) > MAX_BREAKS:
        raise _too_many(len(distinct))
    for value in distinct:
        if not math.isfinite(value) or abs(value) > MAX_MAGNITUDE:
            raise BreaksError(
                f"Klassengrenzen müssen zwischen −{german(MAX_MAGNITUDE)} und "
                f"{german(MAX_MAGNITUDE)} liegen."
            )
        if -Decimal(repr(value)).as_tuple().exponent > MAX_DECIMALS:
            raise BreaksError(
                f"Höchstens {MAX_DECIMALS} Nachkommastellen je Klassengrenze "
                f"(„{_exact(value).replace('.', ',')}“)."
            )
    return tuple(distinct)


def _number(token: str) -> tuple[float, str | None]:
    """One typed number and, if its dots were read as thousands separators, a note."""
    plain = token.replace(_MINUS, "-")
    if _GERMAN.fullmatch(plain):
        value = float(plain.replace(".", "").replace(",", "."))
        note = None
        if "." in plain and "," not in plain:
            note = (
                f"{_quoted(token)} gelesen als {_exact(value)} (Punkt als Tausenderpunkt; "
                "Dezimalzeichen ist das Komma)."
            )
        return value, note
    if _ENGLISH.fullmatch(plain):
        return float(plain), None
    raise BreaksError(
        f"{_quoted(token)} ist keine Zahl. Klassengrenzen bitte als Zahlen eingeben, getrennt "
        "durch Leerzeichen oder Semikolon, mit Komma als Dezimalzeichen (z. B. „10,5 20“)."
    )


def parse_text(text: str) -> ParsedBreaks:
    """The breaks typed into the text box (rule in the module docstring)."""
    if len(text) > MAX_TEXT:
        raise BreaksError(f"Die Eingabe ist zu lang (höchstens {MAX_TEXT} Zeichen).")
    tokens = [t for t in _SEPARATORS.split(_PERCENT_SIGN.sub("", text)) if t]
    if len(tokens) > MAX_BREAKS:
        raise _too_many(len(tokens))
    read = [_number(token) for token in tokens]
    values = check(value for value, _ in read)
    return ParsedBreaks(values, tuple(note for _, note in read if note))


def read_box(text: str) -> ParsedBreaks:
    """The text box as the controls show it: the breaks, or the German error (no raise)."""
    try:
        return parse_text(text)
    except BreaksError as err:
        return ParsedBreaks(error=str(err))


def box_text(values: tuple[float, ...], link_value: str | None) -> str:
    """The text box's start: a link's valid breaks in German form; an invalid link value
    as given (commas as spaces, as the box separates), so the box names what is wrong."""
    if values or link_value is None:
        return text_form(values)
    return link_value.replace(",", " ")[:MAX_TEXT]


def _exact(value: float) -> str:
    """The shortest decimal text that reads back as ``value`` (no exponent, no grouping)."""
    text = format(Decimal(repr(value)).normalize(), "f")
    return "0" if text in ("-0", "0") else text


def url_form(values: Iterable[float]) -> str:
    """The link form: "10.5,15.5"; ``parse_url`` reads it back exactly."""
    return ",".join(_exact(v) for v in values)


def parse_url(text: str) -> tuple[float, ...]:
    """The breaks of a link (``grenzen=10.5,15.5``), checked like typed ones."""
    if len(text) > MAX_TEXT:
        raise BreaksError(f"Die Klassengrenzen sind zu lang (höchstens {MAX_TEXT} Zeichen).")
    if not text.strip():
        return check(())
    parts = text.split(",")
    if len(parts) > MAX_BREAKS:
        raise _too_many(len(parts))
    for part in parts:
        if not _URL_NUMBER.fullmatch(part.strip()):
            raise BreaksError(f"{_quoted(part.strip())} ist keine Zahl.")
    return check(float(part) for part in parts)


def text_form(values: Iterable[float]) -> str:
    """The text-box form: German decimals, no thousands dots: "1000,5 2000"."""
    return " ".join(_exact(v).replace(".", ",") for v in values)


def german(value: float, decimals: int = MAX_DECIMALS) -> str:
    """``value`` in German notation with thousands dots, up to ``decimals`` decimals and
    no trailing zeros: 1000.5 -> "1.000,5", 150.0 -> "150"."""
    rounded = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    rounded = abs(rounded) if rounded == 0 else rounded
    text = f"{rounded.normalize():,f}"
    return text.replace(",", "\0").replace(".", fmt.DECIMAL).replace("\0", fmt.THOUSANDS)


def input_scale(indicator: Indicator) -> float:
    """Factor from an indicator's values to the numbers typed as breaks: shares are
    stored as fractions and shown as percent (``fmt.format_share``), so typed in percent."""
    return PERCENT if indicator.format is fmt.format_share else 1.0


def unit_suffix(indicator: Indicator) -> str:
    return fmt.PERCENT_SUFFIX if input_scale(indicator) == PERCENT else ""


def echo(values: Iterable[float], suffix: str = "") -> str:
    """The breaks as read, for the line under the text box: "Gelesen: 1.000 · 2.000,5"."""
    return "Gelesen: " + " · ".join(german(v) + suffix for v in values)
