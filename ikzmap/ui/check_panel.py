"""The comparison of a dataset with the report's figures (ikzmap.consistency), for the
default data and for uploads alike."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import streamlit as st

from ikzmap.consistency import Finding, Severity, summary_text
from ikzmap.ui import lazy, loaders
from ikzmap.ui.markdown import md_escape

DEFAULT_CHECK: Final = "check_panel"  # the defaults' comparison, drawn only while open
MARKS = {Severity.OK: "✓ stimmt", Severity.DEVIATION: "✗ Abweichung", Severity.NOTE: "Hinweis"}


def render_findings(findings: Sequence[Finding], key: str) -> None:
    """Summary, the deviations, the notes, and every comparison on request. Each line says
    in words whether it agrees (colour is never the only sign)."""
    bad = [f for f in findings if f.severity is Severity.DEVIATION]
    (st.warning if bad else st.success)(
        f"Abgleich mit dem gpaNRW-Bericht: {summary_text(findings)}"
    )
    for finding in bad:
        st.markdown(f"- {md_escape(finding.text)}")
    for finding in findings:  # e.g. values of units not surveyed: not compared, said why
        if finding.severity is Severity.NOTE:
            st.caption(md_escape(finding.text))
    if st.toggle("Alle Vergleiche anzeigen", key=f"all_findings_{key}"):
        st.markdown("\n".join(f"- {MARKS[f.severity]}: {md_escape(f.text)}" for f in findings))


def render_default_check() -> None:
    """How the modelled defaults meet the report: every constraint, including the budget
    findings of 1.3.2 (met exactly, or by how much they miss)."""
    from ikzmap.model import METHOD_PARAGRAPH

    def content() -> None:
        st.markdown(md_escape(METHOD_PARAGRAPH))
        render_findings(loaders.findings(loaders.default_atlas()), "standard")

    lazy.expander(
        "Standardwerte im Abgleich mit dem gpaNRW-Bericht",
        DEFAULT_CHECK,
        content,
        keep=["all_findings_standard"],
    )
