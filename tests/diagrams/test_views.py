"""Views: --focus ID --depth N (the ego network), --only-findings, and the 1,500-account guard."""

from __future__ import annotations

import json

import pytest

import topology
from tests.diagrams import (
    ERROR,
    FIXED,
    decode_safe_id,
    dot_string,
    draw,
    findings_doc,
    mermaid_text,
    parse_dot,
    parse_mermaid,
    render_cli,
)
from tests.helpers import account, doc, link, subject
from topology.diagrams.model import MAX_ACCOUNTS, picture

# A chain x - p - news - mp - other - mp2, plus `lone`, which nothing links:
#   x is p's auxiliary (the primary edge counts as a hop); p administers news;
#   news and other both link mp; other links mp2.
CHAIN = doc(
    subjects=[subject("s"), subject("me", "individual")],
    accounts=[account("p", "personal", subject="me"), account("x", "auxiliary", primary="p"),
              account("news", "subscription", subject="s"), account("mp", "mini_program", subject="s"),
              account("other", "subscription", subject="s"), account("mp2", "mini_program", subject="s"),
              account("lone", "service", subject="s")],
    links=[link("admin", "p", "news"), link("mini_program", "news", "mp"), link("mini_program", "other", "mp"),
           link("mini_program", "other", "mp2")],
)


def drawn(source: bytes) -> tuple[set[str], set[tuple[str, str]]]:
    dot = parse_dot(source)
    nodes = {decode_safe_id(n) for n in dot.nodes if n not in FIXED}
    return nodes, {(decode_safe_id(s), decode_safe_id(t)) for s, t, _ in dot.edges}


@pytest.mark.parametrize("focus, depth, expected", [
    ("news", 0, {"news"}),
    ("news", 1, {"p", "news", "mp"}),  # neighbours either way along links
    ("news", 2, {"x", "p", "news", "mp", "other"}),
    ("news", 3, {"x", "p", "news", "mp", "other", "mp2"}),
    ("x", 1, {"x", "p"}),  # auxiliary → primary is a hop
    ("lone", 2, {"lone"}),
])
def test_focus_keeps_exactly_the_ego_network(focus, depth, expected):
    nodes, edges = drawn(draw(CHAIN, focus=focus, depth=depth))
    assert nodes == expected
    every = {(lk["source"], lk["target"]) for lk in CHAIN["links"]} | {("x", "p")}
    assert edges == {(s, t) for s, t in every if s in expected and t in expected}
    mmd = parse_mermaid(draw(CHAIN, "mmd", focus=focus, depth=depth))
    assert len(mmd.nodes) == len(expected) and len(mmd.edges) == len(edges)


def test_focus_drops_empty_clusters():
    dot = parse_dot(draw(CHAIN, focus="news", depth=0))
    assert list(dot.clusters) == ["cluster_subject-s"]


def test_unknown_focus_is_a_usage_error():
    with pytest.raises(topology.UsageError, match="no such account"):
        draw(CHAIN, focus="nobody")
    with pytest.raises(topology.UsageError):
        draw(CHAIN, focus="s")  # a subject, not an account


def one_error(with_error: bool = True) -> dict:
    """A document whose only finding is WX201 on `solo` (or, without it, no finding at all)."""
    accounts = [account("p", "personal", subject="me", phone_bound=True, wechat_pay_bound=True,
                        registered_on="2019-01-01"),
                account("news", "subscription", subject="s"), account("mp", "mini_program", subject="s")]
    links = [link("admin", "p", "news"), link("admin", "p", "mp"), link("mini_program", "news", "mp")]
    if with_error:
        accounts.append(account("solo", "service", subject="me"))
        links.append(link("admin", "p", "solo"))
    return doc(subjects=[subject("s"), subject("me", "individual")], as_of="2026-11-25", accounts=accounts,
               links=links)


def test_only_findings_keeps_the_accounts_findings_name():
    d = one_error()
    assert [f.rule for f in topology.validate(topology.load(d)).findings] == ["WX201"]
    nodes, edges = drawn(draw(d, only_findings=True))
    assert nodes == {"solo"} and edges == set()
    assert parse_dot(draw(d, only_findings=True)).nodes["acct-solo"]["color"] == ERROR


def test_only_findings_keeps_related_accounts_and_the_links_between_them():
    report = topology.validate(topology.load(findings_doc()))
    named = {f.account for f in report.findings} | {r for f in report.findings for r in f.related}
    nodes, edges = drawn(draw(findings_doc(), only_findings=True))
    assert nodes == named - {None}
    assert ("x", "p") in edges and ("news", "ghost") in edges


