"""`render --group-by subject`: one node per subject, links between subjects counted; and the
collapsed fan-ins of the account view."""

from __future__ import annotations

import json
import shutil

import pytest

import topology
from tests.diagrams import (
    decode_safe_id,
    dot_attrs,
    dot_string,
    dot_to_svg,
    need_dot,
    parse_svg,
    render_cli,
    svg_groups,
)
from tests.helpers import ROOT, account, doc, link, subject
from topology.diagrams.aggregate import NO_SUBJECT, aggregate
from topology.diagrams.fanin import FAN_IN
from topology.diagrams.model import picture
from topology.diagrams.style import SEVERITY_COLOUR

HOSTILE = 'A"</TD><script>{}|\\%%{init} ]; x -> y'
# a: sub1, sub2, mpa (sub1 → mpa inside; a rejected sub2 → mpa, which counts nowhere)
# b: mpb, svc; m (individual): p, solo (a service account of an individual: WX201 error)
# no subject: q and its auxiliary x (WX303 warning, WX305 error)
GROUPS = doc(
    name="Agg", as_of="2026-11-25",
    subjects=[subject("a", name=HOSTILE), subject("b", name="B"), subject("m", "individual", name="M")],
    accounts=[account("sub1", "subscription", subject="a"), account("sub2", "subscription", subject="a"),
              account("mpa", "mini_program", subject="a"), account("mpb", "mini_program", subject="b"),
              account("svc", "service", subject="b"), account("p", "personal", subject="m"),
              account("solo", "service", subject="m"), account("q", "personal"), account("x", "auxiliary", primary="q")],
    links=[link("mini_program", "sub1", "mpa"), link("mini_program", "sub1", "mpb"), link("mini_program", "sub2", "mpb"),
           link("mini_program", "sub2", "mpa", status="rejected"), link("admin", "q", "sub1"), link("admin", "q", "svc"),
           link("admin", "p", "sub2")],
)


def agg_dot(document=GROUPS, lang: str = "en", **options) -> tuple[dict, list]:
    """(node id → attributes, [(source, target, attributes)]) of the aggregated DOT; every line parsed."""
    eco = topology.load(document)
    text = topology.render(eco, topology.validate(eco, lang=lang), format="dot", group_by="subject", lang=lang,
                           **options).decode()
    lines = text.split("\n")
    assert lines[0] == "digraph ecosystem {" and lines[-2:] == ["}", ""]
    nodes, edges = {}, []
    for line in lines[1:-2]:
        body = line.strip()
        if body.startswith(("graph [", "node [", "edge [")):
            continue
        name, rest = _token(body)
        if rest.startswith("-> "):
            target, rest = _token(rest[3:])
            edges.append((name, target, dot_attrs(rest[1:-1])))
        else:
            assert rest.startswith("[") and rest.endswith("]"), line
            assert name not in nodes
            nodes[name] = dot_attrs(rest[1:-1])
    return nodes, edges


def _token(text: str) -> tuple[str, str]:
    if text.startswith('"'):
        end = text.index('"', 1)
        assert "\\" not in text[1:end], "an id never needs escapes"
        return text[1:end], text[end + 1:].lstrip()
    name, _, rest = text.partition(" ")
    return name, rest


def test_counts_accounts_by_type_and_links_between_subjects():
    nodes, edges = agg_dot()
    nodes.pop("legend")
    assert set(nodes) == {"subject-a", "subject-b", "subject-m", NO_SUBJECT}
    label = {n: dot_string(a["label"]).split("\n") for n, a in nodes.items()}
    assert label["subject-a"][1:] == ["2 subscription accounts", "1 mini-program"]
    assert label["subject-b"][1:] == ["1 service account", "1 mini-program"]
    assert label["subject-m"] == ["M (individual)", "1 personal account", "1 service account", "1 error"]
    assert label[NO_SUBJECT] == ["no subject", "1 personal account", "1 auxiliary account", "1 error, 1 warning"]
    weights = {(s, t): (a["label"], float(a["penwidth"])) for s, t, a in edges}
    assert set(weights) == {("subject-a", "subject-b"), ("subject-m", "subject-a"), (NO_SUBJECT, "subject-a"),
                            (NO_SUBJECT, "subject-b")}  # the link inside a and the rejected one are no edge
    assert weights[("subject-a", "subject-b")][0] == "2" and weights[("subject-m", "subject-a")][0] == "1"
    assert weights[("subject-a", "subject-b")][1] > weights[("subject-m", "subject-a")][1]


