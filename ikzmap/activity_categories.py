"""The report's categories for activity lists: Aufgabenfelder (gpaNRW report 1.2.3 and
1.2.4), Rechtsformen (1.2.6, the columns of its table) and the three statuses.

A file's own spelling ("EDV", "Personal (Personalabrechnung)", "GmbH") is assigned to a
category by whole words and word parts; a value no rule knows stays its own category
(named as in the file, never dropped), and a blank cell is "ohne Angabe". Pure: no Streamlit.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from ikzmap.fmt import printable
from ikzmap.upload.cells import IMPLEMENTED, PLANNED, REVERSED, parse_status
from ikzmap.upload.names import normalize_name

FIELD: Final = "aufgabenfeld"
FORM: Final = "rechtsform"
STATUS: Final = "status"
DIMENSIONS: Final = (FIELD, FORM, STATUS)  # also the names of the link parameters
DIMENSION_LABELS: Final = {FIELD: "Aufgabenfeld", FORM: "Rechtsform", STATUS: "Status"}
NO_ENTRY: Final = "ohne Angabe"
_MAX_LABEL: Final = 80  # an unknown value is named by its text, shortened
_BRACKET: Final = re.compile(r"[(\[].*$")


@dataclass(frozen=True)
class Category:
    """A category; ``section`` is where the report names it (None: not a report category)."""

    label: str
    section: str | None = None
    words: tuple[str, ...] = ()  # whole normalised words that mean it
    parts: tuple[str, ...] = ()  # parts of the normalised text without spaces

    @property
    def slug(self) -> str:
        return slug(self.label)

    @property
    def known(self) -> bool:
        return self.section is not None

    def fits(self, text: str) -> bool:
        compact = text.replace(" ", "")
        return any(w in text.split() for w in self.words) or any(p in compact for p in self.parts)


# Order matters: the first fitting category wins ("Personal (Versorgung, Beihilfe)" is
# Personal, "Zweckvereinbarung" an öffentlich-rechtliche Vereinbarung, not a Verein).
TASK_FIELDS: Final = (
    Category(
        "IT, E-Government",
        "1.2.3",
        words=("it", "edv", "ikt", "egovernment"),
        parts=("egovernment", "informationstechn", "digitalisierung", "datenverarbeitung"),
    ),
    Category("Personal", "1.2.3", parts=("personal", "beihilfe", "besoldung", "versorgungskasse")),
    Category(
        "Ver- und Entsorgung",
        "1.2.3",
        parts=("entsorgung", "versorgung", "abfall", "abwasser", "wasserwirtschaft", "energie"),
    ),
    Category(
        "Tourismus, Wirtschaftsförderung, Gewerbe",
        "1.2.3",
        parts=("tourismus", "wirtschaftsfoerderung", "gewerbe", "stadtmarketing"),
    ),
    Category("Beschaffung und Vergabe", "1.2.3", parts=("beschaffung", "vergabe", "einkauf")),
    Category("Soziales", "1.2.3", parts=("sozial",)),
    Category(
        "Kultur und Wissenschaft",
        "1.2.3",
        words=("vhs",),
        parts=("kultur", "wissenschaft", "museum", "museen", "bibliothek", "musikschule"),
    ),
    Category("Archiv", "1.2.4", parts=("archiv",)),
)
LEGAL_FORMS: Final = (
    Category(
        "Öffentlich-rechtliche Vereinbarung",
        "1.2.6",
        words=("oerv",),
        parts=("oeffentlichrechtlich", "vereinbarung", "delegierend", "mandatierend"),
    ),
    Category(
        "Kommunale Arbeitsgemeinschaft", "1.2.6", words=("kag",), parts=("arbeitsgemeinschaft",)
    ),
    Category("Zweckverband", "1.2.6", parts=("zweckverband",)),
    Category(
        "Rechtsform des Privatrechts",
        "1.2.6",
        words=("gmbh", "ggmbh", "ev", "eg"),
        parts=("privatrecht", "gmbh", "gesellschaft", "genossenschaft", "verein"),
    ),
    Category(
        "Gemeinsames Kommunalunternehmen",
        "1.2.6",
        words=("gku", "aoer"),
        parts=("kommunalunternehmen", "anstaltdesoeffentlichenrechts"),
    ),
    Category(
        "Noch offen / Sonstiges",
        "1.2.6",
        words=("offen", "sonstige", "sonstiges", "andere"),
        parts=("nochoffen", "sonstig"),
    ),
)
STATUS_CATEGORIES: Final = (
    Category(IMPLEMENTED, "1.2.3"),
    Category(PLANNED, "1.2.4"),
    Category(REVERSED, "1.2.9"),
)
REPORT_CATEGORIES: Final = {FIELD: TASK_FIELDS, FORM: LEGAL_FORMS, STATUS: STATUS_CATEGORIES}


def slug(label: str) -> str:
    """The category's name in a link: "IT, E-Government" -> "it-e-government"."""
    text = normalize_name(label).replace(" ", "-")
    if text:
        return text
    return "x-" + hashlib.sha256(label.encode()).hexdigest()[:10]  # a value of only symbols


def _shown(value: str) -> str:
    text = printable(" ".join(value.split()))
    return text if len(text) <= _MAX_LABEL else text[:_MAX_LABEL] + "…"


@lru_cache(maxsize=4096)
def categorize(dimension: str, value: str) -> Category:
    """The category of one cell's text; an unknown value is a category of its own."""
    if not value.strip():
        return Category(NO_ENTRY)
    if dimension == STATUS:
        status = parse_status(value)
        found = [c for c in STATUS_CATEGORIES if c.label == status]
        return found[0] if found else Category(_shown(value))
    text = normalize_name(value)
    base = normalize_name(_BRACKET.sub("", value)) or text  # "Personal (Ausbildung)"
    for candidate in (base, text):
        for category in REPORT_CATEGORIES[dimension]:
            if category.fits(candidate):
                return category
    return Category(_shown(value))


def order(dimension: str, category: Category) -> tuple[int, str]:
    """Sort key: the report's categories in its order, then others, "ohne Angabe" last."""
    report = REPORT_CATEGORIES[dimension]
    if category in report:
        return report.index(category), ""
    if category.label == NO_ENTRY:
        return len(report) + 1, ""
    return len(report), category.label.casefold()
