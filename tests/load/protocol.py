"""A minimal Streamlit client speaking the app's websocket protocol (no browser).

It does what the browser does for this app: open a session with a query string (and, after
the first paint, report the map drawn, which brings the whole page), rerun
with changed widget values (the map click is the map component's "clicked" trigger, sent
as a fragment rerun like the frontend does), and upload a file through the upload URLs the
server hands out. Each run's elements are collected for checks. Used by the load test to
put many sessions on one server without the CPU cost of many browser pages.
"""

from __future__ import annotations

import asyncio
import http.cookiejar
import json
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlparse

import websockets
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

from tests.html_text import headings, visible_text
from tests.load.common import Selection, ikz_line, sessions_named

XSRF_COOKIE = "_streamlit_xsrf"
UPLOAD_LABEL = "Datei hochladen"
INDICATOR_LABEL = "Indikator"
SCHEME_LABEL = "Klassifikation"
_SCHEME_IDS = {  # the select box shows labels; the URL names the scheme
    "Quantile (gleich viele Einheiten je Klasse)": "quantiles",
    "Gleiche Intervalle": "equal_interval",
    "Natürliche Brüche (Fisher-Jenks)": "fisher_jenks",
}
_FINAL = (
    ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY,
    ForwardMsg.ScriptFinishedStatus.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
    ForwardMsg.ScriptFinishedStatus.FINISHED_WITH_COMPILE_ERROR,
)


class ProtocolError(RuntimeError):
    """The server answered in a way this client does not expect."""


@dataclass
class Run:
    """What one script run (or fragment run) sent: elements in order of arrival."""

    elements: list = field(default_factory=list)  # streamlit.proto Element
    arrivals: list[float] = field(default_factory=list)  # time.perf_counter() per element
    blocks: list = field(default_factory=list)  # streamlit.proto Block
    fragment_ids: set[str] = field(default_factory=set)
    raw: list[bytes] = field(default_factory=list)

    def of(self, kind: str) -> list:
        return [getattr(e, kind) for e in self.elements if e.WhichOneof("type") == kind]

    def first(self, kind: str, predicate) -> float | None:
        """Arrival time of the first element of ``kind`` for which ``predicate`` holds."""
        for element, arrival in zip(self.elements, self.arrivals, strict=True):
            if element.WhichOneof("type") == kind and predicate(getattr(element, kind)):
                return arrival
        return None

    def texts(self) -> list[str]:
        """Bodies of headings, Markdown and alerts; labels of expanders."""
        texts = [h.body for h in self.of("heading")] + [m.body for m in self.of("markdown")]
        texts += [a.body for a in self.of("alert")]
        texts += [b.expandable.label for b in self.blocks if b.WhichOneof("type") == "expandable"]
        return texts

    def errors(self) -> list[str]:
        found = [f"Ausnahme: {e.type}: {e.message[:200]}" for e in self.of("exception")]
        found += [
            f"Fehlermeldung: {a.body[:200]}"
            for a in self.of("alert")
            if a.format == Alert.Format.ERROR
        ]
        return found


