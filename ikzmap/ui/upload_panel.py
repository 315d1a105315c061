"""Upload of own IKZ figures: read, map columns, report problems, check, switch the map.

The uploaded bytes are kept unchanged in the session (and can be downloaded again); the
map uses them only after the user switched to them.
"""

from __future__ import annotations

import hashlib
import uuid

import streamlit as st

from ikzmap.activity_filter import ActivityTable, FilteredActivities
from ikzmap.atlas import AtlasData
from ikzmap.csv_safe import neutralized
from ikzmap.dataset import IkzDataset
from ikzmap.ui import filter_panel, loaders, saved_panel
from ikzmap.ui.check_panel import render_findings
from ikzmap.ui.markdown import md_escape
from ikzmap.upload import (
    KIND_LABELS,
    KINDS,
    MAX_BYTES,
    ROLE_LABELS,
    ColumnMapping,
    UploadResult,
    read_upload,
)
from ikzmap.upload.gate import WAITING, read_when_free

RESULT = "upload_result"
# The uploader's key names this server process: after a restart the browser's uploader would
# still list a file whose data is gone; a new key shows it empty instead.
UPLOADER = f"upload_file_{uuid.uuid4().hex[:12]}"
USE = "use_upload"  # the user's choice; kept outside the widget, whose state a run of
# another page (report, statement) drops
USE_WIDGET = "w_use_upload"
_NONE = "— keine —"
_PREFILLED = "map_prefilled_for"  # the result the mapping form was last filled from


def _fingerprint(result: UploadResult) -> str:
    """Keys every cache of the upload's views and exports: it covers everything that shows
    in them, so sessions that upload the same bytes under other names never see each
    other's file name (the name appears in the sources line)."""
    parts = [hashlib.sha256(result.original).hexdigest(), str(result.kind), str(result.sheet)]
    parts.append(result.filename)
    if result.dataset is not None:  # a saved version's source names title, version, date
        parts.extend([result.dataset.title, result.dataset.source.citation()])
    parts.append(repr(sorted((result.mapping.roles() if result.mapping else {}).items())))
    return "upload-" + hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def _filter_identity(activities: FilteredActivities) -> str:
    """Names the filter only: the caches that take it take its upload too."""
    return activities.filter.key()


# An upload is keyed by its fingerprint, never by hashing its bytes and tables again.
_HASH_FUNCS = {
    **loaders.HASH_FUNCS,
    UploadResult: _fingerprint,
    FilteredActivities: _filter_identity,
}


@st.cache_resource(show_spinner=False, max_entries=16, hash_funcs=_HASH_FUNCS)
def _activity_table(result: UploadResult) -> ActivityTable:
    """Categories and resolved partners of an activity list."""
    return ActivityTable.build(result.activities, loaders.hierarchy())


def activity_table(result: UploadResult) -> ActivityTable | None:
    """The activity rows of a list of activities; None for a table of counts."""
    if result.kind != "activities" or result.activities is None or result.activities.empty:
        return None
    return _activity_table(result)


def _filtered(result: UploadResult, activities: FilteredActivities | None) -> IkzDataset:
    if activities is None or result.dataset is None:
        return result.dataset
    return activities.table.dataset(result.dataset, activities.filter)


def _atlas_fingerprint(result: UploadResult, activities: FilteredActivities | None) -> str:
    """The upload's fingerprint; with an active activity filter, the filter's too."""
    fingerprint = _fingerprint(result)
    if activities is not None and activities.filter.active:
        fingerprint += "-" + hashlib.sha256(activities.filter.key().encode()).hexdigest()[:12]
    return fingerprint


@st.cache_resource(show_spinner=False, max_entries=16, hash_funcs=_HASH_FUNCS)
def _uploaded_atlas(
    result: UploadResult, activities: FilteredActivities | None = None
) -> AtlasData:
    """The default atlas with the upload's IKZ figures (and Einwohner, if it has some):
    units and budget tables are shared, only what the upload changes is computed."""
    return loaders.default_atlas().with_ikz(
        _filtered(result, activities),
        result.population,
        _atlas_fingerprint(result, activities),
        activities,
    )


def _active_result() -> UploadResult | None:
    result: UploadResult | None = st.session_state.get(RESULT)
    if st.session_state.get(USE) and result is not None and result.ok:
        return result
    return None


def active_atlas() -> AtlasData:
    """The uploaded data if the user switched to it (an activity list counted with the
    chosen filter), else the embedded defaults."""
    result = _active_result()
    table = None if result is None else activity_table(result)
    flt, notes = filter_panel.current(table)
    for note in notes:
        st.toast(md_escape(note))
    if result is None:
        return loaders.default_atlas()
    if table is None:
        return _uploaded_atlas(result)
    return _uploaded_atlas(result, FilteredActivities(table, flt))


def _read(data: bytes, name: str, mapping=None, kind=None, sheet=None) -> UploadResult:
    """Read in the server's reading slot: concurrent uploads wait instead of starving
    other sessions (see ikzmap.upload.gate)."""

    def read() -> UploadResult:
        with st.spinner("Datei wird gelesen …"):
            return read_upload(data, name, loaders.hierarchy(), mapping, kind, sheet)

    return read_when_free(read, data, name, waiting=lambda: st.spinner(WAITING))


def _on_file() -> None:
    file = st.session_state.get(UPLOADER)
    st.session_state[USE] = False
    st.session_state.pop(filter_panel.FILTER, None)  # a new file starts unfiltered
    saved_panel.forget_opened()
    if file is None:
        st.session_state[RESULT] = None
        return
    data = file.getvalue()
    st.session_state[RESULT] = _read(data, file.name)
    st.session_state[USE] = st.session_state[RESULT].ok


