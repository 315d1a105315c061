"""The detail panel's text as HTML, in two blocks instead of one element per line.

Why: every click reruns the map's fragment, and the browser redraws each Streamlit element
of it: a heading, caption, metric or Markdown line is React, CSS-in-JS and a Markdown
parser's work on the page's one thread. The panel drew about 20 of them; two HTML blocks
show the same text. Measured in one run (``benchmarks.bench_browser``'s click, Kreise):
0.27 s with the elements, 0.22 s with the blocks, 0.15–0.18 s with the heading alone.

Pure (no Streamlit): ``ikzmap.ui.detail_panel`` draws the blocks and the panel's widgets.
Every text is escaped here; a long German word may break at its soft hyphens.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

import pandas as pd

from ikzmap.details import ExampleLine, FactLine, UnitFacts
from ikzmap.palettes import BUDGET_STATUS_COLORS

BUDGET_HEADING: Final = "Haushaltsstatus"
BUDGET_ORIGIN: Final = "(MHKBD, amtlich, Stichtag 31.12.2025)"
ACTIVITY_BAR_COLOR: Final = "#1f5a96"

# Where the narrow column may break the long German words of the tables (soft hyphen).
_SOFT_HYPHENS: Final = {
    "Haushaltsstatus": "Haushalts\u00adstatus",
    "Überschuldung": "Über\u00adschuldung",
    "(Finanzplanung)": "(Finanz\u00adplanung)",
    "ausgeglichen": "aus\u00adge\u00adglichen",
    "Verringerung": "Ver\u00adringerung",
    "Aktivitäten": "Aktivi\u00adtäten",
}

# In the page's one <style> (``ikzmap.ui.page_style``), not in every block. Grey text is
# #55534f (7:1 on white), as the page's captions.
PANEL_CSS: Final = (
    ".ikz-panel{font-size:14px;line-height:1.5;color:#262730}"
    ".ikz-panel h3{font-size:1.5rem;font-weight:600;line-height:1.3;margin:0 0 .25rem;padding:0}"
    ".ikz-panel p,.ikz-panel ul{margin:0 0 .6rem}.ikz-panel ul{padding-left:1.2rem}"
    ".ikz-panel .note{color:#55534f;font-size:13px}"
    ".ikz-panel .value{margin:.2rem 0 .1rem}.ikz-panel .value span{display:block}"
    ".ikz-panel .value .v{font-size:1.9rem;line-height:1.25}"
    ".ikz-panel details{margin:0 0 .6rem;border:1px solid #d6d6d9;border-radius:.5rem}"
    ".ikz-panel summary{cursor:pointer;padding:.45rem .75rem}"
    ".ikz-panel details>div{padding:.2rem .75rem .4rem}"
    ".ikz-bar{display:flex;align-items:center;gap:6px;font:12px/1.6 sans-serif}"
    ".ikz-bar .l{flex:0 0 44%;color:#333;white-space:nowrap;overflow:hidden;"
    "text-overflow:ellipsis}.ikz-bar .b{height:11px;min-width:1px;border:1px solid #999}"
    ".ikz-bar .n{color:#333}.ikz-bar .u{position:absolute;left:-9999px}"
    ".ikz-bars{margin:0 0 .5rem}"
    ".ikz-table-frame{max-width:100%;overflow-x:auto;margin:0 0 .6rem}"
    ".ikz-table{width:100%;border-collapse:collapse;font:12px/1.35 sans-serif;color:#222}"
    ".ikz-table th,.ikz-table td{padding:3px 4px;text-align:left;vertical-align:top;"
    "border-bottom:1px solid #e3e3e3;overflow-wrap:break-word;hyphens:manual}"
    ".ikz-table thead th{color:#444;font-weight:600;border-bottom:1px solid #999}"
    ".ikz-table tbody th{font-weight:normal}"
    ".ikz-table .key{display:block;color:#666;font-size:11px;font-weight:normal}"
    ".ikz-table .num{text-align:right}"
)


@dataclass(frozen=True)
class ShownValue:
    """The map's indicator for the unit: its label, the value as shown, and (for a value,
    not for "nicht erhoben" and the like) where it comes from."""

    label: str
    display: str
    origin: str | None


def _e(text: object) -> str:
    return html.escape(str(text))


def _hyphenated(value: object) -> str:
    words = str(value).split(" ")
    return _e(" ".join(_SOFT_HYPHENS.get(word, word) for word in words))


def note(text: str) -> str:
    return f'<p class="note">{_e(text)}</p>'


def fact_lines(lines: Iterable[FactLine]) -> str:
    shown = "<br>".join(f"<strong>{_e(f.label)}:</strong> {_e(f.text)}" for f in lines)
    return f"<p>{shown}</p>" if shown else ""


def shown_value(value: ShownValue) -> str:
    """Label and value like a Streamlit metric (large figure), a long text as a line."""
    if len(value.display) <= 16:
        text = (
            f'<p class="value"><span class="l">{_e(value.label)}</span>'
            f'<span class="v">{_e(value.display)}</span></p>'
        )
    else:
        text = f"<p><strong>{_e(value.label)}:</strong> {_e(value.display)}</p>"
    return text + (note(f"Herkunft: {value.origin}") if value.origin else "")


def bars(rows: Iterable[tuple[str, int, str]], unit: str, name: str) -> str:
    """Small horizontal bars (label, count, colour); the numbers are text, so a screen
    reader reads a list of "label: n <unit>"."""
    rows = list(rows)
    peak = max((n for _, n, _ in rows), default=1) or 1
    items = "".join(
        f'<div class="ikz-bar" role="listitem"><span class="l" title="{_e(label)}">'
        f'{_e(label)}</span><span class="b" style="width:{100 * n / peak:.0f}%;'
        f'background:{_e(color)}"></span><span class="n">{n}<span class="u"> {_e(unit)}'
        "</span></span></div>"
        for label, n, color in rows
    )
    return f'<div class="ikz-bars" role="list" aria-label="{_e(name)}">{items}</div>'


def budget_bars(counts: pd.DataFrame) -> str:
    """Gemeinden per budget status, in the status colours."""
    rows = (
        (str(label), int(n), BUDGET_STATUS_COLORS[int(code) - 1])
        for code, label, n in counts[["code", "Status", "Anzahl"]].itertuples(index=False)
    )
    return bars(rows, "Gemeinden", "Gemeinden je Haushaltsstatus")


def count_bars(counts: Iterable[tuple[str, int]], name: str) -> str:
    """Uploaded activities per category (names from the file, escaped)."""
    return bars(((label, n, ACTIVITY_BAR_COLOR) for label, n in counts), "Aktivitäten", name)


def table(frame: pd.DataFrame) -> str:
    """A plain table made to fit the narrow column: small type, the key as a second line
    under the name instead of a column of its own, long words may break; wider content
    (names from an upload) scrolls in its frame rather than being cut off."""
    shown = frame.drop(columns=["Art"], errors="ignore")
    first, *others = shown.columns
    align = {c: ' class="num"' if pd.api.types.is_numeric_dtype(shown[c]) else "" for c in others}
    key_name = _e(shown.index.name or "Schlüssel")
    head = f'<th scope="col">{_hyphenated(first)}<span class="key">{key_name}</span></th>'
    head += "".join(f'<th scope="col"{align[c]}>{_hyphenated(c)}</th>' for c in others)
    rows = "".join(
        f'<tr><th scope="row">{_hyphenated(row[first])}<span class="key">{_e(key)}</span></th>'
        + "".join(f"<td{align[c]}>{_hyphenated(row[c])}</td>" for c in others)
        + "</tr>"
        for key, row in shown.iterrows()
    )
    return (
        "<div class='ikz-table-frame'><table class='ikz-table'>"
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>"
    )


def folded(summary: str, inner: str) -> str:
    """A part shown on demand (the browser's own disclosure: keyboard and screen reader
    work as with any <details>)."""
    return f"<details><summary>{_e(summary)}</summary><div>{inner}</div></details>"


def statements(lines: Iterable[str]) -> str:
    items = "".join(f"<li>{_e(line)}</li>" for line in lines)
    return f"<p><strong>Im Bericht:</strong></p><ul>{items}</ul>" if items else ""


def examples(lines: tuple[ExampleLine, ...]) -> str:
    if not lines:
        return ""
    inner = "".join(
        f"<p><strong>{_e(e.title)}</strong> ({_e(e.facts)})<br>"
        f'<span class="note">{_e(e.text)}</span></p>'
        for e in lines
    )
    return folded(f"Praxisbeispiele aus dem Bericht ({len(lines)})", inner)


def budget_heading() -> str:
    return f"<p><strong>{BUDGET_HEADING}</strong> {_e(BUDGET_ORIGIN)}</p>"


def own_budget(status: str, debt: str) -> str:
    """A Gemeinde's own budget status."""
    return f"{budget_heading()}<p>{_e(status)}<br>Überschuldung: {_e(debt)}</p>"


def members_budget(counts: pd.DataFrame, members: pd.DataFrame | None) -> str:
    """The Gemeinden of a unit per budget status, and their table."""
    return budget_heading() + budget_bars(counts) + (table(members) if members is not None else "")


def head(facts: UnitFacts, value: ShownValue | None) -> str:
    """The first block: name, what it is, the map's value and the IKZ figures."""
    parts = [
        f"<h3>{_e(facts.label)}</h3>",
        note(" · ".join(facts.context)),
        shown_value(value) if value is not None else "",
        fact_lines(facts.lines),
        note(facts.survey_note) if facts.survey_note else "",
    ]
    return block(parts)


def block(parts: Iterable[str]) -> str:
    return f'<div class="ikz-panel">{"".join(parts)}</div>'
