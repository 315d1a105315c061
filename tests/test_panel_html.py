"""The detail panel's HTML blocks (``ikzmap.panel_html``): every figure of the unit's facts
is in them, as text; no text from a file or the data acts as markup."""

from __future__ import annotations

from html.parser import HTMLParser

import pandas as pd
import pytest

from ikzmap import details, panel_html
from ikzmap.published import load_published

HOSTILE = '<script>window.__x=1</script><img src=x onerror="y()">'


class _Parsed(HTMLParser):
    """Tags and visible text of an HTML fragment."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []
        self.feed(markup)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    @property
    def shown(self) -> str:
        return "".join(self.text).replace("\u00ad", "")


@pytest.mark.parametrize("key", ["05562", "05111", "055", "05562032", "05970"])
def test_the_blocks_carry_every_text_of_the_facts(atlas, key):
    facts = details.unit_facts(atlas, load_published(), key)
    head = _Parsed(panel_html.head(facts, None))
    assert head.tags[:2] == ["div", "h3"] and facts.label in head.shown
    for line in facts.lines:
        assert f"{line.label}: {line.text}" in head.shown
    if facts.survey_note:
        assert facts.survey_note in head.shown
    body = _Parsed(
        panel_html.block(
            (panel_html.statements(facts.statements), panel_html.examples(facts.examples))
        )
    )
    for statement in facts.statements:
        assert statement in body.shown
    for example in facts.examples:
        assert example.title in body.shown and example.text in body.shown


@pytest.mark.parametrize(
    ("part", "markup"),
    [
        ("label", lambda t: panel_html.shown_value(panel_html.ShownValue(t, "5", None))),
        ("value", lambda t: panel_html.shown_value(panel_html.ShownValue("x", t, None))),
        ("origin", lambda t: panel_html.shown_value(panel_html.ShownValue("x", "5", t))),
        ("line", lambda t: panel_html.fact_lines([details.FactLine(t, t)])),
        ("note", panel_html.note),
        ("statement", lambda t: panel_html.statements([t])),
        ("example", lambda t: panel_html.examples((details.ExampleLine(t, t, t),))),
        ("bar", lambda t: panel_html.count_bars([(t, 3)], t)),
        ("summary", lambda t: panel_html.folded(t, "")),
        ("own budget", lambda t: panel_html.own_budget(t, t)),
        ("cell", lambda t: panel_html.table(pd.DataFrame({"Name": [t]}, index=pd.Index([t])))),
    ],
)
def test_text_from_outside_stays_text(part, markup):
    parsed = _Parsed(markup(HOSTILE))
    assert "script" not in parsed.tags and "img" not in parsed.tags, part
    assert HOSTILE in parsed.shown, part  # shown as the characters it is


@pytest.mark.parametrize(
    ("display", "big"),
    [("453", True), ("nicht erhoben", True), ("12 (nicht erhoben – nur informativ)", False)],
)
def test_a_short_value_is_shown_large_a_long_one_as_a_line(display, big):
    markup = panel_html.shown_value(panel_html.ShownValue("IKZ-Aktivitäten", display, "amtlich"))
    assert ('class="v"' in markup) is big
    assert "Herkunft: amtlich" in _Parsed(markup).shown


def test_no_origin_for_a_value_that_is_not_one():
    markup = panel_html.shown_value(panel_html.ShownValue("IKZ", "nicht erhoben", None))
    assert "Herkunft" not in markup


def test_bars_are_a_list_whose_numbers_are_text_and_widths_relative_to_the_largest():
    markup = panel_html.count_bars([("Abfall", 4), ("IT", 2), ("Leer", 0)], "Aktivitäten je Feld")
    parsed = _Parsed(markup)
    assert 'role="list" aria-label="Aktivitäten je Feld"' in markup
    assert markup.count('role="listitem"') == 3
    assert [part.split(";")[0] for part in markup.split('style="')[1:]] == [
        "width:100%",
        "width:50%",
        "width:0%",
    ]
    assert "Abfall4 Aktivitäten" in parsed.shown and "Leer0 Aktivitäten" in parsed.shown


def test_no_bars_no_division_by_zero():
    assert 'role="listitem"' not in panel_html.count_bars([], "leer")
    assert "width:0%" in panel_html.count_bars([("A", 0)], "null")


def test_table_puts_the_key_under_the_name_and_may_break_long_words():
    frame = pd.DataFrame(
        {
            "Gemeinde": ["Castrop-Rauxel"],
            "Haushaltsstatus": ["2 fiktiv ausgeglichen"],
            "Aktivitäten": [12],
            "Art": ["Stadt"],
        },
        index=pd.Index(["05562004"], name="Schlüssel"),
    )
    markup = panel_html.table(frame)
    parsed = _Parsed(markup)
    assert '<th scope="row">Castrop-Rauxel<span class="key">05562004</span></th>' in markup
    assert "Haushalts\u00adstatus" in markup and "aus\u00adge\u00adglichen" in markup
    assert '<td class="num">12</td>' in markup  # numbers to the right
    assert "Stadt" not in parsed.shown  # the kind is left out (the name says it)


def test_folded_parts_are_the_browsers_own_disclosure():
    parsed = _Parsed(panel_html.folded("Kommunen in Kreis Unna", "<p>x</p>"))
    assert parsed.tags[:2] == ["details", "summary"]
    assert panel_html.examples(()) == "" and panel_html.statements([]) == ""


def test_the_panels_style_is_in_the_page_style():
    from ikzmap.ui.page_style import _STYLE

    assert panel_html.PANEL_CSS in _STYLE
