"""Batch export: every level × indicator (or a chosen set) into a folder.

    python -m ikzmap.export --all --format pdf --out karten/
    python -m ikzmap.export --level kreis --indicator ikz_count --format png --dpi 300 --out k/
    python -m ikzmap.export --bericht --format svg --out bericht/
    python -m ikzmap.export --all --daten <id> --version 2 --out k/   # a saved dataset
    python -m ikzmap.export --all --datei zahlen.xlsx --out k/         # a file, as uploaded
    python -m ikzmap.export --steckbrief 05562 --format pdf            # one Kreis-Steckbrief
    python -m ikzmap.export --steckbrief all --out steckbriefe/          # cover + 31 Kreise

Exit code 0 if every file was written; 2 with a German message if the call, the data or
a file cannot be used; 1 with a traceback for an unexpected error (see ``ikzmap.errors``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final, NoReturn

from geo import LEVEL_NAMES, LEVELS, InvalidKeyError, normalize_key
from ikzmap.atlas import AtlasData
from ikzmap.errors import EXIT_ERROR, EXIT_OK, ExportError, InputError, run_cli
from ikzmap.export import credits, input_file
from ikzmap.export.files import export_file
from ikzmap.export.formats import (
    FILE_FORMATS,
    PAGE_FORMATS,
    RESOLUTIONS,
    get_file_format,
    get_page,
    resolve_dpi,
)
from ikzmap.export.geometry import level_geometry
from ikzmap.export.static import SnapshotOptions
from ikzmap.indicators import INDICATORS, empty_reason
from ikzmap.report.charts import report_charts
from ikzmap.report.files import REPORT_FORMATS
from ikzmap.report.files import render as render_report_file
from ikzmap.report.source import default_kreis_names, default_published
from ikzmap.store.errors import valid_id
from ikzmap.view import build_view
from ikzmap.viewstate import ViewState


class UsageError(InputError):
    """A wrong argument; the message is German."""


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None) -> None:
        super().add_usage(usage, actions, groups, prefix or "Aufruf: ")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_ERROR, f"Fehler beim Aufruf: {message}\n")


ID_OPTIONS: Final = ("--daten",)


def with_attached_ids(argv: Sequence[str] | None) -> list[str]:
    """``--daten -uKA…`` as ``--daten=-uKA…``: argparse takes a value that starts with "-"
    for an option, and ids stored before ids avoided a leading "-" may start with one."""
    args = list(sys.argv[1:] if argv is None else argv)
    out: list[str] = []
    index = 0
    while index < len(args):
        arg = args[index]
        if arg in ID_OPTIONS and index + 1 < len(args) and valid_id(args[index + 1]):
            out.append(f"{arg}={args[index + 1]}")
            index += 2
            continue
        out.append(arg)
        index += 1
    return out


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m ikzmap.export",
        description="Karten und Daten des IKZ-Atlas NRW als Dateien exportieren "
        "(Standarddaten der App, ein gespeicherter Datensatz oder eine eigene Datei).",
        formatter_class=_Formatter,
        add_help=False,
    )
    parser._optionals.title = "Optionen"
    parser.add_argument("-h", "--help", action="help", help="diese Hilfe zeigen und beenden")
    parser.add_argument("--all", action="store_true", help="alle Ebenen × Indikatoren")
    parser.add_argument(
        "--bericht",
        action="store_true",
        help="die Diagramme „Bericht in Zahlen“ statt Karten (Formate svg, png, csv; "
        "Standard: alle drei)",
    )
    parser.add_argument(
        "--steckbrief",
        metavar="SCHLÜSSEL|all",
        help="Kreis-Steckbrief als PDF: Schlüssel eines Kreises (z. B. 05562) oder „all“ für "
        "alle 31 Kreise mit Titelseite in einer Datei (Zielordner: --out, sonst der aktuelle)",
    )
    parser.add_argument(
        "--level", action="append", default=[], help=f"Ebene ({', '.join(LEVELS)}); mehrfach"
    )
    parser.add_argument(
        "--indicator", action="append", default=[], help=f"Indikator ({', '.join(INDICATORS)})"
    )
    parser.add_argument(
        "--format", action="append", default=[], help=f"Format ({', '.join(FILE_FORMATS)})"
    )
    parser.add_argument("--page", default="a4-quer", help=f"Seite ({', '.join(PAGE_FORMATS)})")
    parser.add_argument(
        "--dpi", default="150", help=f"Auflösung für PNG: Zahl oder {', '.join(RESOLUTIONS)}"
    )
    parser.add_argument(
        "--labels",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="Namen beschriften (Standard: Regierungsbezirke und Kreise)",
    )
    parser.add_argument("--zoom", help="Ausschnitt: Schlüssel eines Regierungsbezirks oder Kreises")
    parser.add_argument("--out", type=Path, help="Zielordner (wird angelegt)")
    parser.add_argument(
        "--daten",
        help="gespeicherter Datensatz (Kennung aus dem Link, daten=…) statt der Standarddaten",
    )
    parser.add_argument("--version", type=int, help="Version des Datensatzes (Standard: neueste)")
    for name, what in (("aufgabenfeld", "Aufgabenfelder"), ("rechtsform", "Rechtsformen")):
        parser.add_argument(
            f"--{name}",
            help=f"nur diese {what} einer gespeicherten Liste von Aktivitäten zählen "
            f"(wie im Link: {name}=…, mehrere durch Komma getrennt)",
        )
    parser.add_argument(
        "--status",
        help="nur Aktivitäten mit diesem Status zählen (umgesetzt, geplant, rueckabgewickelt; "
        "Standard: umgesetzt)",
    )
    parser.add_argument(
        "--datei",
        type=Path,
        metavar="PFAD",
        help="eigene Datei (CSV oder XLSX, wie beim Hochladen in der App) statt der "
        "Standarddaten; nicht zusammen mit --daten",
    )
    parser.add_argument(
        "--blatt", help="Tabellenblatt der XLSX-Datei bei --datei (Standard: das erste)"
    )
    return parser


@dataclass(frozen=True)
class Selection:
    levels: tuple[str, ...]
    indicators: tuple[str, ...]
    explicit: bool  # levels and indicators both named: say which pairs do not exist
    formats: tuple[str, ...]
    options: SnapshotOptions
    out: Path


def _valid(values: Sequence[str], allowed, what: str) -> list[str]:
    for value in values:
        if value not in allowed:
            raise UsageError(f"{what} „{value}“. Gültig: {', '.join(allowed)}.")
    return list(dict.fromkeys(values))


def _formats(values: Sequence[str]) -> tuple[str, ...]:
    formats = []
    for value in values or ["pdf"]:
        try:
            formats.append(get_file_format(value).id)
        except ValueError:
            raise UsageError(
                f"Unbekanntes Format „{value}“. Gültig: {', '.join(FILE_FORMATS)}."
            ) from None
    return tuple(dict.fromkeys(formats))


def _zoom(raw: str | None) -> str | None:
    if not raw:
        return None
    try:
        key = normalize_key(raw)
        level = credits.zoom_level(key)
    except (InvalidKeyError, ValueError):
        raise UsageError(
            f"Ausschnitt „{raw}“: bitte den Schlüssel eines Regierungsbezirks (z. B. 055) "
            "oder Kreises (z. B. 05562) angeben."
        ) from None
    if level_geometry(level).index(key) is None:
        raise UsageError(f"Ausschnitt „{raw}“: Einheit gibt es in Nordrhein-Westfalen nicht.")
    return key


def _options(args: argparse.Namespace) -> SnapshotOptions:
    try:
        page = get_page(args.page).id
    except ValueError:
        raise UsageError(
            f"Unbekanntes Seitenformat „{args.page}“. Gültig: {', '.join(PAGE_FORMATS)}."
        ) from None
    try:
        dpi = resolve_dpi(args.dpi)
    except ValueError:
        raise UsageError(
            f"Ungültige Auflösung „{args.dpi}“: 72 bis 300 dpi oder {', '.join(RESOLUTIONS)}."
        ) from None
    return SnapshotOptions(page=page, dpi=dpi, labels=args.labels, zoom=_zoom(args.zoom))


def selection(args: argparse.Namespace) -> Selection:
    """The checked arguments (no data needed); raises :class:`UsageError`."""
    if not (args.all or args.level or args.indicator):
        raise UsageError("Bitte --all oder eine Auswahl mit --level/--indicator angeben.")
    if args.out is None:
        raise UsageError("Bitte den Zielordner mit --out angeben.")
    return Selection(
        levels=tuple(_valid(args.level, LEVELS, "Unbekannte Ebene") or LEVELS),
        indicators=tuple(_valid(args.indicator, INDICATORS, "Unbekannter Indikator") or INDICATORS),
        explicit=bool(args.level and args.indicator),
        formats=_formats(args.format),
        options=_options(args),
        out=args.out,
    )


def jobs(sel: Selection, atlas: AtlasData) -> tuple[list[tuple[str, str]], list[str]]:
    """(level, indicator) pairs to render, and German notes on the pairs left out."""
    pairs, skipped = [], []
    for level in sel.levels:
        for indicator_id in sel.indicators:
            indicator = INDICATORS[indicator_id]
            if level not in indicator.levels:
                if sel.explicit:
                    skipped.append(f"{indicator.label}: nicht auf Ebene {LEVEL_NAMES[level]}")
                continue
            empty = empty_reason(atlas, indicator_id, level)
            if empty:
                skipped.append(f"{indicator.label}, Ebene {LEVEL_NAMES[level]}: {empty}")
                continue
            pairs.append((level, indicator_id))
    return pairs, list(dict.fromkeys(skipped))


def default_atlas() -> AtlasData:
    """The app's embedded default data (modelled Kreis counts, budget status)."""
    return AtlasData.default()


