"""Saved datasets in the app: save the upload shown, open one from a link or the list,
download its original file and problem report, delete it (docs/BETRIEB.md).

The persistence itself is ``ikzmap.store`` (no Streamlit); this module only wires it to
the session: which saved version is shown, this browser's id, German messages.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import streamlit as st
from streamlit import runtime

from ikzmap import store as saved
from ikzmap.store.config import RETENTION_ENV, ConfigError, StoreConfig, from_env
from ikzmap.ui import loaders
from ikzmap.ui.markdown import md_escape
from ikzmap.upload import UploadResult

logger = logging.getLogger(__name__)

RESULT, USE = "upload_result", "use_upload"  # shared with ikzmap.ui.upload_panel
OPENED: Final = "saved_opened"  # (VersionInfo, UploadResult): the saved version shown
BASE: Final = "saved_base"  # (id, title): a save with this title adds a version to it
LINKED: Final = "saved_linked"  # (id, version text or None) from the link, to open
MESSAGE: Final = "saved_message"  # (level, German text), shown once
CONFIRM: Final = "saved_confirm_delete"
TITLE: Final = "saved_title"
USER: Final = "signed_in_user"
BROWSER: Final = "saved_browser_id"
COOKIE: Final = "ikzmap_browser"
_HEX32: Final = re.compile(r"^[0-9a-f]{32}$")
MAX_LISTED: Final = 50
VERSION_PARAM: Final = "version"

_browser_element = st.components.v2.component(
    "ikzmap.browser_id",
    js=Path(__file__).with_name("browser_id.js").read_text(encoding="utf-8"),
)


@dataclass(frozen=True)
class Settings:
    config: StoreConfig
    error: str | None = None


@st.cache_resource(show_spinner=False)
def settings() -> Settings:
    try:
        return Settings(from_env())
    except ConfigError as err:
        logger.error("%s", err)
        without = {k: v for k, v in os.environ.items() if k != RETENTION_ENV}
        return Settings(from_env(without), str(err))  # no retention while it is wrong


@st.cache_resource(show_spinner=False)
def store() -> saved.Store:
    """The process's store; with ``IKZMAP_RETENTION_DAYS`` old versions are deleted once
    at start-up, in the background (the page never waits for the database)."""
    config = settings().config
    instance = saved.Store(config.url)
    if config.retention_days:
        threading.Thread(
            target=_apply_retention, args=(instance, config.retention_days), daemon=True
        ).start()
    return instance


def _apply_retention(instance: saved.Store, days: int) -> None:
    try:
        gone = instance.purge(days)
    except saved.StoreError as err:
        logger.warning("Aufbewahrungsfrist nicht angewandt: %s", err)
        return
    logger.warning("Aufbewahrungsfrist %d Tage: %d gespeicherte Version(en) gelöscht.", days, gone)


def owner() -> str:
    """This browser's id (its cookie, see ``browser_id.js``), else this session's, which
    then becomes the browser's."""
    if BROWSER not in st.session_state:
        cookie = _browser_cookie()
        st.session_state[BROWSER] = cookie or secrets.token_hex(16)
    return st.session_state[BROWSER]


def _browser_cookie() -> str | None:
    if not runtime.exists():  # no server, so no browser connection (a test run)
        return None
    value = st.context.cookies.get(COOKIE)
    return value if isinstance(value, str) and _HEX32.match(value) else None


def _say(level: str, text: str) -> None:
    st.session_state[MESSAGE] = (level, text)


def _show(info: saved.VersionInfo, result: UploadResult) -> None:
    st.session_state[RESULT] = result
    st.session_state[USE] = True
    st.session_state[OPENED] = (info, result)
    st.session_state[BASE] = (info.dataset_id, info.title)


def _open(dataset_id: str, number: int | None) -> bool:
    try:
        version = store().load(dataset_id, number)
        result = saved.opened_result(version)
    except saved.PayloadError:  # a StoreError too; its text is for the log, not users
        logger.exception("saved dataset %s cannot be read", dataset_id)
        _say("warning", saved.NOT_FOUND)
        return False
    except saved.StoreError as err:
        _say("info" if isinstance(err, saved.NotFound) else "warning", str(err))
        return False
    _show(version.info, result)
    return True


