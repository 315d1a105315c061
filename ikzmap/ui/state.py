"""The view state: widgets <-> ViewState <-> URL query (``st.query_params``)."""

from __future__ import annotations

import streamlit as st

from ikzmap.atlas import AtlasData
from ikzmap.breaks import ParsedBreaks, box_text, read_box
from ikzmap.classify import DEFAULT_SCHEME, MANUAL
from ikzmap.compare import URL_PARAM as COMPARE_PARAM
from ikzmap.indicators import INDICATORS, indicators_for
from ikzmap.ui import compare_panel, examples_panel, filter_panel, kept
from ikzmap.viewstate import Camera, ViewState, camera_from_query, from_query

WIDGET_KEYS = {
    "level": "w_level",
    "indicator": "w_indicator",
    "scheme": "w_scheme",
    "k": "w_k",
    "palette": "w_palette",
}
BREAKS = "w_breaks"
SELECTED = "selected"
CAMERA = "camera"
BASEMAP = "basemap"
_INITIALISED = "state_initialised"
# A link made while uploaded data were shown says so; uploads live only in their session.
DATA_PARAM, UPLOADED_DATA = "daten", "eigene"
UPLOAD_GONE = "upload_gone"
SAVED_LINK = "saved_linked"  # (id, version) of a saved dataset the link names (saved_panel)
VERSION_PARAM = "version"
UPLOAD_GONE_TEXT = (
    "Dieser Link zeigte eigene, hochgeladene Daten. Sie sind hier nicht vorhanden: "
    "Hochgeladene Dateien gelten nur in der Sitzung, in der sie hochgeladen wurden, und "
    "nach einem Neustart des Servers in keiner mehr. Die Karte zeigt die Standarddaten; "
    "für die eigenen Daten die Datei bitte erneut hochladen (Seitenleiste „Daten“)."
)
_LAST_CLASSES = "last_usable_classes"  # (scheme, k, breaks) the map was last drawn with
_KEPT_GROUP = "map_widgets"  # ui.kept: the map's widget values, outside the widgets


def init_from_url(units: set[str]) -> list[str]:
    """On a session's first run: seed the widgets from the URL; return German notes. Back
    from another page (whose run dropped the map's widget values): the values kept."""
    if st.session_state.get(_INITIALISED):
        _restore_widgets()
        return []
    state, notes = from_query(st.query_params.to_dict(), INDICATORS, units)
    for attr, key in WIDGET_KEYS.items():
        st.session_state[key] = getattr(state, attr)
    st.session_state[BREAKS] = box_text(state.breaks, st.query_params.get("grenzen"))
    st.session_state[SELECTED] = state.selected
    st.session_state[CAMERA] = state.camera
    data = st.query_params.get(DATA_PARAM)
    st.session_state[UPLOAD_GONE] = data == UPLOADED_DATA
    if data and data != UPLOADED_DATA:
        st.session_state[SAVED_LINK] = (data[:100], st.query_params.get(VERSION_PARAM))
    notes += examples_panel.init_from_url(st.query_params.to_dict())
    notes += compare_panel.init_from_url(st.query_params.get(COMPARE_PARAM), units)
    filter_panel.init_from_url(st.query_params.to_dict())  # checked once the data are loaded
    st.session_state[_INITIALISED] = True
    return notes


def reseed_from_url() -> None:
    """Seed the widgets from the URL again on the next run: after a page that did not draw
    them (the report page), Streamlit has dropped their state."""
    st.session_state.pop(_INITIALISED, None)


def _map_widget_keys() -> tuple[str, ...]:
    return (*WIDGET_KEYS.values(), BREAKS)


def _restore_widgets() -> None:
    kept.restore(_KEPT_GROUP, _map_widget_keys())


def _keep_widgets() -> None:
    """The map's widget values, outside the widgets (another page's run drops those)."""
    kept.remember(_KEPT_GROUP, _map_widget_keys())


def valid_indicator(level: str, atlas: AtlasData) -> list[str]:
    """Indicator ids offered at a level; keeps the widget value valid."""
    ids = [i.id for i in indicators_for(level, atlas)]
    if st.session_state.get(WIDGET_KEYS["indicator"]) not in ids:
        st.session_state[WIDGET_KEYS["indicator"]] = ids[0]
    return ids


def read_breaks() -> ParsedBreaks:
    """The breaks text box, read by the one parser (``ikzmap.breaks``)."""
    return read_box(str(st.session_state.get(BREAKS) or ""))


def _classes() -> tuple[str, int, tuple[float, ...]]:
    """Scheme, number of classes and breaks to draw: the controls' values, or while the
    typed breaks are unusable the last usable ones (the control says what is wrong)."""
    scheme = st.session_state[WIDGET_KEYS["scheme"]]
    k = int(st.session_state[WIDGET_KEYS["k"]])
    chosen: tuple[str, int, tuple[float, ...]] = (scheme, k, ())
    if scheme == MANUAL:
        typed = read_breaks()
        if typed.error:
            return st.session_state.get(_LAST_CLASSES, (DEFAULT_SCHEME, k, ()))
        chosen = (scheme, k, typed.values)
    st.session_state[_LAST_CLASSES] = chosen
    return chosen


def current() -> ViewState:
    _restore_widgets()  # a rerun for another page (or a client's partial state) drops them
    _keep_widgets()
    scheme, k, breaks = _classes()
    return ViewState(
        level=st.session_state[WIDGET_KEYS["level"]],
        indicator=st.session_state[WIDGET_KEYS["indicator"]],
        scheme=scheme,
        k=k,
        palette=st.session_state[WIDGET_KEYS["palette"]],
        selected=st.session_state.get(SELECTED),
        breaks=breaks,
    )


def camera() -> Camera | None:
    """The centre and zoom of the link that opened the session (None: the default view);
    the first map drawn on the page shows it."""
    value = st.session_state.get(CAMERA)
    return value if isinstance(value, Camera) else None


def write_url(
    state: ViewState, uploaded: bool = False, saved: dict[str, str] | None = None
) -> None:
    """The view as the page's URL, and whether it shows uploaded data: a saved dataset by
    its ``daten`` and ``version`` (``saved``), an unsaved upload as ``daten=eigene``. ``zoom`` and
    ``mitte`` belong to the map, which writes them itself when it comes to rest (no rerun):
    they are kept as the browser sent them, checked like a link's."""
    shown, _notes = camera_from_query(st.query_params.to_dict())
    query = state.with_(camera=shown).to_query()
    if uploaded and saved:
        query.update(saved)
    elif uploaded:
        query[DATA_PARAM] = UPLOADED_DATA
    query.update(examples_panel.url_query())
    query.update(compare_panel.url_query())
    query.update(filter_panel.url_query())
    if st.query_params.to_dict() != query:
        st.query_params.from_dict(query)


def upload_gone(uploaded: bool) -> bool:
    """Whether the page must say that the link's uploaded data are not here (until data
    are uploaded in this session)."""
    if uploaded:
        st.session_state[UPLOAD_GONE] = False
    return bool(st.session_state.get(UPLOAD_GONE))


def basemap_on() -> bool:
    """Whether the optional OpenStreetMap background is switched on (sidebar toggle)."""
    return bool(st.session_state.get(BASEMAP, False))


def select(key: str | None) -> None:
    st.session_state[SELECTED] = key