FILTER_OPTIONS = ("aufgabenfeld", "rechtsform", "status")


def _filters(args: argparse.Namespace) -> dict[str, str]:
    """The activity filter options given (``--aufgabenfeld`` …), as link parameters."""
    found = {name: getattr(args, name, None) for name in FILTER_OPTIONS}
    chosen = {name: value for name, value in found.items() if value is not None}
    if chosen and args.daten is None:
        raise UsageError("--aufgabenfeld, --rechtsform und --status nur zusammen mit --daten.")
    return chosen


def file_atlas(path: Path, sheet: str | None) -> AtlasData:
    """A CSV/XLSX file read like an upload in the app; its report goes to stderr. Raises
    :class:`~ikzmap.export.input_file.InputFileError` if the file cannot be read,
    :class:`UsageError` if it holds nothing usable."""
    from geo import Hierarchy

    hierarchy = Hierarchy.load()
    result = input_file.read_table(path, hierarchy, sheet)  # InputFileError: unreadable
    for line in input_file.report_lines(result):
        print(line, file=sys.stderr)
    if not result.ok:
        name = input_file.terminal_text(result.filename)
        error = input_file.terminal_text(result.error or "")
        raise UsageError(f"Die Datei „{name}“ lässt sich nicht verwenden. {error}")
    return input_file.file_atlas(result, hierarchy)