def open_linked() -> None:
    """Open the saved dataset the link names (once, on the session's first run)."""
    linked = st.session_state.pop(LINKED, None)
    if not linked:
        return
    dataset_id, version_text = linked
    number = None
    if version_text is not None:
        if not (version_text.isdigit() and 0 < len(version_text) <= 6):
            _say("info", saved.NOT_FOUND)
            return
        number = int(version_text)
    _open(dataset_id, number)


def forget_opened() -> None:
    """A new file or a new reading is not the saved version any more."""
    st.session_state.pop(OPENED, None)


def link_params() -> dict[str, str] | None:
    """The link's ``daten`` and ``version`` while a saved version is shown."""
    opened = st.session_state.get(OPENED)
    if not opened or not st.session_state.get(USE):
        return None
    info, result = opened
    if st.session_state.get(RESULT) is not result:
        return None
    return {"daten": info.dataset_id, VERSION_PARAM: str(info.number)}


def render_notices() -> None:
    """What the saved version shown is, and the last message (not found, saved, ...)."""
    message = st.session_state.pop(MESSAGE, None)
    if message:
        level, text = message
        {"info": st.info, "warning": st.warning, "success": st.success}[level](text)
    if link_params():
        info, _ = st.session_state[OPENED]
        st.info(
            f"Gezeigt: gespeicherter Datensatz „{md_escape(info.title)}“, Version "
            f"{info.number} vom {saved.german_date(info)} (hochgeladen, Datei "
            f"{md_escape(info.filename)}). Der Link in der Adresszeile zeigt genau diese Daten.",
            icon="💾",
        )


# -- saving ------------------------------------------------------------------------------


def _default_title(result: UploadResult) -> str:
    base = st.session_state.get(BASE)
    return base[1] if base else Path(result.filename).stem or result.filename


def _save() -> None:
    result: UploadResult | None = st.session_state.get(RESULT)
    if result is None or not result.ok:
        return
    title = saved.clean_title(st.session_state.get(TITLE) or _default_title(result), "")
    base = st.session_state.get(BASE)
    try:
        info = saved.save_result(
            store(),
            result,
            title,
            loaders.hierarchy(),
            loaders.published(),
            owner=owner(),
            saved_by=st.session_state.get(USER),
            dataset_id=base[0] if base else None,
        )
    except saved.StoreError as err:
        _say("warning", str(err))
        return
    if not _open(info.dataset_id, info.number):  # shows it exactly as a link would
        return
    _say(
        "success",
        f"Gespeichert: „{md_escape(info.title)}“, Version {info.number}. Der Link in der "
        "Adresszeile zeigt diese Daten jetzt jedem, der ihn hat – auch nach einem Neustart.",
    )
    st.session_state[TITLE] = ""


def render_save_form(result: UploadResult) -> None:
    """One click saves the upload shown (original, values, report, check)."""
    if not result.ok:
        return
    opened = st.session_state.get(OPENED)
    if opened and opened[1] is result:
        st.caption(f"Gespeichert als „{md_escape(opened[0].title)}“, Version {opened[0].number}.")
        return
    with st.form("save_upload", border=False):
        st.markdown("**Speichern**")
        st.text_input(
            "Titel des Datensatzes (optional)",
            key=TITLE,
            max_chars=saved.MAX_TITLE,
            placeholder=_default_title(result),
            help="Derselbe Titel noch einmal ergibt eine neue Version; ältere bleiben lesbar.",
        )
        st.caption(
            "Gespeichert werden die Originaldatei, die übernommenen Werte, die Problemliste "
            "und der Abgleich. Wer den Link kennt, sieht sie."
        )
        st.form_submit_button("Speichern", on_click=_save)


# -- the datasets panel ------------------------------------------------------------------


def _original(info: saved.VersionInfo):
    def load() -> bytes:
        try:
            return store().load(info.dataset_id, info.number).original
        except saved.StoreError as err:
            return str(err).encode("utf-8")

    return load


def _report(info: saved.VersionInfo):
    def load() -> bytes:
        try:
            return saved.opened_result(store().load(info.dataset_id, info.number)).issues_csv()
        except saved.StoreError as err:
            return str(err).encode("utf-8")

    return load