def _xsrf_cookie(base: str) -> str:
    """The XSRF cookie the server sets (needed for uploads); fetched once per session."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(f"{base}/_stcore/health", timeout=30) as response:
        response.read()
    return next((c.value for c in jar if c.name == XSRF_COOKIE), "")


def _multipart(name: str, data: bytes, mime: str) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        f"Content-Type: {mime}\r\n\r\n"
    ).encode()
    return head + data + f"\r\n--{boundary}--\r\n".encode(), boundary


class ProtocolClient:
    """One app session over the websocket ``/_stcore/stream``."""

    def __init__(self, base: str, timeout: float = 90.0) -> None:
        self.base = base
        self.timeout = timeout
        self.xsrf = ""
        self.session_id = ""
        self.ws = None
        self.widgets: dict[str, str] = {}  # widget label -> id (last seen)
        self.component_id = ""  # the map (components-v2 element)
        self.map_fragment = ""
        self.map_state: dict[str, object] = {}  # the map's states, as the browser keeps them
        self.report_drawn: str | None = None  # the first paint's token, reported back
        self.page_hash = ""  # the page the server runs (a multipage app names it)
        self._clicks = 0
        self.received: list[bytes] = []  # messages since the last leak check

    async def open(self, query: str) -> Run:
        self.xsrf = await asyncio.to_thread(_xsrf_cookie, self.base)
        url = self.base.replace("http://", "ws://", 1) + "/_stcore/stream"
        self.ws = await websockets.connect(
            url,
            subprotocols=["streamlit", self.xsrf] if self.xsrf else ["streamlit"],
            additional_headers={"Cookie": f"{XSRF_COOKIE}={self.xsrf}", "Origin": self.base},
            max_size=None,
            open_timeout=self.timeout,
        )
        self.query = query
        run = await self.rerun([])
        if self.report_drawn:  # the first paint: report the map drawn, as the browser does
            run = await self._map_state("drawn", self.report_drawn)
        return run

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()

    async def rerun(self, states: list[WidgetState], fragment_id: str = "") -> Run:
        msg = BackMsg()
        msg.rerun_script.query_string = self.query
        msg.rerun_script.page_script_hash = self.page_hash
        msg.rerun_script.widget_states.widgets.extend(states)
        if fragment_id:
            msg.rerun_script.fragment_id = fragment_id
        await self.ws.send(msg.SerializeToString())
        return await asyncio.wait_for(self._collect(), self.timeout)

    async def _receive(self) -> ForwardMsg:
        raw = await self.ws.recv()
        self.received.append(raw)
        msg = ForwardMsg()
        msg.ParseFromString(raw)
        return msg

    async def _collect(self) -> Run:
        run = Run()
        while True:
            msg = await self._receive()
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                self.session_id = msg.new_session.initialize.session_id
                self.page_hash = msg.new_session.page_script_hash
            elif kind == "page_info_changed":
                self.query = msg.page_info_changed.query_string
            elif kind == "delta":
                self._take_delta(msg, run)
            elif kind == "script_finished" and msg.script_finished in _FINAL:
                return run

    def _take_delta(self, msg: ForwardMsg, run: Run) -> None:
        delta = msg.delta
        if delta.fragment_id:
            run.fragment_ids.add(delta.fragment_id)
        if delta.WhichOneof("type") == "add_block":
            run.blocks.append(delta.add_block)
            return
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        run.elements.append(element)
        run.arrivals.append(time.perf_counter())
        kind = element.WhichOneof("type")
        widget = getattr(element, kind)
        if kind == "bidi_component" and widget.component_name == "ikzmap.map":
            self.component_id = widget.id
            self.map_fragment = delta.fragment_id
            self.report_drawn = json.loads(widget.json).get("report_drawn")
        elif getattr(widget, "label", "") and getattr(widget, "id", ""):
            self.widgets[widget.label] = widget.id

    async def click_unit(self, key: str) -> Run:
        """What the map sends when a unit is clicked (``ikzmap/ui/map_component.js``): its
        state "clicked" with the unit's key and the click count."""
        self._clicks += 1
        return await self._map_state("clicked", {"key": key, "n": self._clicks})

    async def _map_state(self, name: str, value: object) -> Run:
        """Set one of the map's states (the element sends all it holds) and collect the
        run it causes: the map's fragment, or the whole app when the fragment reruns it."""
        self.map_state[name] = value
        state = WidgetState(id=self.component_id, json_value=json.dumps(self.map_state))
        return await self.rerun([state], fragment_id=self.map_fragment)

    async def choose(self, label: str, option: str) -> Run:
        """Select ``option`` (its shown text) in the select box labelled ``label``."""
        return await self.rerun([WidgetState(id=self.widgets[label], string_value=option)])

    async def upload(self, label: str, name: str, data: bytes, mime: str = "text/csv") -> Run:
        """Upload ``data`` through the file uploader labelled ``label``."""
        urls = await self._file_urls(name)
        await asyncio.to_thread(self._put, urls.upload_url, name, data, mime)
        state = WidgetState(id=self.widgets[label])
        info = state.file_uploader_state_value.uploaded_file_info.add()
        info.name, info.size, info.file_id = name, len(data), urls.file_id
        info.file_urls.CopyFrom(urls)
        return await self.rerun([state])

    async def _file_urls(self, name: str):
        msg = BackMsg()
        request_id = uuid.uuid4().hex
        msg.file_urls_request.request_id = request_id
        msg.file_urls_request.file_names.append(name)
        msg.file_urls_request.session_id = self.session_id
        await self.ws.send(msg.SerializeToString())
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            reply = await asyncio.wait_for(self._receive(), self.timeout)
            if reply.WhichOneof("type") == "file_urls_response":
                response = reply.file_urls_response
                if response.response_id != request_id or response.error_msg:
                    raise ProtocolError(f"upload URLs refused: {response.error_msg}")
                return response.file_urls[0]
        raise ProtocolError("no upload URLs received")

    def _put(self, upload_url: str, name: str, data: bytes, mime: str) -> None:
        body, boundary = _multipart(name, data, mime)
        url = upload_url if upload_url.startswith("http") else self.base + upload_url
        request = urllib.request.Request(url, data=body, method="PUT")
        request.add_header("Content-Type", f"multipart/form-data; boundary={boundary}")
        request.add_header("X-Xsrftoken", self.xsrf)
        request.add_header("Cookie", f"{XSRF_COOKIE}={self.xsrf}")
        with urllib.request.urlopen(request, timeout=self.timeout) as response:
            if response.status not in (200, 204):
                raise ProtocolError(f"upload answered {response.status}")