def chosen_atlas(args: argparse.Namespace) -> AtlasData:
    """The data to render: a file (--datei), a saved dataset (--daten) or the defaults;
    raises one of ikzmap's errors (German message) if they cannot be used."""
    if args.version is not None and args.daten is None:
        raise UsageError("--version nur zusammen mit --daten.")
    _filters(args)  # checked first: the filter options need --daten
    if args.blatt is not None and args.datei is None:
        raise UsageError("--blatt nur zusammen mit --datei.")
    if args.datei is not None:
        if args.daten is not None:
            raise UsageError("--datei und --daten schließen sich aus: bitte nur eine Datenquelle.")
        return file_atlas(args.datei, args.blatt)
    if args.daten is not None:
        return saved_atlas(args.daten, args.version, _filters(args))
    return default_atlas()


def saved_atlas(
    dataset_id: str, version: int | None, filters: dict[str, str] | None = None
) -> AtlasData:
    """A saved dataset (the store the app uses: ``IKZMAP_DATABASE_URL`` or
    ``IKZMAP_DATA_DIR``), an activity list counted with ``filters`` (as in a link);
    raises :class:`~ikzmap.errors.StoreError` if it cannot be opened, :class:`UsageError`
    if a filter value is unknown."""
    from geo import Hierarchy
    from ikzmap.activity_filter import ActivityTable, FilteredActivities
    from ikzmap.budget import default_budget_status
    from ikzmap.store import Store, from_env, opened_result

    store = Store(from_env().url)
    try:
        result = opened_result(store.load(dataset_id, version))
    finally:
        store.dispose()
    fingerprint = f"saved-{dataset_id}-{version or 'neu'}"
    hierarchy = Hierarchy.load()
    dataset, activities = result.dataset, None
    if result.kind == "activities" and result.activities is not None:
        table = ActivityTable.build(result.activities, hierarchy)
        flt, notes = table.from_query(filters or {}, what="Option")
        if notes:
            raise UsageError(" ".join(notes))
        dataset, activities = table.dataset(dataset, flt), FilteredActivities(table, flt)
        fingerprint += f"-{flt.key()}"
    elif filters:
        raise UsageError("Der Datensatz ist keine Liste von IKZ-Aktivitäten: ohne Filter.")
    return AtlasData.build(
        hierarchy,
        dataset,
        default_budget_status(),
        result.population,
        fingerprint,
        activities=activities,
    )