def render_upload_sidebar() -> None:
    with st.sidebar.expander("Daten: eigene IKZ-Zahlen", expanded=False):
        st.caption(
            "CSV oder Excel (XLSX): Anzahl je Gemeinde, Kreis oder Regierungsbezirk oder eine "
            f"Zeile je IKZ-Aktivität. Höchstens {MAX_BYTES // 1_000_000} MB."
        )
        st.file_uploader(
            "Datei hochladen",
            type=["csv", "txt", "tsv", "xlsx"],
            key=UPLOADER,
            on_change=_on_file,
        )
        result: UploadResult | None = st.session_state.get(RESULT)
        if result is not None and result.ok:
            st.session_state[USE_WIDGET] = bool(st.session_state.get(USE))
            st.toggle("Eigene Daten in der Karte zeigen", key=USE_WIDGET, on_change=_on_use)


def _on_use() -> None:
    st.session_state[USE] = bool(st.session_state.get(USE_WIDGET))


def _reread() -> None:
    """Form callback (runs before the rerun): read the file again with the chosen mapping."""
    result: UploadResult = st.session_state[RESULT]
    roles = {r: st.session_state.get(f"map_{r}", _NONE) for r in ROLE_LABELS}
    mapping = ColumnMapping(**{r: (c if c != _NONE else None) for r, c in roles.items()})
    new = _read(
        result.original,
        result.filename,
        mapping,
        st.session_state.get("map_kind"),
        st.session_state.get("map_sheet"),
    )
    saved_panel.forget_opened()
    st.session_state[RESULT] = new
    st.session_state[USE] = new.ok


def _prefill(result: UploadResult, options: list[str]) -> None:
    """Set the form's widgets to what the result used, once per result: a keyed widget
    keeps its last value across files (its ``index`` is then ignored), so the values are
    set explicitly, before the widgets exist, as Streamlit requires; later reruns keep
    what the user chose meanwhile."""
    filled_for = _fingerprint(result)
    if st.session_state.get(_PREFILLED) == filled_for:
        return
    st.session_state[_PREFILLED] = filled_for
    current = result.mapping.roles() if result.mapping else {}
    for role in ROLE_LABELS:
        value = current.get(role, _NONE)
        st.session_state[f"map_{role}"] = value if value in options else _NONE
    if result.kind in KINDS:
        st.session_state["map_kind"] = result.kind
    if result.sheets:
        chosen = result.sheet if result.sheet in result.sheets else result.sheets[0]
        st.session_state["map_sheet"] = chosen


def _mapping_form(result: UploadResult) -> None:
    options = [_NONE, *result.columns]
    _prefill(result, options)
    with st.form("upload_mapping"):
        st.markdown("**Spalten zuordnen**")
        if result.doubts:
            st.caption("Vorbelegt mit dem, was erkannt wurde: bitte bestätigen oder ändern.")
        cols = st.columns(2)
        for i, (role, label) in enumerate(ROLE_LABELS.items()):
            cols[i % 2].selectbox(label, options, key=f"map_{role}")
        st.selectbox(
            "Art der Tabelle",
            KINDS,
            format_func=KIND_LABELS.__getitem__,
            key="map_kind",
        )
        if result.sheets:
            st.selectbox("Tabellenblatt", result.sheets, key="map_sheet")
        st.form_submit_button("Neu einlesen", on_click=_reread)


def _checked(result: UploadResult) -> AtlasData:
    """The upload as the report compares it: as the map shows it (with the activity
    filter) while it is shown, else whole."""
    table = activity_table(result) if _active_result() is result else None
    if table is None:
        return _uploaded_atlas(result)
    return _uploaded_atlas(result, FilteredActivities(table, filter_panel.shown()))


def _consistency(result: UploadResult) -> None:
    render_findings(loaders.findings(_checked(result)), "upload")


def render_upload_report() -> None:
    result: UploadResult | None = st.session_state.get(RESULT)
    if result is None:
        return
    label = f"Hochgeladene Datei: {md_escape(result.filename)}"
    with st.expander(label, expanded=result.needs_review and not saved_panel.link_params()):
        if result.error:
            st.error(md_escape(result.error))  # may name a column or sheet of the file
        for doubt in result.doubts:  # guesses to confirm; they name columns of the file
            st.warning(f"Bitte prüfen: {md_escape(doubt)}")
        st.text("\n".join(result.summary.lines()))
        if result.ok:
            _consistency(result)
        if len(result.issues):
            st.markdown(f"**Problemliste** ({len(result.issues)} Zeilen)")
            st.dataframe(neutralized(result.issues), width="stretch", hide_index=True)
        c1, c2 = st.columns(2)
        c1.download_button(
            "Problemliste (CSV)",
            result.issues_csv(),
            "problemliste.csv",
            "text/csv",
            key="dl_issues",
        )
        c2.download_button(
            "Originaldatei (unverändert)",
            result.original,
            replace_name(result.filename),
            key="dl_original",
        )
        saved_panel.render_save_form(result)
        if result.columns:
            _mapping_form(result)


def replace_name(filename: str) -> str:
    """A safe download name for the original file (no paths, no odd characters)."""
    base = "".join(ch for ch in filename.rsplit("/", 1)[-1] if ch.isalnum() or ch in "._- ")
    return base.strip() or "upload"


__all__ = ["active_atlas", "render_upload_report", "render_upload_sidebar"]
