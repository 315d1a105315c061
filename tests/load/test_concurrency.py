"""Load test: many simultaneous sessions against one app server on localhost.

Each session loads the Kreis map, clicks Kreise and switches indicators: a fixed core
sequence, then random actions (with a short think time) until the window closes. Every
second session first uploads its own small CSV (a session-specific count for Kreis
Recklinghausen) through the sidebar uploader; every fourth uploads the same bytes as another
session under its own name (the caches are shared: no session may see another's name).
Sessions also change the classification ("Klassen und Farben"), and one more session uploads
a large file (about 9 MB, 45,000 activity rows) in the middle of the run. Some sessions are
real pages in one headless Chromium (one browser context each); the others speak Streamlit's
websocket protocol (``tests/load/protocol.py``), which costs the machine far less than a
page, so 20 sessions fit a 2-core CI machine. Checked throughout: no exception or error box,
every session sees only its own upload and selection (also in every websocket message it
receives), no request leaves localhost. Reported: click -> detail panel latency (p95;
browser: until the panel is drawn, protocol: until the server finished the rerun), page load
and upload times, server CPU time and RSS before/after (from /proc).

    .venv/bin/python -m tests.load.test_concurrency --sessions 20 --browsers 20 --seconds 300

In the test suite (marker ``load``): 20 sessions, 4 of them browsers, for
``IKZMAP_LOAD_SECONDS`` (default 45) seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import statistics
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pytest

from tests.e2e.harness import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, inner_points, running_app
from tests.load.browser import AsyncNetworkGuard, BrowserDriver
from tests.load.common import Selection, file_name, run_in_own_loop
from tests.load.protocol import ProtocolDriver
from tests.load.server import cpu_seconds, peak_rss_mib, rss_mib, server_pid

pytestmark = pytest.mark.load

RECKLINGHAUSEN = "05562"
DEFAULT_VALUE = "453"  # published count of Kreis Recklinghausen (default data)
KREIS_COUNT = 53
KREISE = (
    "05562", "05970", "05566", "05554", "05958", "05382", "05766", "05154",
    "05158", "05370", "05570", "05762", "05974", "05334", "05111", "05913",
)  # fmt: skip
INDICATORS = {
    "ikz_count": "IKZ-Aktivitäten (Anzahl)",
    "ikz_per_unit": "IKZ-Aktivitäten je Gebietskörperschaft",
    "budget_hsk": "Anteil der Gemeinden in Haushaltssicherung (HSK, Status 5–7)",
    "budget_balanced": "Anteil der Gemeinden ausgeglichen (inkl. fiktiv, Status 1–2)",
    "bivariate": "IKZ × Haushaltslage (bivariat)",
}
ACTIONS = ("klick", "klick", "klick", "indikator", "recklinghausen", "klassen")
NUMERIC = ("ikz_count", "ikz_per_unit", "budget_hsk", "budget_balanced")  # schemes apply
SCHEMES = (
    "Quantile (gleich viele Einheiten je Klasse)",
    "Gleiche Intervalle",
    "Natürliche Brüche (Fisher-Jenks)",
)
BIG_UPLOAD_ROWS = 45_000  # under the 50,000-row limit; about 9 MB with the project titles
# RSS growth allowed over the whole run (after warm-up -> after all sessions closed). The
# upload atlases (cache max 16), views (max 64) and per-session media files are bounded;
# measured: 25-35 MiB for 20 sessions. This catches a leak per interaction, not caching.
RSS_GROWTH_LIMIT_MIB = 512


@dataclass(frozen=True)
class LoadConfig:
    sessions: int = 20
    browsers: int = 4  # of the sessions, real pages (spread evenly); the rest use the protocol
    seconds: float = 45.0  # window for random actions, from the first session's start
    upload_every: int = 2  # session i uploads if i % upload_every == 0
    same_bytes_every: int = 4  # session i uploads session i-2's bytes if i % this == 2
    big_upload: bool = True  # one more session uploads a large file mid-run
    ramp: float = 0.5  # seconds between session starts
    think: tuple[float, float] = (1.0, 3.0)  # pause between actions (seconds, uniform)
    timeout_ms: float = 90_000  # per wait; under load a rerun may queue behind others
    seed: int = 2025

    def is_browser(self, index: int) -> bool:
        if self.browsers <= 0:
            return False
        step = max(self.sessions // self.browsers, 1)
        return index % step == 0 and index // step < self.browsers

    def uploads(self, index: int) -> bool:
        return index % self.upload_every == 0

    def bytes_of(self, index: int) -> int:
        """Whose file content an uploading session sends (its own, or an earlier one's)."""
        shares = self.same_bytes_every and index % self.same_bytes_every == 2
        return index - 2 if shares and self.uploads(index - 2) else index


@dataclass
class SessionLog:
    index: int
    kind: str
    filename: str | None
    value: str  # the count of Kreis Recklinghausen this session must see
    load_s: float | None = None
    upload_s: float | None = None
    clicks_s: list[float] = field(default_factory=list)
    indicator_switches: int = 0
    scheme_switches: int = 0
    value_checks: int = 0
    problems: list[str] = field(default_factory=list)

    def problem(self, text: str) -> None:
        self.problems.append(f"Sitzung {self.index} ({self.kind}): {text}")


def _quantile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(q * 100) - 1]


