"""axe-core (npm, installed at set-up) run in the page: WCAG 2.1 A/AA and best practice.
Every finding is printed and appended to ``artifacts/axe-findings.txt``."""

from __future__ import annotations

from dataclasses import dataclass

from ikzmap.assets import AXE_SCRIPT
from tests.e2e.harness import ARTIFACTS

BLOCKING = ("serious", "critical")
RUN_JS = """async (selector) => {
    const result = await axe.run(selector ? document.querySelector(selector) : document, {
        resultTypes: ["violations"],
    });
    return result.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target.join(" "),
                                                 summary: n.failureSummary })),
        count: v.nodes.length,
    }));
}"""


@dataclass(frozen=True)
class Finding:
    rule: str
    impact: str
    help: str
    count: int
    nodes: tuple[dict, ...]

    def __str__(self) -> str:
        where = "; ".join(n["target"] for n in self.nodes)
        return f"[{self.impact}] {self.rule}: {self.help} ({self.count}×: {where})"


def run_axe(page, selector: str | None = None) -> list[Finding]:
    """Inject axe-core into ``page`` (once) and check it (or the element ``selector``)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE_SCRIPT))
    raw = page.evaluate(RUN_JS, selector)
    return [
        Finding(v["id"], v["impact"] or "minor", v["help"], v["count"], tuple(v["nodes"]))
        for v in raw
    ]


def assert_accessible(page, name: str, selector: str | None = None) -> list[Finding]:
    """No serious or critical finding; the others are printed (pytest -s shows them)."""
    findings = run_axe(page, selector)
    lines = [f"axe {name}: {finding}" for finding in findings] or [f"axe {name}: keine Befunde"]
    print("\n".join(lines))
    ARTIFACTS.mkdir(exist_ok=True)
    with (ARTIFACTS / "axe-findings.txt").open("a", encoding="utf-8") as report:
        report.write("\n".join(lines) + "\n")
    blocking = [f for f in findings if f.impact in BLOCKING]
    assert not blocking, f"axe {name}:\n" + "\n".join(str(f) for f in blocking)
    return findings
