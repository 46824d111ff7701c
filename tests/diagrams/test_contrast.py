"""Finding outlines stand out from every fill, by colour (WCAG contrast) and by line (width, dashes, rings)."""

from __future__ import annotations

import re

import pytest

from tests.diagrams import ERROR, WARNING, draw, findings_doc, need_dot, parse_dot, parse_mermaid, parse_svg, svg_groups
from topology.diagrams.style import (
    CLUSTER_FILL,
    MERMAID_OUTLINE,
    MIN_CONTRAST,
    NODE_STYLE,
    SEVERITY_COLOUR,
    SEVERITY_OUTLINE,
    contrast,
    fills,
)


def test_contrast_is_wcags_ratio():
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#777777", "#777777") == pytest.approx(1.0)
    assert contrast("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)  # the classic AA grey
    assert contrast("#D55E00", "#E69F00") < MIN_CONTRAST  # the old vermilion on the mini-program fill: why this test


def test_fills_are_every_fill_an_outline_borders():
    assert {f for _, f, _ in NODE_STYLE.values()} | {CLUSTER_FILL, "#FFFFFF"} <= set(fills())


@pytest.mark.parametrize("severity", sorted(SEVERITY_COLOUR))
@pytest.mark.parametrize("fill", fills())
def test_every_outline_colour_reaches_3_to_1_on_every_fill(severity, fill):
    assert MIN_CONTRAST >= 3.0
    assert contrast(SEVERITY_COLOUR[severity], fill) >= MIN_CONTRAST, (severity, fill)


def test_tests_check_the_colours_the_renderer_uses():
    assert (SEVERITY_COLOUR["error"], SEVERITY_COLOUR["warning"]) == (ERROR, WARNING)


def test_the_severities_differ_without_colour():
    """Width, rings and dashes: a greyscale print or a colour-blind reader still tells them apart."""
    error, warning = SEVERITY_OUTLINE["error"], SEVERITY_OUTLINE["warning"]
    assert error.get("peripheries") == "2" and "style" not in error
    assert warning.get("style") == "dashed" and "peripheries" not in warning
    plain_width = 1.2  # dot.py's node default
    assert float(error["penwidth"]) >= 2 * plain_width and float(warning["penwidth"]) >= 2 * plain_width
    assert MERMAID_OUTLINE["error"] != MERMAID_OUTLINE["warning"] and "dasharray:8" in MERMAID_OUTLINE["warning"]


def test_dot_draws_the_outline_of_each_severity():
    dot = parse_dot(draw(findings_doc()))
    solo, x, p = dot.nodes["acct-solo"], dot.nodes["acct-x"], dot.nodes["acct-p"]
    assert (solo["color"], solo["peripheries"], solo["style"]) == (ERROR, "2", "filled")
    assert (x["color"], x["style"], x["penwidth"]) == (WARNING, "filled,dashed", "3.5")  # auxiliary: dashed, thicker
    assert "peripheries" not in p and "color" not in p
    edges = {a["id"]: a for _, _, a in dot.edges}
    assert float(edges["link-4"]["penwidth"]) > float(edges["link-1"]["penwidth"])  # error links drawn wider


def test_svg_error_has_two_rings_and_warning_dashes():
    need_dot()
    nodes = {g.get("id"): g for g in svg_groups(parse_svg(draw(findings_doc(), "svg")), "node")}
    rings = [el for el in nodes["acct-solo"].iter() if (el.get("stroke") or "").upper() == ERROR]
    assert len(rings) == 2
    dashed = [el for el in nodes["acct-x"].iter() if (el.get("stroke") or "").upper() == WARNING]
    assert dashed and all(el.get("stroke-dasharray") for el in dashed)


def test_mermaid_outline_classes():
    source = draw(findings_doc(), "mmd").decode()
    parse_mermaid(source)
    assert re.search(rf"classDef finding_error stroke:{ERROR},stroke-width:6px", source)
    assert re.search(rf"classDef finding_warning stroke:{WARNING},stroke-width:4px,stroke-dasharray:8 4", source)