@dataclass
class LoadReport:
    config: LoadConfig
    sessions: list[SessionLog]
    rss_idle_mib: float
    rss_before_mib: float
    rss_after_mib: float
    rss_peak_mib: float
    server_cpu_s: float
    wall_s: float
    blocked: list[str]
    big_upload: SessionLog | None = None

    def clicks(self, kind: str) -> list[float]:
        return [c for s in self.sessions if s.kind == kind for c in s.clicks_s]

    @property
    def problems(self) -> list[str]:
        logs = [*self.sessions, *([self.big_upload] if self.big_upload else [])]
        return [p for s in logs for p in s.problems]

    @property
    def rss_growth_mib(self) -> float:
        return self.rss_after_mib - self.rss_before_mib

    def figures(self) -> dict[str, float | int | None]:
        loads = [s.load_s for s in self.sessions if s.load_s is not None]
        uploads = [s.upload_s for s in self.sessions if s.upload_s is not None]
        browser, protocol = self.clicks(BrowserDriver.kind), self.clicks(ProtocolDriver.kind)
        return {
            "sessions": len(self.sessions),
            "browser_sessions": sum(s.kind == BrowserDriver.kind for s in self.sessions),
            "clicks": len(browser) + len(protocol),
            "click_browser_p50_s": _quantile(browser, 0.5),
            "click_browser_p95_s": _quantile(browser, 0.95),
            "click_protocol_p50_s": _quantile(protocol, 0.5),
            "click_protocol_p95_s": _quantile(protocol, 0.95),
            "click_all_p95_s": _quantile(browser + protocol, 0.95),
            "indicator_switches": sum(s.indicator_switches for s in self.sessions),
            "scheme_switches": sum(s.scheme_switches for s in self.sessions),
            "same_bytes_uploads": sum(
                self.config.bytes_of(s.index) != s.index for s in self.sessions if s.filename
            ),
            "big_upload_s": self.big_upload.upload_s if self.big_upload else None,
            "value_checks": sum(s.value_checks for s in self.sessions),
            "uploads": len(uploads),
            "load_p50_s": _quantile(loads, 0.5),
            "load_max_s": max(loads, default=None),
            "upload_p50_s": _quantile(uploads, 0.5),
            "upload_max_s": max(uploads, default=None),
            "server_cpu_s": self.server_cpu_s,
            "rss_idle_mib": self.rss_idle_mib,
            "rss_before_mib": self.rss_before_mib,
            "rss_after_mib": self.rss_after_mib,
            "rss_peak_mib": self.rss_peak_mib,
            "rss_growth_mib": self.rss_growth_mib,
            "wall_s": self.wall_s,
        }

    def text(self) -> str:
        lines = [f"Lasttest: {len(self.sessions)} Sitzungen, Fenster {self.config.seconds:g} s"]
        lines.extend(f"  {name:22} {_shown(value)}" for name, value in self.figures().items())
        lines.extend(f"  PROBLEM {p}" for p in self.problems)
        lines.extend(f"  BLOCKIERT {u}" for u in self.blocked)
        return "\n".join(lines)