def _write(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(data)
    tmp.replace(path)


def run(sel: Selection, atlas: AtlasData, pairs: list[tuple[str, str]]) -> tuple[int, int]:
    """Write all files; returns (written, failed)."""
    _make_folder(sel.out)
    written = failed = 0
    for level, indicator_id in pairs:
        view = build_view(atlas, ViewState(level=level, indicator=indicator_id))
        for fmt in sel.formats:
            try:
                file = export_file(view, fmt, sel.options)
                _write(sel.out / file.name, file.data)
            except (ExportError, OSError) as err:  # one failed file must not stop the batch
                failed += 1
                print(
                    f"Fehler: {view.title} als {fmt.upper()} nicht erstellt ({err}).",
                    file=sys.stderr,
                )
                continue
            written += 1
            print(f"geschrieben: {sel.out / file.name}")
    return written, failed


def report_formats(values: Sequence[str]) -> tuple[str, ...]:
    for value in values:
        if value.lower() not in REPORT_FORMATS:
            raise UsageError(
                f"Format „{value}“ gibt es für --bericht nicht. Gültig: "
                f"{', '.join(REPORT_FORMATS)}."
            )
    return tuple(dict.fromkeys(v.lower() for v in values)) or REPORT_FORMATS


def run_report(args: argparse.Namespace) -> int:
    """Write every report chart in the chosen formats; exit code as :func:`main`."""
    if args.all or args.level or args.indicator or args.zoom:
        raise UsageError("--bericht lässt sich nicht mit Karten-Optionen kombinieren.")
    if args.daten is not None or args.datei is not None:
        raise UsageError(
            "--bericht zeigt die veröffentlichten Zahlen des Berichts; --daten und --datei "
            "gelten nur für Karten und Steckbriefe."
        )
    if args.out is None:
        raise UsageError("Bitte den Zielordner mit --out angeben.")
    formats = report_formats(args.format)
    charts = report_charts(default_published(), default_kreis_names())
    _make_folder(args.out)
    written = failed = 0
    for chart in charts:
        for fmt in formats:
            try:
                file = render_report_file(chart, fmt)
                _write(args.out / file.name, file.data)
            except (ExportError, OSError) as err:  # one failed file must not stop the batch
                failed += 1
                print(
                    f"Fehler: {chart.title} als {fmt.upper()} nicht erstellt ({err}).",
                    file=sys.stderr,
                )
                continue
            written += 1
            print(f"geschrieben: {args.out / file.name}")
    return _summary(written, failed, args.out)


STECKBRIEF_ALL = ("all", "alle")


def _steckbrief_args(args: argparse.Namespace) -> None:
    """Raises :class:`UsageError` for options a Steckbrief does not take."""
    if args.bericht or args.all or args.level or args.indicator or args.zoom:
        raise UsageError("--steckbrief lässt sich nicht mit Karten-Optionen kombinieren.")
    for value in args.format:
        if value.lower() != "pdf":
            raise UsageError(f"Format „{value}“ gibt es für --steckbrief nicht. Gültig: pdf.")
    _filters(args)


def run_steckbrief(args: argparse.Namespace) -> int:
    """Write one Kreis's Steckbrief or all of them in one PDF; exit code as :func:`main`."""
    from ikzmap.export import steckbrief

    _steckbrief_args(args)
    atlas = chosen_atlas(args)
    everything = args.steckbrief.strip().lower() in STECKBRIEF_ALL
    key = None if everything else steckbrief.resolve_key(atlas, args.steckbrief)
    out: Path = args.out or Path(".")
    _make_folder(out)
    if key is None:
        data = steckbrief.steckbriefe_pdf(atlas)
    else:
        data = steckbrief.steckbrief_pdf(atlas, key)
    target = out / steckbrief.file_name(key)
    try:
        _write(target, data)
    except OSError as err:
        raise UsageError(f"Zielordner nicht beschreibbar ({err}).") from err
    print(f"geschrieben: {target}")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the export; the exit code as described in the module docstring."""
    return run_cli(lambda: _main(argv))


def _main(argv: Sequence[str] | None) -> int:
    try:
        args = build_parser().parse_args(with_attached_ids(argv))
    except SystemExit as stop:  # --help (0) or a wrong call (EXIT_ERROR, message printed)
        return int(stop.code or 0)
    if args.steckbrief is not None:
        return run_steckbrief(args)
    if args.bericht:
        return run_report(args)
    sel = selection(args)
    return _export(sel, chosen_atlas(args))


def _make_folder(path: Path) -> None:
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as err:  # the server path is the user's own --out: it may be named
        raise UsageError(f"Zielordner nicht beschreibbar ({err}).") from err


def _summary(written: int, failed: int, out: Path) -> int:
    print(f"{written} Datei(en) in {out} geschrieben.")
    if failed:
        print(f"Fehler: {failed} Datei(en) nicht erstellt.", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_OK


def _export(sel: Selection, atlas: AtlasData) -> int:
    pairs, skipped = jobs(sel, atlas)
    for note in skipped:
        print(f"übersprungen: {note}", file=sys.stderr)
    if not pairs:
        raise UsageError("Die Auswahl ergibt keine Karte.")
    written, failed = run(sel, atlas, pairs)
    return _summary(written, failed, sel.out)