class ProtocolDriver:
    """One session as the server sees it (see :class:`ProtocolClient`)."""

    kind = "Protokoll"

    def __init__(self, client: ProtocolClient) -> None:
        self.client = client
        self._errors: list[str] = []

    @classmethod
    async def create(cls, base: str, timeout_ms: float) -> ProtocolDriver:
        return cls(ProtocolClient(base, timeout_ms / 1000))

    def _take(self, run: Run) -> Run:
        self._errors.extend(run.errors())
        return run

    async def open(self, url: str) -> None:
        self._take(await self.client.open(urlparse(url).query))

    async def upload(self, name: str, data: bytes) -> None:
        run = self._take(await self.client.upload(UPLOAD_LABEL, name, data))
        escaped = name.replace("_", "\\_").replace(".", "\\.")
        if not any(f"Eigene Daten\\: {escaped}" in t for t in run.texts()):
            raise ProtocolError(f"upload {name} not shown in the sources")

    async def select(self, key: str, label: str) -> Selection:
        start = time.perf_counter()
        run = self._take(await self.client.click_unit(key))
        # The detail panel's text is HTML (``ikzmap/panel_html.py``), its heading an h3.
        shown = run.first("html", lambda h: bool(headings(h.body))) or time.perf_counter()
        latency = shown - start  # until the panel's heading arrived, as in the browser
        query = parse_qs(self.client.query)
        return Selection(
            latency_s=latency,
            headings=[h for block in run.of("html") for h in headings(block.body)],
            ikz=ikz_line("\n".join(visible_text(block.body) for block in run.of("html"))),
            auswahl=query.get("auswahl", [None])[0],
        )

    async def switch_indicator(self, indicator_id: str, label: str) -> None:
        self._take(await self.client.choose(INDICATOR_LABEL, label))
        if parse_qs(self.client.query).get("indikator") != [indicator_id]:
            raise ProtocolError(f"indicator {indicator_id} not in the URL: {self.client.query}")

    async def switch_scheme(self, label: str) -> None:
        self._take(await self.client.choose(SCHEME_LABEL, label))
        if parse_qs(self.client.query).get("klassen") != [_SCHEME_IDS[label]]:
            raise ProtocolError(f"scheme {label} not in the URL: {self.client.query}")

    async def errors(self) -> list[str]:
        found, self._errors = self._errors, []
        return found

    async def sessions_seen(self) -> set[int]:
        seen = sessions_named(b"\n".join(self.client.received))
        self.client.received.clear()
        return seen

    async def close(self) -> None:
        await self.client.close()