def _shown(value: float | int | None) -> str:
    if value is None:
        return "–"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def session_csv(index: int) -> tuple[bytes, str]:
    """CSV bytes of an uploading session and the Recklinghausen count it sets."""
    value = str(700 + index)
    text = f"Kreis;Anzahl\nKreis Recklinghausen;{value}\nKreis Borken;{300 + index}\n"
    return text.encode(), value


def big_activity_csv(rows: int = BIG_UPLOAD_ROWS) -> bytes:
    """A large but valid activity list: one row per activity of the Gemeinden of three
    Kreise, with a long project title (the bulk of the bytes)."""
    from geo import Hierarchy

    units = Hierarchy.load().units
    keys = [k for k in units.index if len(k) == 8 and k[:5] in ("05562", "05554", "05958")]
    title = "Gemeinsame Beschaffung und Betrieb der Fachverfahren " + "x" * 110
    lines = ["AGS;Aufgabenfeld;Rechtsform;Status;Bezeichnung"]
    lines += [
        f"{keys[i % len(keys)]};IT, E-Government;Zweckverband;umgesetzt;{title} {i}"
        for i in range(rows)
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def click_points() -> tuple[dict[str, list[tuple[float, float]]], dict[str, str]]:
    """Positions inside each test Kreis (lat, lng; see ``harness.inner_points``), label."""
    from geo import Hierarchy, load_layer

    layer = load_layer("kreis").set_index("ags")
    points = {key: inner_points(layer.geometry[key]) for key in KREISE}
    labels = Hierarchy.load().units["label"]
    return points, {key: str(labels[key]) for key in KREISE}


class Session:
    """One user, driven by a seeded random sequence of actions; checks as it goes."""

    def __init__(self, driver, log: SessionLog, config: LoadConfig, labels) -> None:
        self.driver, self.log, self.config, self.labels = driver, log, config, labels
        self.rng = random.Random(config.seed + log.index)
        self.selected: str | None = None
        self.indicator = "ikz_count"

    async def start(self, url: str) -> None:
        start = time.perf_counter()
        await self.driver.open(f"{url}/?ebene=kreis")
        self.log.load_s = time.perf_counter() - start
        if self.log.filename:
            data, _ = session_csv(self.config.bytes_of(self.log.index))
            start = time.perf_counter()
            await self.driver.upload(self.log.filename, data)
            self.log.upload_s = time.perf_counter() - start

    async def core(self) -> None:
        """What every session does however slow the machine is: its value, another Kreis,
        another indicator, its value again."""
        await self.check_value()
        await self.select(self.rng.choice([k for k in KREISE if k != RECKLINGHAUSEN]))
        await self.switch_indicator()
        await self.check_value()

    async def select(self, key: str) -> Selection:
        shown = await self.driver.select(key, self.labels[key])
        self.log.clicks_s.append(shown.latency_s)
        self.selected = key
        if shown.headings != [self.labels[key]]:
            self.log.problem(f"Detailpanel zeigt {shown.headings} statt {self.labels[key]}")
        if shown.auswahl != key:
            self.log.problem(f"URL-Auswahl {shown.auswahl} statt {key}")
        return shown

    async def check_value(self) -> None:
        """Kreis Recklinghausen shows this session's count: its upload or the default."""
        if self.selected == RECKLINGHAUSEN:  # select another first: every check is a click
            await self.select(self.rng.choice(KREISE[1:]))
        shown = await self.select(RECKLINGHAUSEN)
        expected = (self.log.value, "hochgeladen" if self.log.filename else "veröffentlicht")
        if shown.ikz != expected:
            self.log.problem(f"Recklinghausen zeigt {shown.ikz} statt {expected}")
        self.log.value_checks += 1

    async def switch_indicator(self) -> None:
        choice = self.rng.choice([i for i in INDICATORS if i != self.indicator])
        await self.driver.switch_indicator(choice, INDICATORS[choice])
        self.indicator = choice
        self.log.indicator_switches += 1

    async def switch_scheme(self) -> None:
        """Another classification in "Klassen und Farben" (numeric indicators only: for
        the others the control is disabled)."""
        if self.indicator not in NUMERIC:
            await self.switch_indicator()
            return
        await self.driver.switch_scheme(self.rng.choice(SCHEMES))
        self.log.scheme_switches += 1

    async def act(self) -> None:
        action = self.rng.choice(ACTIONS)
        if action == "klick":
            await self.select(self.rng.choice([k for k in KREISE if k != self.selected]))
        elif action == "indikator":
            await self.switch_indicator()
        elif action == "klassen":
            await self.switch_scheme()
        else:
            await self.check_value()

    async def check(self) -> None:
        for found in await self.driver.errors():
            self.log.problem(found)
        foreign = await self.driver.sessions_seen() - {self.log.index}
        if foreign:
            self.log.problem(f"sieht Uploads der Sitzungen {sorted(foreign)}")

    async def think(self) -> None:
        await asyncio.sleep(self.rng.uniform(*self.config.think))


@dataclass
class Shared:
    """What all sessions of a run share."""

    config: LoadConfig
    browser: object | None  # playwright Browser, if any session is a page
    points: dict[str, tuple[float, float]]
    labels: dict[str, str]
    guard: AsyncNetworkGuard
    deadline: float = 0.0  # time.monotonic() after which no new random action starts


async def _driver(url: str, log: SessionLog, shared: Shared):
    timeout = shared.config.timeout_ms
    if log.kind == BrowserDriver.kind:
        return await BrowserDriver.create(
            shared.browser, shared.guard, shared.points, KREIS_COUNT, timeout, log
        )
    return await ProtocolDriver.create(url, timeout)


def _failure(err: Exception) -> str:
    """First line of an error and, for a Playwright wait, what it waited for."""
    lines = str(err).splitlines() or [""]
    waited = next((line.strip() for line in lines if "waiting for" in line), "")
    return f"{type(err).__name__}: {lines[0][:300]}" + (f" ({waited[:200]})" if waited else "")


async def _run_session(url: str, log: SessionLog, shared: Shared) -> None:
    await asyncio.sleep(log.index * shared.config.ramp)
    driver = await _driver(url, log, shared)
    session = Session(driver, log, shared.config, shared.labels)
    try:
        await session.start(url)
        await session.core()
        await session.check()
        while time.monotonic() < shared.deadline:
            await session.think()
            await session.act()
            await session.check()
        await session.check_value()
        await session.check()
    except Exception as err:  # a timeout or a broken page: recorded, the others go on
        log.problem(_failure(err))
        with contextlib.suppress(Exception):  # what the app showed before, if it can tell
            for found in await driver.errors():
                log.problem(found)
    finally:
        await driver.close()


def _logs(config: LoadConfig) -> list[SessionLog]:
    logs = []
    for i in range(config.sessions):
        kind = BrowserDriver.kind if config.is_browser(i) else ProtocolDriver.kind
        if config.uploads(i):
            value = session_csv(config.bytes_of(i))[1]
            logs.append(SessionLog(i, kind, file_name(i), value))
        else:
            logs.append(SessionLog(i, kind, None, DEFAULT_VALUE))
    return logs


async def _warm_up(url: str, config: LoadConfig, labels) -> None:
    """One session loads the map and clicks once, so the caches exist before measuring."""
    driver = await ProtocolDriver.create(url, config.timeout_ms)
    await driver.open(f"{url}/?ebene=kreis")
    await driver.select(RECKLINGHAUSEN, labels[RECKLINGHAUSEN])
    await driver.close()


async def _big_upload(url: str, log: SessionLog, shared: Shared) -> None:
    """One more session uploads a large file while the others click; it must be read (or
    refused with a message) without an error, and its own map must work afterwards."""
    await asyncio.sleep(shared.config.seconds / 3)
    driver = await ProtocolDriver.create(url, shared.config.timeout_ms)
    try:
        await driver.open(f"{url}/?ebene=kreis")
        start = time.perf_counter()
        await driver.upload(log.filename or "", big_activity_csv())
        log.upload_s = time.perf_counter() - start
        shown = await driver.select(RECKLINGHAUSEN, shared.labels[RECKLINGHAUSEN])
        log.clicks_s.append(shown.latency_s)
        for found in await driver.errors():
            log.problem(found)
    except Exception as err:
        log.problem(_failure(err))
    finally:
        await driver.close()


async def _sessions(
    url: str, config: LoadConfig, browser, points, labels
) -> tuple[list[SessionLog], list[str], SessionLog | None]:
    guard = AsyncNetworkGuard()
    shared = Shared(config, browser, points, labels, guard)
    logs = _logs(config)
    big = None
    if config.big_upload:
        index = config.sessions  # after the others: its name is unique too
        big = SessionLog(index, ProtocolDriver.kind, file_name(index), "")
    shared.deadline = time.monotonic() + config.seconds
    work = [_run_session(url, log, shared) for log in logs]
    if big is not None:
        work.append(_big_upload(url, big, shared))
    await asyncio.gather(*work)
    return logs, guard.blocked, big


async def _drive(url: str, pid: int, config: LoadConfig) -> LoadReport:
    from playwright.async_api import async_playwright

    points, labels = click_points()
    rss_idle = rss_mib(pid)
    await _warm_up(url, config, labels)
    async with async_playwright() as pw:
        browser = None
        if config.browsers:
            browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        rss_before, cpu_before = rss_mib(pid), cpu_seconds(pid)
        start = time.perf_counter()
        logs, blocked, big = await _sessions(url, config, browser, points, labels)
        wall = time.perf_counter() - start
        if browser is not None:
            await browser.close()
    await asyncio.sleep(2)  # let the server drop the closed sessions' websockets
    return LoadReport(
        config=config,
        sessions=logs,
        rss_idle_mib=rss_idle,
        rss_before_mib=rss_before,
        rss_after_mib=rss_mib(pid),
        rss_peak_mib=peak_rss_mib(pid),
        server_cpu_s=cpu_seconds(pid) - cpu_before,
        wall_s=wall,
        blocked=blocked,
        big_upload=big,
    )


def run_load(config: LoadConfig) -> LoadReport:
    """Start the app, run the sessions, return the report (the server is stopped after)."""
    with running_app("streamlit-load.log") as url:
        return run_in_own_loop(_drive(url, server_pid(url), config))


def write_report(report: LoadReport, path: Path) -> None:
    payload = {
        "config": asdict(report.config),
        "figures": report.figures(),
        "problems": report.problems,
        "blocked": report.blocked,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")


def test_twenty_sessions_stay_isolated_and_error_free():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium missing at {CHROMIUM}: install the Debian package 'chromium'")
    config = LoadConfig(seconds=float(os.environ.get("IKZMAP_LOAD_SECONDS", "45")))
    report = run_load(config)
    write_report(report, ARTIFACTS / "load-report.json")
    print("\n" + report.text())
    assert report.problems == []
    assert report.blocked == []
    kinds = {log.kind for log in report.sessions}
    assert kinds == {BrowserDriver.kind, ProtocolDriver.kind}
    for log in report.sessions:  # every session really worked, none only waited
        assert log.load_s is not None and len(log.clicks_s) >= 3, log
        assert log.value_checks >= 3 and log.indicator_switches >= 1, log
        assert (log.upload_s is not None) == (log.filename is not None), log
    assert report.figures()["same_bytes_uploads"] >= 2
    assert report.big_upload is not None and report.big_upload.upload_s is not None
    assert report.rss_growth_mib < RSS_GROWTH_LIMIT_MIB, report.text()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.load.test_concurrency")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--browsers", type=int, default=4, help="davon echte Browserseiten")
    parser.add_argument("--seconds", type=float, default=300.0)
    parser.add_argument("--upload-every", type=int, default=2)
    parser.add_argument(
        "--think",
        type=float,
        nargs=2,
        default=LoadConfig.think,
        metavar=("MIN", "MAX"),
        help="Pause zwischen Aktionen in Sekunden (0 0: Stresstest)",
    )
    parser.add_argument("--json", type=Path, default=ARTIFACTS / "load-report.json")
    args = parser.parse_args(argv)
    sessions = max(args.sessions, 1)
    config = LoadConfig(
        sessions=sessions,
        browsers=min(max(args.browsers, 0), sessions),
        seconds=max(args.seconds, 1.0),
        upload_every=max(args.upload_every, 1),
        think=(max(min(args.think), 0.0), max(max(args.think), 0.0)),
    )
    report = run_load(config)
    write_report(report, args.json)
    print(report.text())
    failed = report.problems or report.blocked
    return 1 if failed or report.rss_growth_mib >= RSS_GROWTH_LIMIT_MIB else 0


if __name__ == "__main__":
    raise SystemExit(main())
