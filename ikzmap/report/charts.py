""" "Bericht in Zahlen": one Vega-Lite chart (Altair) per group of published figures.

Each :class:`ReportChart` has a title, its references, the origin ("veröffentlicht" or the
talk), notes on qualifiers, a text alternative and a table (the rows of
:mod:`ikzmap.report.figures`). Only published figures are drawn: the report's own charts
were images and are not in its text, so groups show what the text states, never more
(the distribution over the 31 Kreise is drawn from its five published values only).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Final

import altair as alt
import pandas as pd

from geo import rbz_names
from ikzmap.fmt import format_int
from ikzmap.published import Published
from ikzmap.report.figures import (
    COLUMNS,
    QUALIFIER_NOTES,
    REPORT_LABEL,
    TALK_LABEL,
    table,
)

EXPORT_WIDTH: Final = 560  # px, for files (the page fits the chart to its column)
BAR_HEIGHT: Final = 26
COLORS: Final = {REPORT_LABEL: "#1f5a96", TALK_LABEL: "#c0632a"}
FONT: Final = "DejaVu Sans, Liberation Sans, Arial, sans-serif"
# Vega's number locale: the axes read "1.540" and "12,5" like the rest of the app.
LOCALE: Final = {
    "number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " €"]}
}
SEGMENT_SHORT: Final = {
    "klein": "kleine Kommunen",
    "mittel": "mittlere Kommunen",
    "gross": "große Kommunen",
    "kreise": "Kreise",
}
Width = int | str  # pixels, or "container" on the page


@dataclass(frozen=True)
class ReportChart:
    id: str
    title: str
    table: pd.DataFrame  # columns "id" + COLUMNS, one row per figure
    alt_text: str
    build: Callable[[Width], alt.TopLevelMixin] = field(repr=False, compare=False)
    notes: tuple[str, ...] = ()

    @property
    def references(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.table["Fundstelle"]))

    @property
    def origins(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.table["Herkunft"]))

    @property
    def qualifier_notes(self) -> tuple[str, ...]:
        used = [q for q in dict.fromkeys(self.table["Einschränkung"]) if q]
        return tuple(QUALIFIER_NOTES[q] for q in used)

    def chart(self, width: Width = "container") -> alt.TopLevelMixin:
        """The chart; on the page ("container" width) without its title, which the page
        shows above it (a long Vega title would be cut off on a phone)."""
        chart = self.build(width)
        if width == "container":
            chart.title = alt.Undefined
            # fit the width only: the bars keep their height (Streamlit's default "fit"
            # would squeeze the chart into a default height)
            chart.autosize = alt.AutoSizeParams(type="fit-x", contains="padding")
        return chart

    def spec(self, width: Width = EXPORT_WIDTH) -> dict:
        """The Vega-Lite specification (for files: fixed width)."""
        return self.chart(width).to_dict()

    def csv_frame(self) -> pd.DataFrame:
        return self.table[list(COLUMNS)]


def _finish(chart: alt.TopLevelMixin, title: str, subtitle: str) -> alt.TopLevelMixin:
    return (
        chart.properties(title=alt.TitleParams(title, subtitle=subtitle, anchor="start"))
        .configure(locale=LOCALE, font=FONT)
        .configure_axis(labelLimit=150, labelFontSize=11, titleFontSize=11)
        .configure_view(stroke=None)
    )


def _subtitle(frame: pd.DataFrame) -> str:
    refs = "; ".join(dict.fromkeys(frame["Fundstelle"]))
    return f"{' / '.join(dict.fromkeys(frame['Herkunft']))} – {refs}"


def _bars(
    frame: pd.DataFrame,
    title: str,
    unit: str,
    width: Width,
    sort: bool = True,
    whole: pd.DataFrame | None = None,
):
    """Horizontal bars of "Wert", labelled with the German "Angabe", coloured by origin;
    the subtitle cites every figure of ``whole`` (the chart's table)."""
    data = frame.assign(Balken=frame["Kennzahl"])
    order = list(data.sort_values("Wert", ascending=False, kind="stable")["Balken"])
    y_sort = order if sort else list(data["Balken"])
    axis_title = "Prozent" if unit == "Prozent" else unit
    base = alt.Chart(data).encode(
        y=alt.Y("Balken:N", sort=y_sort, title=None),
        x=alt.X("Wert:Q", title=axis_title, axis=alt.Axis(format=",d", tickMinStep=1)),
        tooltip=[
            alt.Tooltip("Kennzahl:N"),
            alt.Tooltip("Angabe:N"),
            alt.Tooltip("Fundstelle:N"),
            alt.Tooltip("Herkunft:N"),
        ],
    )
    origins = list(dict.fromkeys(data["Herkunft"]))
    bars = base.mark_bar(height=BAR_HEIGHT * 0.7).encode(
        color=alt.Color(
            "Herkunft:N",
            scale=alt.Scale(domain=origins, range=[COLORS[o] for o in origins]),
            legend=alt.Legend(orient="bottom", title=None),
        )
    )
    labels = base.mark_text(align="left", dx=4, fontSize=11).encode(text="Angabe:N")
    height = BAR_HEIGHT * len(data)
    chart = (bars + labels).properties(width=width, height=height)
    return _finish(chart, title, _subtitle(frame if whole is None else whole))


def _bar_chart(chart_id: str, title: str, frame: pd.DataFrame, unit: str, alt_text: str, **kw):
    shown = frame[frame["Einheit"] == unit]
    return ReportChart(
        id=chart_id,
        title=title,
        table=frame,
        alt_text=alt_text,
        build=lambda width: _bars(shown, title, unit, width, kw.get("sort", True), frame),
        notes=tuple(kw.get("notes", ())),
    )


def _listing(frame: pd.DataFrame) -> str:
    """ "Kennzahl: Angabe; …" for a text alternative."""
    pairs = zip(frame["Kennzahl"], frame["Angabe"], strict=True)
    return "; ".join(
        f"{k.removesuffix(': Rang')}: {a}" if a.startswith("Rang") else f"{k}: {a}"
        for k, a in pairs
    )


def goals(pub: Published) -> ReportChart:
    frame = table(
        pub,
        [
            ("goal_wirtschaftlichkeit", "Wirtschaftlichkeit"),
            ("goal_ressourcensicherung", "Ressourcensicherung"),
            ("goal_qualitaet", "Qualitätssteigerung"),
            ("goal_fachkraefte_small", "Chance gegen Fachkräftemangel (kleine Kommunen)"),
            ("goal_rank_wirtschaftlichkeit", "Wirtschaftlichkeit: Rang"),
            ("goal_rank_sicherung", "Sicherung der Aufgabenwahrnehmung: Rang"),
            ("goal_rank_sicherung_kreise", "Sicherung der Aufgabenerledigung: Rang bei Kreisen"),
            ("goal_rank_service_kreise", "Service und Bürgerorientierung: Rang bei Kreisen"),
        ],
    )
    text = (
        "Leitende Motive der Kommunen und Kreise (Anteil, Vortrag 24.02.2026): "
        + _listing(frame.iloc[:3])
        + ". Bericht 1.2.2: rund 75 % der 207 kleinen kreisangehörigen Kommunen sehen in IKZ "
        "eine Chance gegen den Fachkräftemangel. Ränge: " + _listing(frame.iloc[4:]) + "."
    )
    return _bar_chart("ziele", "Ziele der IKZ", frame, "Prozent", text)


def task_fields(pub: Published) -> ReportChart:
    four = ("Ver- und Entsorgung", "Personal", "Tourismus, Wirtschaftsförderung, Gewerbe")
    frame = table(
        pub,
        [
            ("field_it_implemented", "IT, E-Government"),
            *[("field_more_than_half", name) for name in (*four, "Beschaffung und Vergabe")],
            ("field_soziales_small", "Soziales (kleine Kommunen)"),
            ("field_it_implemented_or_planned", "IT, E-Government: umgesetzt oder geplant"),
            ("field_kultur_units", "Kultur und Wissenschaft: Befragte mit IKZ"),
            ("field_rank_it", "IT, E-Government: Rang in jedem Segment"),
            ("field_rank_soziales_kreise", "Soziales: Rang bei den Kreisen"),
        ],
    )
    text = (
        "Anteil der Kommunen und Kreise mit umgesetzter IKZ je Aufgabenfeld (Untergrenzen und "
        "Obergrenzen, wie der Text sie nennt): "
        + _listing(frame.iloc[:7])
        + ". Dazu: "
        + _listing(frame.iloc[7:])
        + "."
    )
    return _bar_chart("aufgabenfelder", "Aufgabenfelder umgesetzter IKZ", frame, "Prozent", text)


def planned_fields(pub: Published) -> ReportChart:
    frame = table(
        pub,
        [
            ("planned_it_first", "IT, E-Government: zum ersten Mal"),
            ("planned_it_repeat", "IT, E-Government: zum wiederholten Mal"),
            ("planned_it_units", "IT, E-Government: zusammen"),
            ("planned_archiv_units", "Archiv"),
            ("planned_archiv_small_share", "Archiv: davon kleine kreisangehörige Kommunen"),
        ],
    )
    stacked = pd.DataFrame(
        {
            "Aufgabenfeld": ["IT, E-Government", "IT, E-Government", "Archiv"],
            "Teil": ["zum ersten Mal", "zum wiederholten Mal", "insgesamt"],
            "Wert": [frame.at[0, "Wert"], frame.at[1, "Wert"], frame.at[3, "Wert"]],
            "Angabe": [frame.at[0, "Angabe"], frame.at[1, "Angabe"], frame.at[3, "Angabe"]],
        }
    )
    totals = pd.DataFrame(
        {
            "Aufgabenfeld": ["IT, E-Government", "Archiv"],
            "Wert": [frame.at[2, "Wert"], frame.at[3, "Wert"]],
            "Angabe": [frame.at[2, "Angabe"], frame.at[3, "Angabe"]],
        }
    )
    title = "Aufgabenfelder geplanter IKZ"

    def build(width: Width):
        bars = (
            alt.Chart(stacked)
            .mark_bar(height=BAR_HEIGHT * 0.7)
            .encode(
                y=alt.Y("Aufgabenfeld:N", sort=None, title=None),
                x=alt.X("sum(Wert):Q", title="Kommunen und Kreise", axis=alt.Axis(format=",d")),
                color=alt.Color(
                    "Teil:N",
                    scale=alt.Scale(range=["#1f5a96", "#6f9fd0", "#1f5a96"]),
                    legend=alt.Legend(orient="bottom", title=None),
                ),
                order=alt.Order("Teil:N"),
                tooltip=["Aufgabenfeld:N", "Teil:N", "Angabe:N"],
            )
        )
        labels = (
            alt.Chart(totals)
            .mark_text(align="left", dx=4, fontSize=11)
            .encode(y=alt.Y("Aufgabenfeld:N", sort=None), x="Wert:Q", text="Angabe:N")
        )
        chart = (bars + labels).properties(width=width, height=BAR_HEIGHT * 3)
        return _finish(chart, title, _subtitle(frame))

    text = (
        "Kommunen und Kreise, die künftig IKZ planen: IT, E-Government 50 (davon 15 zum ersten "
        "und 35 zum wiederholten Mal); Archiv 47, davon 68 % kleine kreisangehörige Kommunen."
    )
    return ReportChart("geplant", title, frame, text, build)


def partners(pub: Published) -> ReportChart:
    frame = table(
        pub,
        [
            ("partner_same_segment", "Partner des gleichen Segments"),
            ("partner_kreise_involved", "Kooperationen mit Beteiligung eines Kreises"),
        ],
    )
    text = "Kooperationspartner: " + _listing(frame) + "."
    return _bar_chart("partner", "Kooperationspartner", frame, "Prozent", text)


def legal_forms(pub: Published) -> ReportChart:
    frame = table(
        pub,
        [
            ("legal_oerv_share", "Öffentlich-rechtliche Vereinbarung"),
            ("legal_oerv_report_share", "Öffentlich-rechtliche Vereinbarung (Bericht)"),
            ("legal_ag_share", "Kommunale Arbeitsgemeinschaft"),
            ("legal_top3_share", "Vereinbarung, Arbeitsgemeinschaft oder Zweckverband"),
            ("legal_rank_zweckverband_small", "Zweckverband: Rang bei kleinen Kommunen"),
        ],
    )
    text = "Rechtsformen aller Kooperationen: " + _listing(frame) + "."
    return _bar_chart("rechtsformen", "Rechtsformen der IKZ", frame, "Prozent", text)


def legal_forms_by_segment(pub: Published) -> ReportChart:
    wide = pub.legal_forms()
    rows = []
    for segment, values in wide.iterrows():
        for form, value in values.items():
            rows.append(
                {
                    "id": f"legal_forms_by_segment:{segment}:{form}",
                    "Kennzahl": f"{form} ({pub.segments[segment]})",
                    "Wert": int(value),
                    "Einheit": "Prozent",
                    "Angabe": f"{int(value)} %",
                    "Wortlaut": str(int(value)),
                    "Einschränkung": "",
                    "Segment": pub.segments[segment],
                    "Fundstelle": "Abschnitt 1.2.6, Tabelle „Rechtsformen IKZ nach Segmenten“",
                    "Quelle": pub.sources["bericht"].title,
                    "Herkunft": REPORT_LABEL,
                    "Anmerkung": "",
                    "Rechtsform": form,
                    "Segmentname": SEGMENT_SHORT[segment],
                    "Reihenfolge": list(pub.legal_form_columns).index(form),
                }
            )
    data = pd.DataFrame(rows)
    frame = data[["id", *COLUMNS]]
    title = "Rechtsformen nach Segmenten"
    forms = list(pub.legal_form_columns)

    def build(width: Width):
        base = alt.Chart(data).encode(
            y=alt.Y("Segmentname:N", sort=None, title=None),
            x=alt.X("Wert:Q", title="Prozent", stack="zero", axis=alt.Axis(format=",d")),
            order=alt.Order("Reihenfolge:Q"),
        )
        labels = base.mark_text(dx=-4, align="right", color="white", fontSize=10).encode(
            x=alt.X("Wert:Q", stack="zero"), text="Angabe:N"
        )
        chart = base.mark_bar().encode(
            color=alt.Color(
                "Rechtsform:N",
                sort=forms,
                scale=alt.Scale(scheme="tableau10"),
                legend=alt.Legend(orient="bottom", columns=1, title=None, labelLimit=260),
            ),
            tooltip=["Segmentname:N", "Rechtsform:N", "Angabe:N"],
        )
        layered = (chart + labels.transform_filter("datum.Wert >= 5")).properties(
            width=width, height=BAR_HEIGHT * 5
        )
        return _finish(layered, title, _subtitle(frame))

    parts = [
        f"{pub.segments[seg]}: "
        + ", ".join(f"{form} {int(v)} %" for form, v in zip(forms, values, strict=True))
        for seg, values in pub.legal_form_rows
    ]
    text = "Rechtsformen je Segment in Prozent (Tabelle 1.2.6). " + "; ".join(parts) + "."
    return ReportChart("rechtsformen_segmente", title, frame, text, build)


def legal_forms_wide(pub: Published) -> pd.DataFrame:
    """The table of report 1.2.6 as printed: one row per segment, one column per form."""
    wide = pub.legal_forms().astype(int)
    wide.index = [pub.segments[s] for s in wide.index]
    wide.index.name = "Segment"
    return wide


def _ranks(chart_id: str, title: str, frame: pd.DataFrame, text: str) -> ReportChart:
    shown = frame[frame["Einheit"] == "Rang"]

    def build(width: Width):
        base = alt.Chart(shown).encode(
            y=alt.Y("Kennzahl:N", sort=None, title=None),
            x=alt.X(
                "Wert:Q",
                title="Rang (1 = am wichtigsten)",
                scale=alt.Scale(domain=[0.5, float(shown["Wert"].max()) + 0.5], reverse=False),
                axis=alt.Axis(values=list(range(1, int(shown["Wert"].max()) + 1)), format="d"),
            ),
            tooltip=["Kennzahl:N", "Angabe:N", "Fundstelle:N", "Anmerkung:N"],
        )
        dots = base.mark_point(filled=True, size=140, color=COLORS[REPORT_LABEL])
        labels = base.mark_text(align="left", dx=10, fontSize=11).encode(text="Angabe:N")
        chart = (dots + labels).properties(width=width, height=BAR_HEIGHT * len(shown))
        return _finish(chart, title, _subtitle(frame))

    return ReportChart(chart_id, title, frame, text, build)


def success_factors(pub: Published) -> ReportChart:
    frame = table(
        pub,
        [
            "success_rank_augenhoehe",
            "success_rank_vertrauen",
            "success_rank_zielvorgaben",
            "success_rank_handlungsdruck",
            "success_factors_offered",
            "success_ranks_evaluated",
        ],
    )
    text = (
        "Erfolgsfaktoren nach Rang (die Kommunen und Kreise ordneten zehn Faktoren; "
        "ausgewertet wurden die Ränge eins bis drei): Kooperation auf Augenhöhe und "
        "gegenseitiges Vertrauen gemeinsam auf den Rängen 1 und 2; klare Zielvorgaben und "
        "gleicher oder ähnlicher Handlungsdruck gemeinsam auf Rang 3. Anteile in Prozent "
        "nennt der Text nicht."
    )
    return _ranks("erfolgsfaktoren", "Erfolgsfaktoren", frame, text)


def obstacles(pub: Published) -> ReportChart:
    frame = table(
        pub,
        [
            (
                "obstacles_kommunen_economy",
                "Mangelnde Wirtschaftlichkeit (kreisangehörige Kommunen)",
            ),
            ("obstacles_kreise_other", "Sonstige Gründe (Kreise)"),
            ("obstacles_large_internal", "Verwaltungsinterne Widerstände (große Städte)"),
            ("obstacles_no_partner", "Kein passender Partner"),
            ("obstacles_units_share", "Geprüft, aber nicht umgesetzt: Anteil"),
            ("obstacles_units", "Geprüft, aber nicht umgesetzt: Kommunen und Kreise"),
            ("obstacle_rank_economy", "Mangelnde Wirtschaftlichkeit: Rang"),
            ("obstacle_rank_organisation", "Organisatorische Probleme: Rang"),
            ("obstacle_rank_structures", "Unterschiedliche Organisationsstrukturen: Rang"),
            ("obstacle_rank_internal_large", "Interne Widerstände: Rang bei großen Städten"),
        ],
    )
    text = (
        "140 von 402 Kommunen und Kreisen (rund ein Drittel) haben IKZ-Projekte geprüft, aber "
        "nicht umgesetzt. Hindernisse: " + _listing(frame.iloc[:4]) + ". Reihenfolge: "
        "mangelnde Wirtschaftlichkeit zuerst, mit Abstand gefolgt von organisatorischen "
        "Problemen und unterschiedlichen Organisationsstrukturen; bei großen Städten sind "
        "interne Widerstände das drittgrößte Hemmnis."
    )
    return _bar_chart("hindernisse", "Hindernisse", frame, "Prozent", text)


def reversals(pub: Published) -> ReportChart:
    frame = table(
        pub,
        [
            ("reversed_units_share", "Kommunen und Kreise mit rückabgewickelten Projekten"),
            ("established_share", "Dauerhaft etablierte Kooperationen"),
            ("reversal_rank_goals", "Mangelnde Zielerreichung: Rang unter den Gründen"),
        ],
    )
    text = (
        _listing(frame.iloc[:2])
        + ". Hauptgrund der Rückabwicklung ist die mangelnde Zielerreichung (1.2.9)."
    )
    return _bar_chart("rueckabwicklung", "Rückabwicklung", frame, "Prozent", text)


def segment_units(pub: Published) -> ReportChart:
    frame = table(
        pub,
        [
            ("segment_small_units", "Kleine kreisangehörige Kommunen"),
            ("segment_medium_units", "Mittlere kreisangehörige Kommunen"),
            ("segment_large_units", "Große kreisangehörige Kommunen"),
            ("segment_kreise_units", "Kreise (einschl. StädteRegion Aachen)"),
            ("surveyed_total", "Zusammen"),
        ],
    )
    text = "Datenbasis der Erhebung je Segment: " + _listing(frame) + "."
    return _bar_chart(
        "segmente_datenbasis", "Datenbasis in den Segmenten", frame, "Anzahl", text, sort=False
    )


def segment_activities(pub: Published) -> ReportChart:
    frame = table(
        pub,
        [
            ("activities_total", "Umgesetzte IKZ-Aktivitäten insgesamt"),
            ("segment_small_activities", "davon kleine kreisangehörige Kommunen"),
            ("segment_kreise_activities_share", "Anteil der Kreise an den Projekten"),
            ("segment_kreise_units_share", "Anteil der Kreise an allen Kommunen und Kreisen"),
            ("median_projects", "Median je Kommune bzw. Kreis"),
        ],
    )
    text = (
        "2.504 von 6.250 umgesetzten IKZ-Aktivitäten entfallen auf die kleinen "
        "kreisangehörigen Kommunen. Die Kreise machen 8 % aller kreisangehörigen Kommunen und "
        "Kreise aus, ihr Anteil an den umgesetzten Projekten liegt bei rund 20 %. Median: elf "
        "Projekte."
    )
    shown = frame.iloc[:2]
    title = "Verteilung auf die Segmente"
    return ReportChart(
        "segmente",
        title,
        frame,
        text,
        lambda width: _bars(shown, title, "Anzahl", width, sort=False, whole=frame),
    )


def top_quarter(pub: Published) -> ReportChart:
    frame = table(
        pub,
        [
            ("top_quarter_share_kreise", "Kreise"),
            ("top_quarter_share_large", "Große kreisangehörige Städte"),
            ("top_quarter_share_medium", "Mittlere kreisangehörige Städte"),
            ("top_quarter_share_small", "Kleine kreisangehörige Kommunen"),
            ("top_quarter_units", "Kommunen und Kreise im aktivsten Viertel"),
            ("top_quarter_share", "Aktivstes Viertel: Anteil an allen"),
        ],
    )
    text = (
        "Anteil je Segment, der zum Viertel (106 von 402) mit den meisten umgesetzten "
        "IKZ-Projekten zählt: " + _listing(frame.iloc[:4]) + "."
    )
    shown = frame.iloc[:4]
    title = "Segmente im aktivsten Viertel"
    return ReportChart(
        "segmente_viertel",
        title,
        frame,
        text,
        lambda w: _bars(shown, title, "Prozent", w, whole=frame),
    )


def regions(pub: Published) -> ReportChart:
    ids = [(f"rbz_{key}_share", name) for key, name in rbz_names().items()]
    frame = table(
        pub,
        [
            *ids,
            ("rbz_055_count", "Münster"),
            ("rbz_051_count", "Düsseldorf"),
            ("rbz_053_share_report", "Köln (Bericht)"),
            ("rbz_053_units", "Köln: kreisangehörige Kommunen und Kreise"),
            ("rbz_051_kreisfreie", "Düsseldorf: kreisfreie Städte"),
            ("rbz_count", "Regierungsbezirke"),
        ],
    )
    counts = {"Münster": "1.540", "Düsseldorf": "826"}
    shown = frame.iloc[:5].copy()
    shown["Angabe"] = [
        f"{a} ({counts[k]} Aktivitäten)" if k in counts else a
        for k, a in zip(shown["Kennzahl"], shown["Angabe"], strict=True)
    ]
    title = "Die fünf Regierungsbezirke"
    text = (
        "Anteil an den 6.250 umgesetzten IKZ-Aktivitäten: "
        + "; ".join(f"{k}: {a}" for k, a in zip(shown["Kennzahl"], shown["Angabe"], strict=True))
        + ". Absolute Zahlen veröffentlicht der Bericht nur für Münster und Düsseldorf."
    )
    return ReportChart(
        "regierungsbezirke",
        title,
        frame,
        text,
        lambda w: _bars(shown, title, "Prozent", w, whole=frame),
    )


def kreise(pub: Published, kreis_names: dict[str, str]) -> ReportChart:
    dist = pub.kreis_distribution()
    frame = table(
        pub,
        [
            ("kreis_min", f"Minimum ({kreis_names[dist.min_key]})"),
            ("kreis_q1", "1. Viertelwert"),
            ("kreis_median", "Median"),
            ("kreis_q3", "3. Viertelwert"),
            ("kreis_max", f"Maximum ({kreis_names[dist.max_key]})"),
            ("kreis_n", "Anzahl Werte"),
            ("kreis_05562_units", "Gebietskörperschaften im Kreis Recklinghausen"),
        ],
    )
    box = pd.DataFrame(
        [
            {
                "min": dist.minimum,
                "q1": dist.q1,
                "median": dist.median,
                "q3": dist.q3,
                "max": dist.maximum,
                "y": "31 Kreise",
            }
        ]
    )
    ends = pd.DataFrame(
        [
            {
                "Wert": dist.minimum,
                "Name": kreis_names[dist.min_key],
                "y": "31 Kreise",
                "Angabe": f"{kreis_names[dist.min_key]}: {format_int(dist.minimum)}",
            },
            {
                "Wert": dist.maximum,
                "Name": kreis_names[dist.max_key],
                "y": "31 Kreise",
                "Angabe": f"{kreis_names[dist.max_key]}: {format_int(dist.maximum)}",
            },
        ]
    )
    title = "Umgesetzte IKZ-Aktivitäten je Kreis"

    def build(width: Width):
        x = alt.X(
            "min:Q",
            title="Umgesetzte IKZ-Projekte je Kreis",
            axis=alt.Axis(format=",d"),
            scale=alt.Scale(domain=[0, 500]),
        )
        y = alt.Y("y:N", title=None)
        base = alt.Chart(box).encode(y=y)
        whisker = base.mark_rule(color="#333").encode(x=x, x2="max:Q")
        body = base.mark_bar(size=34, color="#8fb3da", stroke="#1f5a96").encode(
            x="q1:Q",
            x2="q3:Q",
            tooltip=[
                alt.Tooltip("q1:Q", title="1. Viertelwert"),
                alt.Tooltip("median:Q", title="Median"),
                alt.Tooltip("q3:Q", title="3. Viertelwert"),
            ],
        )
        median = base.mark_tick(size=34, thickness=3, color="#0b2f55").encode(x="median:Q")
        points = (
            alt.Chart(ends)
            .mark_point(filled=True, size=90, color="#c0632a")
            .encode(x="Wert:Q", y=y, tooltip=["Name:N", "Angabe:N"])
        )
        names = (
            alt.Chart(ends).mark_text(dy=-26, fontSize=11).encode(x="Wert:Q", y=y, text="Angabe:N")
        )
        chart = (whisker + body + median + points + names).properties(width=width, height=110)
        return _finish(chart, title, _subtitle(frame))

    text = (
        f"Verteilung der umgesetzten IKZ-Projekte auf die {dist.n} Kreise: Minimum "
        f"{dist.minimum} ({kreis_names[dist.min_key]}), 1. Viertelwert {dist.q1}, Median "
        f"{dist.median}, 3. Viertelwert {dist.q3}, Maximum {dist.maximum} "
        f"({kreis_names[dist.max_key]}). Die Werte der übrigen 29 Kreise veröffentlicht der "
        "Bericht nicht; das Diagramm zeigt nur die fünf Kennwerte."
    )
    return ReportChart("kreise", title, frame, text, build)


def budget(pub: Published) -> ReportChart:
    frame = table(
        pub,
        [
            ("budget_top_quarter_hsk", "Aktivstes Viertel: Haushaltssicherung"),
            ("budget_top_quarter_structural", "Aktivstes Viertel: strukturell ausgeglichen"),
            ("budget_bottom_quarter_hsk", "Schwächstes Viertel: Haushaltssicherung"),
            ("budget_bottom_quarter_balanced", "Schwächstes Viertel: ausgeglichen"),
            ("budget_fiktiv_activities_share", "IKZ-Aktivitäten bei fiktivem Ausgleich"),
            ("budget_top_hsk_slides", "Aktivstes Viertel: Haushaltssicherung (Vortrag)"),
            ("budget_top_structural_slides", "Spitzenreiter strukturell ausgeglichen (Vortrag)"),
            ("budget_05562_hsk", "Recklinghausen: Städte in der Haushaltssicherung"),
            ("budget_05562_fiktiv", "Recklinghausen: Kommunen mit fiktivem Ausgleich"),
            ("budget_05970_hsk", "Siegen-Wittgenstein: in der Haushaltssicherung"),
            ("budget_05970_fiktiv", "Siegen-Wittgenstein: Kommunen mit fiktivem Ausgleich"),
            ("budget_05970_code3", "Siegen-Wittgenstein: genehmigte Rücklagenverringerung"),
        ],
    )
    text = (
        "Haushaltsstatus zum 31.12.2024 nach IKZ-Aktivität der Kreise (Abschnitt 1.3.2): "
        + _listing(frame.iloc[:5])
        + ". Kreise: "
        + _listing(frame.iloc[7:])
        + "."
    )
    shown = frame.iloc[:5]
    title = "Haushaltslage und IKZ"
    return ReportChart(
        "haushalt",
        title,
        frame,
        text,
        lambda w: _bars(shown, title, "Prozent", w, sort=False, whole=frame),
        notes=("Stichtag des Haushaltsstatus: 31.12.2024 (MHKBD, laut Bericht).",),
    )


def associations(pub: Published) -> ReportChart:
    frame = table(
        pub,
        [
            ("lwl_kreise", "LWL: Kreise"),
            ("lwl_kreisfreie", "LWL: kreisfreie Städte"),
            ("lvr_kreise", "LVR: Kreise"),
            ("lvr_kreisfreie", "LVR: kreisfreie Städte"),
            ("lv_audit_from", "Prüfung der Landschaftsverbände: von"),
            ("lv_audit_to", "Prüfung der Landschaftsverbände: bis"),
            ("kvw_members", "kvw: Mitglieder"),
            ("kvw_kommunen", "kvw: Kommunen unter den Mitgliedern"),
            ("kvw_staff", "kvw: beratene Beschäftigte"),
            ("kvw_payments_2022", "kvw: Leistungen 2022"),
        ],
    )
    data = pd.DataFrame(
        {
            "Verband": ["LWL", "LWL", "LVR", "LVR"],
            "Art": ["Kreise", "kreisfreie Städte", "Kreise", "kreisfreie Städte"],
            "Wert": list(frame["Wert"].iloc[:4]),
            "Angabe": list(frame["Angabe"].iloc[:4]),
        }
    )
    title = "Landschaftsverbände LVR und LWL"

    def build(width: Width):
        base = alt.Chart(data).encode(
            y=alt.Y("Verband:N", title=None),
            x=alt.X("sum(Wert):Q", title="Mitglieder", axis=alt.Axis(format=",d")),
            tooltip=["Verband:N", "Art:N", "Angabe:N"],
        )
        bars = base.mark_bar(height=BAR_HEIGHT * 0.8).encode(
            color=alt.Color(
                "Art:N",
                scale=alt.Scale(range=["#1f5a96", "#c0632a"]),
                legend=alt.Legend(orient="bottom", title=None),
            ),
            order=alt.Order("Art:N"),
        )
        chart = bars.properties(width=width, height=BAR_HEIGHT * 3)
        return _finish(chart, title, _subtitle(frame))

    text = (
        "Mitglieder der Landschaftsverbände: LWL 18 Kreise und neun kreisfreie Städte; LVR "
        "zwölf Kreise, dreizehn kreisfreie Städte und die StädteRegion Aachen (1.4.3). "
        "Prüfung von November 2022 bis November 2023 (1.4). Kommunale Versorgungskassen "
        "Westfalen-Lippe: rund 1.200 Mitglieder, darunter mehr als 300 Kommunen; 616.000 "
        "beratene Beschäftigte; rund 1,46 Mrd. Euro Leistungen im Jahr 2022 (1.4.2)."
    )
    return ReportChart("landschaftsverbaende", title, frame, text, build)


def report_charts(pub: Published, kreis_names: dict[str, str]) -> tuple[ReportChart, ...]:
    """All charts of the report page, in the order of the report."""
    return (
        goals(pub),
        task_fields(pub),
        planned_fields(pub),
        partners(pub),
        legal_forms(pub),
        legal_forms_by_segment(pub),
        success_factors(pub),
        obstacles(pub),
        reversals(pub),
        segment_units(pub),
        segment_activities(pub),
        top_quarter(pub),
        regions(pub),
        kreise(pub, kreis_names),
        budget(pub),
        associations(pub),
    )
