"""A session in a real page: async Playwright, one browser context per session."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlparse

from tests.e2e.harness import LOCAL_HOSTS, MAP, VISIBLE_POINT_JS
from tests.load.common import Selection, ikz_line, sessions_named

UPLOAD_EXPANDER = "Daten: eigene IKZ-Zahlen"
POLL_MS = 250  # not every animation frame: many pages polling at 60 Hz load the CPU
ERROR_SELECTORS = {
    "Ausnahme": '[data-testid="stException"]',
    "Fehlermeldung": '[data-testid="stAlertContentError"]',
    "Verbindungsstatus": '[data-testid="stConnectionStatus"]',
}
VIEWPORT = {"width": 1400, "height": 950}
_STALE = '[data-stale="true"]'
_QUIET_JS = f"() => !document.querySelector('{_STALE}')"  # stale: a run is in progress
_SETTLED_JS = (
    f"() => !document.querySelector('{_STALE}')"
    " && document.body.innerText.includes('IKZ-Aktivitäten: ')"
)


class AsyncNetworkGuard:
    """Blocks and records every request to a host other than localhost (async routes)."""

    def __init__(self) -> None:
        self.blocked: list[str] = []

    async def route(self, route) -> None:
        url = route.request.url
        host = urlparse(url).hostname or ""
        if url.startswith(("data:", "blob:", "about:")) or host in LOCAL_HOSTS:
            await route.continue_()
        else:
            self.blocked.append(url)
            await route.abort()


async def wait_for_map(page, count: int, legend: str | None = None, timeout: float = 90_000):
    """Wait until one map shows ``count`` polygons (and, if given, the legend title)."""
    await page.wait_for_function(
        """([selector, n, legend]) => {
            const maps = document.querySelectorAll(selector);
            if (maps.length !== 1) return false;
            if (maps[0].querySelectorAll('path.leaflet-interactive').length !== n) {
                return false;
            }
            const title = maps[0].querySelector('.ikz-legend h2');
            return legend === null || (!!title && title.textContent === legend);
        }""",
        arg=[MAP, count, legend],
        polling=POLL_MS,
        timeout=timeout,
    )


async def screen_point(page, candidates: list[tuple[float, float]]) -> tuple[float, float]:
    """Page coordinates of a visible point of a unit (like ``harness.unit_screen_point``)."""
    return tuple(await page.locator(MAP).evaluate(VISIBLE_POINT_JS, candidates))


class BrowserDriver:
    """One session as a user sees it; ``ws_data`` collects what its websocket received."""

    kind = "Browser"

    def __init__(self, context, page, points, count: int, timeout_ms: float) -> None:
        self.context, self.page = context, page
        self.points, self.count, self.timeout = points, count, timeout_ms
        self.ws_data = bytearray()
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    @classmethod
    async def create(cls, browser, guard: AsyncNetworkGuard, points, count, timeout_ms, log):
        context = await browser.new_context(viewport=VIEWPORT, locale="de-DE")
        await context.route("**/*", guard.route)
        page = await context.new_page()
        page.set_default_timeout(timeout_ms)

        async def on_dialog(dialog) -> None:  # there must be none; dismissed so work goes on
            log.problem(f"Dialog: {dialog.message}")
            await dialog.dismiss()

        page.on("dialog", on_dialog)
        page.on("pageerror", lambda e: log.problem(f"JavaScript-Fehler: {e}"))
        return cls(context, page, points, count, timeout_ms)

    def _frame(self, payload: str | bytes) -> None:
        self.ws_data += payload if isinstance(payload, bytes) else payload.encode()

    async def open(self, url: str) -> None:
        await self.page.goto(url, wait_until="commit")
        await wait_for_map(self.page, self.count, timeout=self.timeout)

    async def upload(self, name: str, data: bytes) -> None:
        expander = self.page.get_by_test_id("stExpander").filter(has_text=UPLOAD_EXPANDER)
        await expander.locator('input[type="file"]').set_input_files(
            files=[{"name": name, "mimeType": "text/csv", "buffer": data}]
        )
        sources = self.page.get_by_text(f"Eigene Daten: {name}").first
        await sources.wait_for(timeout=self.timeout)
        await wait_for_map(self.page, self.count, timeout=self.timeout)

    async def _quiet(self) -> None:
        """Wait until the last run is complete: content still arriving above the map
        (notices come after it) would move the map between aiming and clicking."""
        await self.page.wait_for_function(_QUIET_JS, polling=POLL_MS, timeout=self.timeout)

    async def select(self, key: str, label: str) -> Selection:
        """Click the unit like a user; wait until the detail panel names it."""
        await self._quiet()
        x, y = await screen_point(self.page, self.points[key])
        await self.page.mouse.move(x, y)
        start = time.perf_counter()
        await self.page.mouse.click(x, y)
        try:
            await self.page.get_by_role("heading", name=label, exact=True).wait_for()
        except Exception as err:
            raise RuntimeError(f"{label} not shown after the click: {await self._state()}") from err
        latency = time.perf_counter() - start
        await self._settled()
        query = parse_qs(urlparse(self.page.url).query)
        return Selection(
            latency_s=latency,
            headings=await self.page.locator("h3").all_inner_texts(),
            ikz=ikz_line(await self.page.locator("body").inner_text()),
            auswahl=query.get("auswahl", [None])[0],
        )

    async def _settled(self) -> None:
        """Wait until the run is complete: no element of the previous run left (stale)."""
        try:
            await self.page.wait_for_function(
                _SETTLED_JS,
                polling=POLL_MS,
                timeout=self.timeout,
            )
        except Exception as err:
            raise RuntimeError(f"detail panel did not settle: {await self._state()}") from err

    async def _state(self) -> str:
        """Short description of what the page shows (for a failure message)."""
        stale = await self.page.locator(_STALE).count()
        headings = await self.page.locator("h3").all_inner_texts()
        maps = await self.page.locator(MAP).count()
        query = parse_qs(urlparse(self.page.url).query).get("auswahl")
        return f"{stale} stale elements, {maps} maps, headings {headings}, auswahl {query}"

    async def switch_indicator(self, indicator_id: str, label: str) -> None:
        await self.page.get_by_label("Indikator").click()
        await self.page.get_by_role("option", name=label, exact=True).click()
        await wait_for_map(self.page, self.count, legend=label, timeout=self.timeout)

    async def switch_scheme(self, label: str) -> None:
        """Open "Klassen und Farben" (if folded) and choose another classification."""
        await self._quiet()
        control = self.page.get_by_label("Klassifikation")
        if not await control.is_visible():
            await self.page.get_by_text("Klassen und Farben", exact=True).click()
        option = self.page.get_by_role("option", name=label, exact=True)
        for _ in range(5):  # a click while the box still unfolds focuses, opens nothing
            await control.click()
            try:
                await option.wait_for(timeout=2_000)
                break
            except Exception:
                await self.page.keyboard.press("Escape")
        await option.click()
        await self._quiet()
        await wait_for_map(self.page, self.count, timeout=self.timeout)

    async def errors(self) -> list[str]:
        found = []
        for name, selector in ERROR_SELECTORS.items():
            texts = await self.page.locator(selector).all_inner_texts()
            if texts:
                found.append(f"{name}: {' | '.join(t.strip()[:200] for t in texts)}")
        return found

    async def sessions_seen(self) -> set[int]:
        """Sessions whose upload name reached this page (screen text or websocket)."""
        text = await self.page.locator("body").inner_text()
        seen = sessions_named(bytes(self.ws_data)) | sessions_named(text.encode())
        self.ws_data.clear()
        return seen

    async def close(self) -> None:
        await self.context.close()