def _delete(dataset_id: str) -> None:
    st.session_state.pop(CONFIRM, None)
    try:
        done = store().delete(dataset_id)
    except saved.StoreError as err:
        _say("warning", str(err))
        return
    opened = st.session_state.get(OPENED)
    if opened and opened[0].dataset_id == dataset_id:
        st.session_state.pop(OPENED, None)
        if st.session_state.get(RESULT) is opened[1]:
            st.session_state[RESULT] = None
            st.session_state[USE] = False
    base = st.session_state.get(BASE)
    if base and base[0] == dataset_id:
        st.session_state.pop(BASE, None)
    _say("success" if done else "info", "Gelöscht." if done else saved.NOT_FOUND)


def _ask_delete(dataset_id: str) -> None:
    st.session_state[CONFIRM] = dataset_id


def _cancel_delete() -> None:
    st.session_state.pop(CONFIRM, None)


def _item(item: saved.DatasetInfo) -> None:
    st.markdown(f"**{md_escape(item.title)}**")
    numbers = [v.number for v in item.versions]
    by_number = {v.number: v for v in item.versions}
    chosen = item.latest
    if len(numbers) > 1:
        number = st.selectbox(
            "Version",
            numbers,
            key=f"saved_version_{item.id}",
            format_func=lambda n: f"Version {n} vom {saved.german_date(by_number[n])}",
        )
        chosen = by_number.get(number, item.latest)
    st.caption(
        f"{len(numbers)} Version(en), Version {chosen.number} vom {saved.german_date(chosen)}; "
        f"Datei {md_escape(chosen.filename)}; übernommen {chosen.rows_taken} von "
        f"{chosen.rows_read} Zeilen, {chosen.rows_reported} in der Problemliste"
        + (f"; gespeichert von {md_escape(chosen.saved_by)}" if chosen.saved_by else "")
        + "."
    )
    c1, c2, c3, c4 = st.columns(4)
    c1.button("Öffnen", key=f"saved_open_{item.id}", on_click=_open, args=(item.id, chosen.number))
    c2.download_button(
        "Original",
        _original(chosen),
        file_name=_safe_name(chosen.filename),
        key=f"saved_dl_{item.id}",
        help="Die Originaldatei, unverändert",
    )
    c3.download_button(
        "Probleme",
        _report(chosen),
        file_name="problemliste.csv",
        mime="text/csv",
        key=f"saved_issues_{item.id}",
        help="Die Problemliste als CSV",
    )
    c4.button("Löschen", key=f"saved_delete_{item.id}", on_click=_ask_delete, args=(item.id,))
    if st.session_state.get(CONFIRM) == item.id:
        st.warning(
            f"„{md_escape(item.title)}“ mit allen {len(numbers)} Version(en) und den "
            "Originaldateien endgültig löschen? Links darauf zeigen dann nichts mehr."
        )
        y, n = st.columns(2)
        y.button(
            "Ja, endgültig löschen",
            key=f"saved_confirm_{item.id}",
            on_click=_delete,
            args=(item.id,),
            type="primary",
        )
        n.button("Abbrechen", key=f"saved_cancel_{item.id}", on_click=_cancel_delete)


def _safe_name(filename: str) -> str:
    base = "".join(ch for ch in filename.rsplit("/", 1)[-1] if ch.isalnum() or ch in "._- ")
    return base.strip() or "upload"


def render_datasets_sidebar() -> None:
    current = settings()
    with st.sidebar.expander("Gespeicherte Datensätze", expanded=False):
        _browser_element(key="browser_id", data={"id": owner()})
        if current.error:
            st.error(current.error)
        everyone = current.config.list_all
        st.caption(
            "Alle gespeicherten Datensätze."
            if everyone
            else "Die in diesem Browser gespeicherten Datensätze."
        )
        try:
            items = (
                store().datasets(owner(), everyone=everyone) if current.config.has_data() else []
            )
        except saved.StoreError as err:
            st.warning(str(err))
            return
        if not items:
            st.caption("Noch keine gespeichert: nach dem Hochladen „Speichern“ wählen.")
        for item in items[:MAX_LISTED]:
            with st.container(border=True):
                _item(item)
        if len(items) > MAX_LISTED:
            st.caption(f"Die neuesten {MAX_LISTED} von {len(items)} Datensätzen.")
