"""Erklärung zur Barrierefreiheit (§ 10b BGG NRW, BITV NRW): its own page, linked from all.

The feedback contact is the operator's: environment variables (docs/BETRIEB.md). A value
that is set but unusable is named on the page, never used.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Final

import streamlit as st

from ikzmap.fmt import printable
from ikzmap.ui.markdown import md_escape

EMAIL_ENV: Final = "IKZMAP_FEEDBACK_EMAIL"
URL_ENV: Final = "IKZMAP_FEEDBACK_URL"
CONTACT_ENV: Final = "IKZMAP_FEEDBACK_CONTACT"
TITLE: Final = "Erklärung zur Barrierefreiheit"
URL_PATH: Final = "barrierefreiheit"
STATEMENT_DATE: Final = "2. Dezember 2026"
_MAX_SETTING: Final = 300
_EMAIL: Final = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_URL: Final = re.compile(r"https?://[^\s<>\"'()\[\]]+")
OMBUDS_EMAIL: Final = "ombudsstelle-barrierefreie-it@mags.nrw.de"
OMBUDS_WEB: Final = "https://www.lbbp.nrw.de/ombudsstelle"


@dataclass(frozen=True)
class Feedback:
    """The operator's feedback channel, as configured; ``problems`` name unusable settings."""

    email: str | None
    url: str | None
    contact: str | None
    problems: tuple[str, ...]

    @property
    def configured(self) -> bool:
        return bool(self.email or self.url)


def _setting(name: str) -> str | None:
    value = os.environ.get(name, "").strip()
    return value or None


def read_feedback() -> Feedback:
    problems = []
    email, url = _setting(EMAIL_ENV), _setting(URL_ENV)
    contact = _setting(CONTACT_ENV)
    if email is not None and not (len(email) <= _MAX_SETTING and _EMAIL.fullmatch(email)):
        problems.append(f"{EMAIL_ENV} ist keine E-Mail-Adresse")
        email = None
    if url is not None and not (len(url) <= _MAX_SETTING and _URL.fullmatch(url)):
        problems.append(f"{URL_ENV} ist keine http(s)-Adresse")
        url = None
    if contact is not None:
        contact = printable(contact)[:_MAX_SETTING] or None
    return Feedback(email, url, contact, tuple(problems))


CONFORMITY: Final = (
    "Diese Anwendung ist **teilweise barrierefrei**: Sie erfüllt die Anforderungen der "
    "Barrierefreie-Informationstechnik-Verordnung NRW (BITV NRW; WCAG 2.1 Stufe AA nach "
    "EN 301 549) wegen der unten genannten Einschränkungen nur teilweise."
)
LIMITATIONS: Final = (
    "**Karte:** Lage und Form der Gebiete sind nur zu sehen. Gleichwertige Angaben ohne Karte: "
    "die Suche über der Karte, die Angaben neben der Karte und die Tabelle zur Karte "
    "(Schalter „Tabelle zur Karte anzeigen“). Mit der Tastatur erreichbar: Tab führt zu "
    "einem Gebiet, die Pfeiltasten zum benachbarten, Enter zeigt seine Angaben; "
    "Screenreader lesen Name, Wert und Herkunft jedes Gebiets vor.",
    "**Farben:** Klassen werden durch Farben unterschieden; die Legende nennt zu jeder Farbe "
    "die Werte, „nicht erhoben“ ist zusätzlich gestrichelt umrandet und benannt.",
    "**Hintergrundkarte** (OpenStreetMap, abschaltbar, voreingestellt aus): ohne Textalternative.",
    "**Bedienelemente des Frameworks Streamlit** (Auswahllisten, Schieberegler, "
    "Datei-Upload): automatisch geprüft, aber nicht mit allen Screenreadern von Hand.",
    "**PDF- und SVG-Exporte:** mit Titel, Sprache, Textebene und Beschreibung der Karte; "
    "PDF-Dateien sind getaggt (Überschrift, Karte als Abbildung mit Alternativtext, "
    "Legende, Quellen), aber nicht nach PDF/UA geprüft; die Legende ist keine Tabelle. "
    "Die Angaben der Karte gibt es auch als CSV- oder Excel-Tabelle.",
    "**Hochgeladene Dateien** werden so angezeigt, wie sie geschrieben sind.",
)
METHOD: Final = (
    f"Diese Erklärung wurde am {STATEMENT_DATE} erstellt. Grundlage ist eine Selbstbewertung: "
    "Jede Fassung der Anwendung wird automatisch mit axe-core geprüft (Karte auf jeder "
    "Ebene, Angaben zu einem Gebiet, Hochladen mit Fehlerbericht, HTML-Export, "
    "Bedienung nur mit der Tastatur, Bildschirmbreite 390 Pixel); eine vollständige "
    "Prüfung nach BITV-Test von Hand steht aus."
)


def _feedback_section(feedback: Feedback) -> None:
    st.header("Barrieren melden: Kontakt")
    st.markdown(
        "Sind Ihnen Mängel beim barrierefreien Zugang aufgefallen, oder brauchen Sie Angaben "
        "aus der Karte in anderer Form? Schreiben Sie uns:"
    )
    lines = []
    if feedback.contact:
        lines.append(md_escape(feedback.contact))
    if feedback.email:
        lines.append(f"E-Mail: [{md_escape(feedback.email)}](mailto:{feedback.email})")
    if feedback.url:
        lines.append(f"Kontaktformular: [{md_escape(feedback.url)}]({feedback.url})")
    if lines:
        st.markdown("  \n".join(lines))
    if not feedback.configured:
        st.warning(
            "Der Betreiber hat noch keinen Kontakt für Rückmeldungen eingerichtet "
            f"(Einstellung {EMAIL_ENV} oder {URL_ENV}, siehe Betriebshandbuch)."
        )
    for problem in feedback.problems:
        st.warning(f"Einstellung unbrauchbar: {problem}.")


def render_statement() -> None:
    """The page (its own entry in the navigation)."""
    st.title(TITLE)
    st.markdown(
        "Die öffentliche Stelle, die den IKZ-Atlas NRW betreibt, ist bemüht, ihn im Einklang "
        "mit § 10b des Behindertengleichstellungsgesetzes NRW (BGG NRW) und der BITV NRW "
        "barrierefrei zugänglich zu machen. Diese Erklärung gilt für die Anwendung "
        "„IKZ-Atlas NRW“ mit ihren Exporten."
    )
    st.header("Stand der Vereinbarkeit mit den Anforderungen")
    st.markdown(CONFORMITY)
    st.header("Nicht barrierefreie Inhalte")
    st.markdown("\n".join(f"- {item}" for item in LIMITATIONS))
    st.header("Erstellung dieser Erklärung")
    st.markdown(METHOD)
    _feedback_section(read_feedback())
    st.header("Durchsetzungsverfahren")
    st.markdown(
        "Hat Ihre Meldung an uns nicht zu einer befriedigenden Lösung geführt, können Sie "
        "sich an die **Ombudsstelle für barrierefreie Informationstechnik des Landes "
        "Nordrhein-Westfalen** wenden (bei der Beauftragten der Landesregierung für die "
        "Belange der Menschen mit Behinderung; Ombudsverfahren nach §§ 10d, 10e BGG NRW und "
        "§§ 9 ff. BITV NRW).  \n"
        f"E-Mail: [{md_escape(OMBUDS_EMAIL)}](mailto:{OMBUDS_EMAIL})  \n"
        f"Internet: [{md_escape(OMBUDS_WEB)}]({OMBUDS_WEB})"
    )
