"""The legend explains everything drawn and nothing else: account types, link kinds, link states,
finding outlines by severity, badges and diff states, in DOT and Mermaid alike."""

from __future__ import annotations

import re

import pytest

import topology
from tests.diagrams import diff_golden, draw, findings_doc, mermaid_text, parse_dot, parse_mermaid
from tests.helpers import account, doc, link, subject
from topology.vocab import phrase, term

STATES = doc(  # one link of each state: linked, pending, rejected, unlinked
    subjects=[subject("s")],
    accounts=[account("news", "subscription", subject="s"), account("mp", "mini_program", subject="s"),
              account("mp2", "mini_program", subject="s"), account("mp3", "mini_program", subject="s"),
              account("mp4", "mini_program", subject="s")],
    links=[link("mini_program", "news", "mp"), link("mini_program", "news", "mp2", status="pending"),
           link("mini_program", "news", "mp3", status="rejected"),
           link("mini_program", "news", "mp4", linked_on="2024-01-01", unlinked_on="2025-01-01")],
)


def dot_entries(source: bytes) -> list[str]:
    return re.findall(r'<TD ALIGN="LEFT">([^<]*)</TD>', parse_dot(source).nodes["legend"]["label"])


def mermaid_entries(source: bytes) -> list[str]:
    return [mermaid_text(label) for _, label, _ in parse_mermaid(source).legend]


def _word(key: str, lang: str = "en") -> str:
    return phrase("diagram", key, lang)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_link_states_are_explained_when_drawn(lang):
    entries = dot_entries(draw(STATES, findings=False, lang=lang))
    assert entries == [term("account_type", "subscription", lang), term("account_type", "mini_program", lang),
                       _word("edge_mini_program", lang), _word("legend_pending", lang), _word("legend_inactive", lang)]
    mmd = mermaid_entries(draw(STATES, "mmd", findings=False, lang=lang))
    assert [e.split(" ", 1)[-1] if i >= 2 else e for i, e in enumerate(mmd)] == entries


def test_only_the_states_present():
    linked_only = {**STATES, "links": STATES["links"][:1]}
    entries = dot_entries(draw(linked_only, findings=False))
    assert _word("legend_pending") not in entries and _word("legend_inactive") not in entries
    pending_only = {**STATES, "links": STATES["links"][:2]}
    assert _word("legend_pending") in dot_entries(draw(pending_only, findings=False))
    assert _word("legend_inactive") not in dot_entries(draw(pending_only, findings=False))


def test_findings_add_their_outlines_and_the_badge():
    entries = dot_entries(draw(findings_doc()))
    tail = entries[-3:]
    assert tail == [_word("legend_error"), _word("legend_warning"), _word("legend_badge")]
    label = parse_dot(draw(findings_doc())).nodes["legend"]["label"]
    assert 'COLOR="#4A0000"' in label and 'STYLE="dashed"' in label  # samples drawn in the outline's own look
    mmd = parse_mermaid(draw(findings_doc(), "mmd"))
    classes = {name: cls for name, _, cls in mmd.legend}
    assert classes["legend_severity_error"] == "finding_error" and classes["legend_severity_warning"] == "finding_warning"
    assert mermaid_text(dict((n, t) for n, t, _ in mmd.legend)["legend_severity_error"]) == _word("legend_error_solid")


def test_only_the_severities_present():
    d = doc(subjects=[subject("me", "individual")], as_of="2026-11-25",
            accounts=[account("solo", "service", subject="me")])  # one error (WX201), no warning
    entries = dot_entries(draw(d))
    assert _word("legend_error") in entries and _word("legend_warning") not in entries
    plain = dot_entries(draw(d, findings=False))
    assert not {_word("legend_error"), _word("legend_badge")} & set(plain)
    assert not any(name.startswith("legend_severity") for name, _, _ in parse_mermaid(draw(d, "mmd", findings=False)).legend)


def test_diff_drawings_keep_their_states_and_explain_them():
    entries = dot_entries(diff_golden("diff.dot"))
    assert {_word("legend_added"), _word("legend_removed"), _word("legend_changed")} <= set(entries)
    assert _word("legend_error") not in entries  # a diff marks the new errors its own way
    mmd = mermaid_entries(diff_golden("diff.mmd"))
    assert _word("legend_added") in mmd and _word("legend_removed") in mmd


def test_the_legend_is_deterministic_and_the_same_in_both_renderers():
    eco = topology.load(findings_doc())
    report = topology.validate(eco)
    first = topology.render(eco, report, format="dot")
    assert first == topology.render(eco, report, format="dot")
    dot = dot_entries(first)
    mmd = mermaid_entries(topology.render(eco, report, format="mmd"))
    assert len(dot) == len(mmd)


def test_an_empty_picture_has_no_legend():
    assert parse_mermaid(draw(doc(name="empty"), "mmd")).legend == []