def test_the_data_counts_inside_links_and_findings():
    eco = topology.load(GROUPS)
    a = aggregate(eco, topology.validate(eco))
    by_id = {g.id: g for g in a.groups}
    assert by_id["a"].inside == 1 and by_id["a"].types == {"subscription": 2, "mini_program": 1}
    assert by_id["a"].severity is None and by_id["m"].severity == "error" and by_id[None].findings == {"error": 1,
                                                                                                    "warning": 1}
    assert [(f.source, f.target, f.links) for f in a.flows] == [("a", "b", 2), ("m", "a", 1), (None, "a", 1),
                                                                (None, "b", 1)]


def test_a_subject_is_outlined_by_its_worst_finding():
    only_warning = doc(as_of="2026-11-25", subjects=[subject("w", "individual")],
                       accounts=[account("p", "personal", subject="w", wechat_pay_bound=True),
                                 account("x", "auxiliary", primary="p")])
    report = topology.validate(topology.load(only_warning))
    assert {f.severity for f in report.findings if f.account == "x"} >= {"warning"}
    assert "error" not in {f.severity for f in report.findings}
    nodes, _ = agg_dot(only_warning)
    assert nodes["subject-w"]["color"] == SEVERITY_COLOUR["warning"]
    assert "dashed" in nodes["subject-w"]["style"] and "finding-warning" in nodes["subject-w"]["class"]
    nodes, _ = agg_dot()
    assert nodes["subject-m"]["color"] == SEVERITY_COLOUR["error"] and "finding-error" in nodes["subject-m"]["class"]
    assert "color" not in nodes["subject-a"] and nodes["subject-a"]["class"] == "subject"


def test_hostile_subject_names_stay_labels_in_dot_svg_and_mermaid():
    nodes, edges = agg_dot()
    assert dot_string(nodes["subject-a"]["label"]).split("\n")[0] == f"{HOSTILE} (enterprise)"
    assert decode_safe_id("subject-a", "subject") == "a"
    eco = topology.load(GROUPS)
    mmd = topology.render(eco, topology.validate(eco), format="mmd", group_by="subject").decode()
    line = next(x for x in mmd.splitlines() if x.startswith("  subject_a["))
    assert "<" not in line.replace("<br/>", "") and '"' not in line[line.index('["') + 2:line.rindex('"]')]
    assert "%%" not in mmd and "-> y" not in mmd
    if shutil.which("dot"):
        svg = parse_svg(dot_to_svg(topology.render(eco, None, format="dot", group_by="subject")))
        ids = {g.get("id") for g in svg_groups(svg, "node")}
        assert {"subject-a", "subject-b", "subject-m", NO_SUBJECT} <= ids
        assert not any(el.tag.endswith("script") for el in svg.iter())


def test_chinese_words():
    nodes, _ = agg_dot(lang="zh")
    assert dot_string(nodes["subject-a"]["label"]).split("\n")[1:] == ["2 个订阅号", "1 个小程序"]
    assert dot_string(nodes[NO_SUBJECT]["label"]).split("\n")[0] == "无主体"


def test_deterministic_and_the_library_svg_call_of_the_report():
    eco = topology.load(ROOT / "samples" / "broken" / "caps.json")
    report = topology.validate(eco)
    first = topology.render(eco, report, format="dot", group_by="subject")
    assert first == topology.render(topology.load(ROOT / "samples" / "broken" / "caps.json"), report, format="dot",
                                    group_by="subject")
    need_dot()
    svg = parse_svg(topology.render(eco, report, format="svg", group_by="subject"))
    assert "subject-xianguo" in {g.get("id") for g in svg_groups(svg, "node")}