def test_only_findings_of_a_clean_document_draws_nothing_but_the_title():
    d = one_error(with_error=False)
    assert topology.validate(topology.load(d)).findings == []
    dot = parse_dot(draw(d, only_findings=True))
    assert dot.nodes == {} and dot.edges == [] and dot.clusters == {}
    assert dot_string(dot.graph["label"]).endswith("\nvalid (0 errors, 0 warnings)")


def test_only_findings_and_focus_combine():
    nodes, _ = drawn(draw(findings_doc(), focus="news", depth=1, only_findings=True))
    assert nodes == {"news", "mp", "ghost", "p"}


# -- the size guard -----------------------------------------------------------------------
def many(n: int) -> dict:
    return doc(subjects=[subject("s")], accounts=[account(f"mp{i:04d}", "mini_program", subject="s") for i in range(n)])


def test_the_guard_is_1500_accounts():
    assert MAX_ACCOUNTS == 1500
    eco = topology.load(many(MAX_ACCOUNTS + 1))
    with pytest.raises(topology.UsageError) as exc:
        picture(eco)
    assert "--focus" in str(exc.value) and "--only-findings" in str(exc.value)
    assert len(picture(eco, focus="mp0000", depth=0).nodes) == 1  # a view is counted by what it keeps
    assert len(picture(topology.load(many(MAX_ACCOUNTS))).nodes) == MAX_ACCOUNTS


def test_cli_refuses_1501_accounts_without_a_view(tmp_path):
    path = tmp_path / "big.json"
    path.write_text(json.dumps(many(1501)), encoding="utf-8")
    out = tmp_path / "big.dot"
    result = render_cli(str(path), "-o", str(out), "--format", "dot", "--no-findings")
    assert result.returncode == 2
    err = result.stderr.decode()
    assert "1501" in err and "--focus" in err and "--only-findings" in err and "Traceback" not in err
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["big.json"]


def test_cli_draws_exactly_1500_accounts(tmp_path):
    path = tmp_path / "big.json"
    path.write_text(json.dumps(many(1500)), encoding="utf-8")
    out = tmp_path / "big.dot"
    result = render_cli(str(path), "-o", str(out), "--fan-in", "0")  # 1,500 alike accounts: else one node
    assert result.returncode == 0, result.stderr.decode()
    assert len(set(parse_dot(out.read_bytes()).nodes) - FIXED) == 1500


def test_cli_focus_on_unknown_account_exits_2(tmp_path):
    path = tmp_path / "chain.json"
    path.write_text(json.dumps(CHAIN), encoding="utf-8")
    result = render_cli(str(path), "-o", str(tmp_path / "out.mmd"), "--focus", "nobody")
    assert result.returncode == 2
    assert "nobody" in result.stderr.decode() and "Traceback" not in result.stderr.decode()
    assert not (tmp_path / "out.mmd").exists()


def test_cli_focus_and_depth(tmp_path):
    path = tmp_path / "chain.json"
    path.write_text(json.dumps(CHAIN), encoding="utf-8")
    out = tmp_path / "out.mmd"
    result = render_cli(str(path), "-o", str(out), "--focus", "news", "--depth", "2")
    assert result.returncode == 0, result.stderr.decode()
    labels = {mermaid_text(n[0]) for n in parse_mermaid(out.read_bytes()).nodes.values()}
    assert labels == {"x", "p", "news", "mp", "other"}


@pytest.mark.parametrize("sid, depth, expected", [
    ("me", 0, {"p", "x"}),  # the auxiliary x is drawn in its primary's subject
    ("me", 1, {"p", "x", "news"}),
    ("s", 0, {"news", "mp", "other", "mp2", "lone"}),
    ("s", 1, {"news", "mp", "other", "mp2", "lone", "p"}),
])
def test_subject_keeps_its_accounts_and_their_neighbourhood(sid, depth, expected):
    nodes, _ = drawn(draw(CHAIN, subject=sid, depth=depth))
    assert nodes == expected


def test_subject_refuses_what_it_cannot_draw():
    with pytest.raises(topology.UsageError, match="no account belongs"):
        draw(CHAIN, subject="nobody")
    with pytest.raises(topology.UsageError, match="drop --focus"):
        draw(CHAIN, subject="s", focus="news")
    with pytest.raises(topology.UsageError, match="too many"):
        draw(CHAIN, subject="s", max_accounts=4)


def test_render_subject_from_the_command_line(tmp_path):
    out = tmp_path / "s.dot"
    done = render_cli("samples/broken/caps.json", "-o", str(out), "--subject", "kuaipao", "--depth", "0",
                      "--fan-in", "0")
    assert done.returncode == 0, done.stderr
    eco = topology.load("samples/broken/caps.json")
    nodes, _ = drawn(out.read_bytes())
    assert nodes == {a.id for a in eco.accounts if a.subject == "kuaipao"} != set()
