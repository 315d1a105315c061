"""Facts about one unit for the detail panel and the Kreis-Steckbrief (pure; the panel and
the PDF only lay them out, so both show the same figures with the same wording)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from geo import NRW_KEY, level_of
from ikzmap import fmt
from ikzmap.aggregate import informational_text, is_informational
from ikzmap.atlas import AtlasData
from ikzmap.budget import STATUS_CODES, UEBERSCHULDUNG_LABELS, budget_source
from ikzmap.examples import reference as example_reference
from ikzmap.population import population_source
from ikzmap.provenance import Provenance, Source
from ikzmap.published import PracticeExample, Published, load_published
from ikzmap.report.figures import display, reference
from ikzmap.status import Status

STATUS_SHORT = {s.code: s.short for s in STATUS_CODES}
UEBERSCHULDUNG_SHORT = {0: "keine", 1: "eingetreten", 2: "droht (Finanzplanung)", 3: "droht später"}
QUARTILE_NAMES = ("unteres Viertel", "zweites Viertel", "drittes Viertel", "oberes Viertel")
RANKED_UNITS = {"kreis": "Kreisen", "rbz": "Regierungsbezirken", "gemeinde": "Gemeinden"}


@dataclass(frozen=True)
class IkzFacts:
    count: int | None  # also the informational value of a unit not surveyed
    display: str  # German: "453", "nicht erhoben", "12 (nicht erhoben – nur …)", "keine Daten"
    provenance: Provenance | None
    rank: int | None = None  # among the surveyed units of its level with a value (1 = most)
    of: int | None = None
    quartile: str | None = None
    share_of_parent: float | None = None
    parent_label: str | None = None
    range_lo: int | None = None  # feasible range of a modelled count
    range_hi: int | None = None
    rank_origin: str | None = None  # provenance of rank and quartile, with their inputs
    share_origin: str | None = None  # provenance of the share of the parent, with inputs


def ikz_facts(atlas: AtlasData, key: str) -> IkzFacts:
    level = level_of(key)
    table = atlas.ikz_table(level)
    if table is None or key not in table.index:
        unit = atlas.units[level].loc[key]
        status = Status.NO_DATA if unit["surveyed"] else Status.NOT_SURVEYED
        return IkzFacts(None, status.label, None)
    row = table.loc[key]
    if is_informational(table.loc[[key]]).iloc[0]:
        count = int(row["count"])
        return IkzFacts(
            count, informational_text(fmt.format_int(count)), Provenance(row["provenance"])
        )
    if row["status"] != Status.VALUE:
        return IkzFacts(None, Status(row["status"]).label, None)
    count = int(row["count"])
    valued = table.loc[table["status"] == Status.VALUE, "count"].astype(float)
    rank = int((valued > count).sum()) + 1
    q1, q2, q3 = np.percentile(valued.to_numpy(), [25, 50, 75])
    quartile = QUARTILE_NAMES[int(np.searchsorted([q1, q2, q3], count, side="left"))]
    parent, share, share_origin = _parent_share(atlas, key, count, Provenance(row["provenance"]))
    lo, hi = _range(atlas, level, key)
    return IkzFacts(
        count,
        fmt.format_int(count),
        Provenance(row["provenance"]),
        rank,
        len(valued),
        quartile,
        share,
        parent,
        lo,
        hi,
        _rank_origin(table, key, level),
        share_origin,
    )


def _rank_origin(table: pd.DataFrame, key: str, level: str) -> str:
    """Rank and quartile compare the unit with every valued unit of its level: they are as
    good as the weakest of those values. The report itself names the most and the least
    active Kreis."""
    provs = table.loc[table["status"] == Status.VALUE, "provenance"].map(Provenance)
    counts = provs.value_counts()
    report_data = set(counts.index) <= {Provenance.PUBLISHED, Provenance.MODELLED}
    if report_data and level == "kreis":
        dist = load_published().kreis_distribution()
        if key in (dist.min_key, dist.max_key):
            return f"{Provenance.PUBLISHED.label} (gpaNRW-Bericht, Abschnitt 1.3.2)"
    if report_data and level == "rbz":  # the order of the five published shares
        return f"{Provenance.PUBLISHED.label} (Anteile je Regierungsbezirk, Vortrag 24.02.2026)"
    inputs = " und ".join(f"{n} {_adjective(p)}" for p, n in counts.items())
    label = Provenance.MODELLED if Provenance.MODELLED in counts else Provenance.COMPUTED
    return f"{label.label} – aus {inputs} Werten"


_ADJECTIVES = {
    Provenance.PUBLISHED: "veröffentlichten",
    Provenance.OFFICIAL: "amtlichen",
    Provenance.MODELLED: "modellierten",
    Provenance.COMPUTED: "berechneten",
    Provenance.UPLOADED: "hochgeladenen",
}


def _adjective(provenance: Provenance) -> str:
    return _ADJECTIVES[Provenance(provenance)]


def _range(atlas: AtlasData, level: str, key: str) -> tuple[int | None, int | None]:
    ranges = atlas.ranges(level)
    if ranges is None or key not in ranges.index or ranges.loc[key].isna().any():
        return None, None
    return int(ranges.at[key, "range_lo"]), int(ranges.at[key, "range_hi"])


def range_text(facts: IkzFacts) -> str | None:
    """ "mit den veröffentlichten Zahlen vereinbar: 67–452"; None for other values."""
    if facts.range_lo is None or facts.range_hi is None:
        return None
    lo, hi = fmt.format_int(facts.range_lo), fmt.format_int(facts.range_hi)
    return f"mit den veröffentlichten Zahlen vereinbar: {lo}–{hi}"


@dataclass(frozen=True)
class PopulationFacts:
    einwohner: float | None  # of the surveyed Gemeinden (what IKZ rates divide by)
    gesamt: float | None  # of all Gemeinden of the unit
    provenance: Provenance | None


def population_facts(atlas: AtlasData, key: str) -> PopulationFacts:
    frame = atlas.population_at(level_of(key))
    if key not in frame.index:
        return PopulationFacts(None, None, None)
    row = frame.loc[key]
    value = None if pd.isna(row["einwohner"]) else float(row["einwohner"])
    total = None if pd.isna(row["einwohner_gesamt"]) else float(row["einwohner_gesamt"])
    provenance = None if pd.isna(row["provenance"]) else Provenance(row["provenance"])
    return PopulationFacts(value, total, provenance)


def population_text(facts: PopulationFacts) -> str | None:
    """ "618.350 (amtlich, Zensus 2022, Stichtag 15.05.2022)", with the surveyed part where
    it differs: "… davon in erhobenen Kommunen 569.180"."""
    if facts.gesamt is None and facts.einwohner is None:
        return None
    shown = facts.gesamt if facts.gesamt is not None else facts.einwohner
    text = f"{fmt.format_int(shown)} ({population_origin(facts)})"
    if facts.einwohner is not None and facts.gesamt is not None and facts.einwohner != facts.gesamt:
        text += f"; {SURVEYED_PART} {fmt.format_int(facts.einwohner)}"
    return text


SURVEYED_PART = "davon in erhobenen Kommunen"


def population_origin(facts: PopulationFacts) -> str:
    """ "amtlich, Zensus 2022, Stichtag 15.05.2022", or "hochgeladen"."""
    origin = facts.provenance or Provenance.OFFICIAL
    if origin == Provenance.OFFICIAL:
        return f"{origin.label}, Zensus 2022, Stichtag 15.05.2022"
    return origin.label


def rank_text(facts: IkzFacts, level: str) -> str | None:
    """The rank in German: "11 von 31 Kreisen (drittes Viertel)"; None without rank.

    Only surveyed units with a value are ranked (ikzmap.aggregate's rule), so the Kreis
    level ranks at most the 31 Kreise, never a kreisfreie Stadt.
    """
    if facts.rank is None:
        return None
    return f"{facts.rank} von {facts.of} {RANKED_UNITS[level]} ({facts.quartile})"


def _ikz_cell(count: object, status: object, informational: bool) -> object:
    if status == Status.VALUE:
        return fmt.format_int(count)
    if informational:
        return informational_text(fmt.format_int(count))
    return status if pd.isna(status) else Status(status).label


def _parent_share(
    atlas: AtlasData, key: str, count: int, provenance: Provenance
) -> tuple[str | None, float | None, str | None]:
    """Parent's label, the unit's share of the parent's count, and where that share comes
    from: both inputs with their provenance ("berechnet: 453 (veröffentlicht) von …")."""
    level = level_of(key)
    parent_level = {"gemeinde": "kreis", "kreis": "rbz", "rbz": "nrw"}[level]
    table = atlas.ikz_table(parent_level)
    if table is None:
        return None, None, None
    parent_key = NRW_KEY if parent_level == "nrw" else atlas.units[level].at[key, parent_level]
    if parent_key not in table.index or table.at[parent_key, "status"] != Status.VALUE:
        return None, None, None
    total = int(table.at[parent_key, "count"])
    label = "Nordrhein-Westfalen" if parent_level == "nrw" else atlas.hierarchy.label(parent_key)
    parent_provenance = Provenance(table.at[parent_key, "provenance"])
    modelled = Provenance.MODELLED in (provenance, parent_provenance)
    kind = Provenance.MODELLED if modelled else Provenance.COMPUTED
    origin = (
        f"{kind.label} – {fmt.format_int(count)} ({provenance.label}) von "
        f"{fmt.format_int(total)} ({parent_provenance.label})"
    )
    return label, (count / total if total else None), origin


def budget_counts(atlas: AtlasData, key: str) -> pd.DataFrame:
    """Gemeinden of a unit per budget status code: code, Status, Anzahl."""
    members = atlas.hierarchy.gemeinden_in(key).index
    codes = atlas.budget_status.loc[members, "status_code"]
    return pd.DataFrame(
        {
            "code": [s.code for s in STATUS_CODES],
            "Status": [f"{s.code} {s.short}" for s in STATUS_CODES],
            "Anzahl": [int((codes == s.code).sum()) for s in STATUS_CODES],
        }
    )


def kommunen_table(atlas: AtlasData, key: str) -> pd.DataFrame:
    """The Gemeinden of a unit with budget status, Überschuldung, survey and IKZ."""
    members = atlas.hierarchy.gemeinden_in(key)
    status = atlas.budget_status.reindex(members.index)
    units = atlas.units["gemeinde"].loc[members.index]
    frame = pd.DataFrame(
        {
            "Gemeinde": members["label"],
            "Art": members["type"],
            "Haushaltsstatus": status["status_code"].map(
                lambda c: "–" if pd.isna(c) else f"{int(c)} {STATUS_SHORT[int(c)]}"
            ),
            "Überschuldung": status["ueberschuldung_code"].map(
                lambda c: "–" if pd.isna(c) else UEBERSCHULDUNG_SHORT[int(c)]
            ),
            "IKZ-Erhebung": units["erhebung"],
        },
        index=members.index.rename("Schlüssel"),
    )
    gem = atlas.ikz_table("gemeinde")
    if gem is not None:
        ikz = gem.reindex(members.index)
        frame["IKZ-Aktivitäten"] = [
            _ikz_cell(c, s, i)
            for c, s, i in zip(ikz["count"], ikz["status"], is_informational(ikz), strict=True)
        ]
    return frame


def examples_for(published: Published, atlas: AtlasData, key: str) -> list[PracticeExample]:
    """Practice examples of the report that involve the unit (or, for a RBz, lie in it)."""
    level = level_of(key)
    inside = set(atlas.hierarchy.gemeinden_in(key).index) | {key}
    if level == "gemeinde":
        inside = {key}
    found = []
    for example in published.examples:
        keys = set(example.keys) | {p.key for p in example.area if p.key}
        named_rbz = example.rbz == key and not example.rbz_assigned  # not one ikzmap derived
        if keys & inside or (level == "rbz" and named_rbz):
            found.append(example)
    return found


def example_line(example: PracticeExample) -> tuple[str, str]:
    """Facts and citation of a practice example for the panel. An Aufgabenfeld the report
    does not name (ikzmap assigned it) says so, apart from the report citation."""
    field = example.aufgabenfeld
    if example.aufgabenfeld_assigned:
        field = f"Aufgabenfeld zugeordnet: {field}"
    facts = [field]
    if example.rechtsform:
        facts.append(example.rechtsform)
    if example.year:
        facts.append(str(example.year))
    cite = example_reference(example)
    if example.aufgabenfeld_assigned:
        cite += "; Aufgabenfeld von ikzmap zugeordnet, nicht im Bericht genannt"
    return ", ".join(facts), f"{example.summary} ({cite})"


def report_statements(published: Published, key: str) -> list[str]:
    """What the report says about the unit, each with its section: its statements first,
    then the figures it publishes for the unit ("Städte in der Haushaltssicherung: 6")."""
    lines = [
        f"{s.text.rstrip('.')} (gpaNRW-Bericht, Abschnitt {s.section})"
        for s in published.statements_about(key)
    ]
    for fig in published.figures_about(key):
        where = reference(fig)
        if fig.stichtag:
            where += f", Stichtag {'.'.join(reversed(fig.stichtag.split('-')))}"
        where = where if fig.source == "vortrag" else f"gpaNRW-Bericht, {where}"
        lines.append(f"{fig.label}: {display(fig)} ({where})")
    return lines


def kreise_table(atlas: AtlasData, key: str) -> pd.DataFrame:
    """The Kreise and kreisfreie Städte of a Regierungsbezirk: IKZ and budget summary."""
    kreise = atlas.hierarchy.children(key)
    budget = atlas.budget["kreis"].reindex(kreise.index)
    frame = pd.DataFrame(
        {
            "Kreis / kreisfreie Stadt": kreise["label"],
            "Gemeinden": budget["n"].astype("Int64"),
            "in HSK": [fmt.format_share(v) for v in budget["share_hsk"]],
            "ausgeglichen inkl. fiktiv": [
                fmt.format_share(v) for v in budget["share_ausgeglichen_inkl_fiktiv"]
            ],
        },
        index=kreise.index.rename("Schlüssel"),
    )
    table = atlas.ikz_table("kreis")
    if table is not None:
        ikz = table.reindex(kreise.index)
        frame.insert(
            1,
            "IKZ-Aktivitäten",
            [
                _ikz_cell(c, s, i)
                for c, s, i in zip(ikz["count"], ikz["status"], is_informational(ikz), strict=True)
            ],
        )
    return frame


@dataclass(frozen=True)
class FactLine:
    """One labelled line of figures: "Rang: 1 von 31 Kreisen (oberes Viertel); Herkunft: …"."""

    label: str
    text: str


def ikz_lines(atlas: AtlasData, key: str) -> tuple[FactLine, ...]:
    """IKZ count with provenance and range, rank, share of the parent and Einwohner."""
    facts = ikz_facts(atlas, key)
    value = facts.display
    if facts.provenance:
        value += f" ({facts.provenance.label})"
    span = range_text(facts)
    if span is not None:
        value += f"; {span}"
    lines = [FactLine("IKZ-Aktivitäten", value)]
    rank = rank_text(facts, level_of(key))
    if rank is not None:
        lines.append(FactLine("Rang", f"{rank}; Herkunft: {facts.rank_origin}"))
    if facts.share_of_parent is not None:
        share = fmt.format_share(facts.share_of_parent)
        lines.append(
            FactLine(f"Anteil an {facts.parent_label}", f"{share}; Herkunft: {facts.share_origin}")
        )
    population = population_text(population_facts(atlas, key))
    if population is not None:
        lines.append(FactLine("Einwohner", population))
    return tuple(lines)


@dataclass(frozen=True)
class ExampleLine:
    """A practice example as the panel and the Steckbrief show it."""

    title: str
    facts: str  # Aufgabenfeld, Rechtsform, year
    text: str  # summary with its citation


def own_budget(atlas: AtlasData, key: str) -> tuple[str, str]:
    """A Gemeinde's own budget status ("2 – fiktiv ausgeglichen …") and Überschuldung."""
    row = atlas.budget_status.loc[key]
    code = row["ueberschuldung_code"]
    debt = "nicht angegeben" if pd.isna(code) else UEBERSCHULDUNG_LABELS[int(code)]
    return f"{row['status_code']} – {row['status_label']}", debt


def budget_summary(counts: pd.DataFrame) -> str:
    """ "10 Gemeinden: 4 fiktiv ausgeglichen, 4 HSK genehmigt, 2 HSK nicht genehmigt"."""
    total = int(counts["Anzahl"].sum())
    noun = "Gemeinde" if total == 1 else "Gemeinden"
    parts = [
        f"{n} {STATUS_SHORT[code]}"
        for code, n in zip(counts["code"], counts["Anzahl"], strict=True)
        if n
    ]
    return f"{fmt.format_int(total)} {noun}" + (": " + ", ".join(parts) if parts else "")


@dataclass(frozen=True, eq=False)
class UnitFacts:
    """Everything the detail panel and the Steckbrief say about one unit."""

    key: str
    label: str
    kind: str  # "Kreis", "kreisfreie Stadt", "Stadt", ...
    context: tuple[str, ...]  # kind, key, Kreis and Regierungsbezirk it lies in
    ikz: IkzFacts
    lines: tuple[FactLine, ...]
    survey_note: str | None  # why a unit was not surveyed
    statements: tuple[str, ...]  # what the report says about it, with sections
    examples: tuple[ExampleLine, ...]
    sources: tuple[Source, ...]  # of the figures above (geometry attribution comes apart)
    budget_counts: pd.DataFrame | None = None  # Gemeinden per status (not for a Gemeinde)
    members: pd.DataFrame | None = field(default=None)  # Gemeinden (Kreis) or Kreise (RBz)

    @property
    def budget_text(self) -> str | None:
        return None if self.budget_counts is None else budget_summary(self.budget_counts)


def _context(atlas: AtlasData, key: str) -> tuple[str, ...]:
    h = atlas.hierarchy
    unit = h.units.loc[key]
    context = [str(unit["type"]), f"Schlüssel {key}"]
    if unit["level"] == "gemeinde":
        context.append(h.label(unit["kreis"]))
    if unit["level"] != "rbz":
        context.append(h.label(unit["rbz"]))
    return tuple(context)


def _sources(atlas: AtlasData, published: Published) -> tuple[Source, ...]:
    report = published.sources.get("bericht")
    found = [atlas.ikz.source, *([report] if report else []), budget_source()]
    return (*dict.fromkeys(found), population_source())


def survey_note(atlas: AtlasData, key: str) -> str | None:
    """Why a unit was not surveyed ("kreisfreie Stadt: von der gpaNRW nicht erhoben")."""
    reason = atlas.units[level_of(key)].at[key, "erhebung_grund"]
    return reason if isinstance(reason, str) else None


def unit_facts(atlas: AtlasData, published: Published, key: str) -> UnitFacts:
    """The one place the facts of the detail panel and the Steckbrief are built."""
    level = level_of(key)
    members = None
    if level == "rbz":
        members = kreise_table(atlas, key)
    elif level == "kreis":
        members = kommunen_table(atlas, key)
    examples = tuple(
        ExampleLine(e.title, *example_line(e)) for e in examples_for(published, atlas, key)
    )
    return UnitFacts(
        key=key,
        label=str(atlas.hierarchy.label(key)),
        kind=str(atlas.hierarchy.units.at[key, "type"]),
        context=_context(atlas, key),
        ikz=ikz_facts(atlas, key),
        lines=ikz_lines(atlas, key),
        survey_note=survey_note(atlas, key),
        statements=tuple(report_statements(published, key)),
        examples=examples,
        sources=_sources(atlas, published),
        budget_counts=None if level == "gemeinde" else budget_counts(atlas, key),
        members=members,
    )