def test_only_findings_and_focus_group_what_the_view_keeps():
    nodes, _ = agg_dot(focus="q", depth=1)  # q administers sub1 (a) and svc (b)
    assert set(nodes) - {"legend"} == {"subject-a", "subject-b", NO_SUBJECT}
    nodes, _ = agg_dot(focus="p", depth=1, only_findings=True)  # p's neighbourhood: p, sub2; no findings there
    assert set(nodes) == set()
    nodes, _ = agg_dot(focus="x", depth=1, only_findings=True)  # x (its own findings) and q (named by them)
    assert set(nodes) - {"legend"} == {NO_SUBJECT}


def test_cli_group_by_subject(tmp_path):
    out = tmp_path / "caps.mmd"
    result = render_cli(str(ROOT / "samples" / "broken" / "caps.json"), "-o", str(out), "--group-by", "subject")
    assert result.returncode == 0, result.stderr.decode()
    assert "subject_xianguo[" in out.read_text(encoding="utf-8")


# -- collapsed fan-ins (the account view) ---------------------------------------------------
def fan(n: int, flagged: int = 0) -> dict:
    """n subscription accounts of subject s linking one mini-program; the first ``flagged`` of them
    list their link twice (a WX003 warning of their own)."""
    accounts = [account("mp", "mini_program", subject="s")]
    accounts += [account(f"o{i:02d}", "subscription", subject="s") for i in range(n)]
    links = [link("mini_program", f"o{i:02d}", "mp") for i in range(n)]
    links += [link("mini_program", f"o{i:02d}", "mp") for i in range(flagged)]
    return doc(as_of="2026-11-25", subjects=[subject("s", name="S12")], accounts=accounts, links=links)


def test_more_than_fan_in_interchangeable_accounts_draw_as_one_node():
    eco = topology.load(fan(37))
    p = picture(eco, topology.validate(eco), fan_in=FAN_IN)
    merged = [n for n in p.nodes if n.members]
    assert len(merged) == 1 and merged[0].label == "37 subscription accounts (S12)"
    assert merged[0].members == [f"o{i:02d}" for i in range(37)] and merged[0].id == "o00+36"
    assert [(e.source, e.target, e.index) for e in p.edges] == [("o00+36", "mp", 0)]
    assert len(picture(eco, topology.validate(eco), fan_in=None).nodes) == 38
    eco = topology.load(fan(FAN_IN))
    assert not any(n.members for n in picture(eco, topology.validate(eco), fan_in=FAN_IN).nodes)


def test_accounts_with_findings_stay_themselves():
    eco = topology.load(fan(20, flagged=3))
    report = topology.validate(eco)
    p = picture(eco, report, fan_in=FAN_IN)
    merged = [n for n in p.nodes if n.members]
    assert len(merged) == 1 and len(merged[0].members) == 17
    assert {"o00", "o01", "o02"} <= {n.id for n in p.nodes}


def test_collapsed_ids_are_deterministic_and_never_an_account_id():
    d = fan(15)
    d["accounts"].append(account("o00+14", "service", subject="s"))
    eco = topology.load(d)
    p = picture(eco, None, fan_in=FAN_IN)
    assert [n.id for n in p.nodes if n.members] == ["o00+14'"]
    assert topology.render(eco, None, format="dot", fan_in=FAN_IN) == topology.render(topology.load(d), None,
                                                                                       format="dot", fan_in=FAN_IN)


@pytest.mark.parametrize("n", [13, 40])
def test_the_cli_collapses_by_default_the_library_when_asked(tmp_path, n):
    path = tmp_path / "fan.json"
    path.write_text(json.dumps(fan(n)), encoding="utf-8")
    result = render_cli(str(path), "-o", "-", "-f", "dot")
    assert result.returncode == 0 and f"{n} subscription accounts".encode() in result.stdout
    assert b'id="acct-o01"' not in result.stdout
    every = render_cli(str(path), "-o", "-", "-f", "dot", "--fan-in", "0").stdout
    assert b'id="acct-o01"' in every
    eco = topology.load(fan(n))
    assert b'id="acct-o01"' in topology.render(eco, None, format="dot")  # the library draws every account
    assert b'id="acct-o01"' not in topology.render(eco, None, format="dot", fan_in=FAN_IN)
