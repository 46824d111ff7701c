"""``topology.diff`` / ``wxtopo diff``: what changed between two versions, its findings and its drawing.

Matching: subjects and accounts by id, links by (kind, source, target) then ``linked_on``
then order, findings by (rule, account | subject | related) with multiplicity. The drawing
is the union of both versions in the renderer's look, marked added / removed / changed /
new error; every output is deterministic and escapes every name.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

import topology
from tests.diagrams import (
    DIFF_GOLDENS,
    ERROR,
    FIXED,
    GOLDEN,
    UPDATE,
    assert_inert_svg,
    decode_safe_id,
    diff_golden,
    dot_to_svg,
    mermaid_text,
    need_dot,
    parse_dot,
    parse_mermaid,
    parse_svg,
    svg_groups,
    svg_tooltip,
)
from tests.formats import run_cli
from tests.helpers import ROOT, account, doc, link, subject, wxtopo
from topology.diagrams.diff import render_diff
from topology.diagrams.model import MAX_ACCOUNTS
from topology.diagrams.style import DIFF_COLOUR
from topology.formats.diff import render as render_report

BEFORE = "samples/diff/before.json"
AFTER = "samples/diff/after.json"


def base(**top) -> dict:
    """A small valid ecosystem: a person administering a subscription account and a mini-program."""
    parts = {
        "as_of": "2026-11-25",
        "subjects": [subject("acme", name="Acme Ltd"), subject("li", "individual", name="Li")],
        "accounts": [account("li", "personal", subject="li", registered_on="2015-01-01", wechat_pay_bound=True),
                     account("news", "subscription", subject="acme", name="Acme News"),
                     account("shop", "mini_program", subject="acme", name="Acme Shop")],
        "links": [link("mini_program", "news", "shop", linked_on="2024-01-01"),
                  link("admin", "li", "news"), link("admin", "li", "shop")],
    }
    parts.update(top)
    return doc(**parts)


def changed(section, ident):
    (c,) = [c for c in section.changed if c.id == ident]
    return c


def cli(*args: str) -> tuple[int, bytes, bytes]:
    return run_cli(["diff", *args])


# -- subjects, accounts, links --------------------------------------------------------------
def test_identical_documents_give_an_empty_diff():
    d = topology.diff(base(), base())
    assert d.empty and d.exit_code() == 0
    assert not (d.subjects or d.accounts or d.links)
    assert d.introduced == [] and d.fixed == [] and d.unchanged_count == len(d.new_report.findings)
    data = d.to_dict()
    assert data["counts"]["accounts"] == {"added": 0, "removed": 0, "changed": 0}
    assert data["findings"] == {"introduced": [], "worsened": [], "eased": [], "fixed": [], "gone": [],
                                "unchanged_count": d.unchanged_count}


def test_identical_documents_exit_0():
    code, out, err = cli(BEFORE, BEFORE)
    assert code == 0 and err == b""
    assert "no change" in out.decode() and "no new error" in out.decode()


def test_accounts_added_removed_and_changed():
    old = base()
    new = base(accounts=[old["accounts"][0],
                         account("news", "subscription", subject="acme", name="Acme Daily", verified=True),
                         account("care", "service", subject="acme")])
    d = topology.diff(old, new)
    assert [(c.id, c.pointer) for c in d.accounts.added] == [("care", "/accounts/2")]
    assert [(c.id, c.pointer) for c in d.accounts.removed] == [("shop", "/accounts/2")]  # OLD's pointer
    news = changed(d.accounts, "news")
    assert news.fields == {"name": ("Acme News", "Acme Daily"), "verified": (False, True)}
    assert not news.type_changed
    assert news.to_dict() == {"id": "news", "type": "subscription", "name": "Acme Daily", "pointer": "/accounts/1",
                              "old_pointer": "/accounts/1", "type_changed": False,
                              "fields": {"name": ["Acme News", "Acme Daily"], "verified": [False, True]}}


def test_a_default_written_out_is_no_change():
    old = base()
    new = base()
    new["accounts"][1]["verified"] = False  # the default, now explicit
    new["accounts"].reverse()  # order is no change either
    assert topology.diff(old, new).empty


def test_subjects_added_removed_and_changed():
    old = base()
    new = base(subjects=[subject("acme", "enterprise", name="Acme Group"), subject("li", "individual", name="Li"),
                         subject("beta", "media")])
    old["subjects"].append(subject("gone", "government"))
    d = topology.diff(old, new)
    assert [c.id for c in d.subjects.added] == ["beta"]
    assert [c.id for c in d.subjects.removed] == ["gone"]
    assert changed(d.subjects, "acme").fields == {"name": ("Acme Ltd", "Acme Group")}


def test_links_added_removed_and_changed():
    old = base()
    new = base(links=[link("mini_program", "news", "shop", linked_on="2024-01-01", priority=2, pinned=True),
                      link("admin", "li", "news"), link("promotes", "news", "shop")])
    d = topology.diff(old, new)
    assert [c.to_dict() for c in d.links.added] == [
        {"kind": "promotes", "source": "news", "target": "shop", "linked_on": None, "pointer": "/links/2"}]
    assert [(c.id, c.pointer) for c in d.links.removed] == [("admin:li→shop", "/links/2")]
    (c,) = d.links.changed
    assert c.fields == {"priority": (1, 2), "pinned": (False, True)}


def test_relinking_is_history_not_a_change_of_the_old_record():
    """Unlinked, then linked again: the old record changed (unlinked_on), the relink is added."""
    old = base()
    new = base(links=[link("mini_program", "news", "shop", linked_on="2024-01-01", unlinked_on="2026-10-01"),
                      link("admin", "li", "news"), link("admin", "li", "shop"),
                      link("mini_program", "news", "shop", linked_on="2026-11-15")])
    d = topology.diff(old, new)
    assert [(c.state, c.pointer, c.fields) for c in d.links.changed] == [
        ("changed", "/links/0", {"unlinked_on": (None, "2026-10-01")})]
    assert [(c.to_dict()["linked_on"], c.pointer) for c in d.links.added] == [("2026-11-15", "/links/3")]
    assert not d.links.removed


def test_records_of_one_triple_pair_by_linked_on_whatever_their_order():
    triple = ("mini_program", "news", "shop")
    old = base(links=[link(*triple, linked_on="2024-01-01", unlinked_on="2024-06-01"),
                      link(*triple, linked_on="2025-01-01")])
    new = base(links=[link(*triple, linked_on="2025-01-01", priority=5),
                      link(*triple, linked_on="2024-01-01", unlinked_on="2024-06-01")])
    d = topology.diff(old, new)
    assert not d.links.added and not d.links.removed
    (c,) = d.links.changed
    assert (c.old_pointer, c.pointer, c.fields) == ("/links/1", "/links/0", {"priority": (1, 5)})


def test_a_date_filled_in_is_a_change_two_different_dates_are_two_links():
    filled = topology.diff(base(links=[link("mini_program", "news", "shop")]),
                           base(links=[link("mini_program", "news", "shop", linked_on="2024-01-01")]))
    assert [c.fields for c in filled.links.changed] == [{"linked_on": (None, "2024-01-01")}]
    moved = topology.diff(base(links=[link("mini_program", "news", "shop", linked_on="2024-01-01")]),
                          base(links=[link("mini_program", "news", "shop", linked_on="2024-02-01")]))
    assert not moved.links.changed
    assert [c.to_dict()["linked_on"] for c in moved.links.removed] == ["2024-01-01"]
    assert [c.to_dict()["linked_on"] for c in moved.links.added] == ["2024-02-01"]


# -- findings ---------------------------------------------------------------------------------
def test_type_change_is_flagged_and_brings_wx601():
    new = base()
    new["accounts"][1]["type"] = "service"
    d = topology.diff(base(), new)
    c = changed(d.accounts, "news")
    assert c.type_changed and c.fields["type"] == ("subscription", "service")
    assert c.to_dict()["type_changed"] is True
    wx601 = [f for f in d.introduced if f.rule == "WX601"]
    assert [(f.account, f.severity, f.pointer) for f in wx601] == [("news", "error", "/accounts/1")]
    assert d.exit_code() == 1
    assert "WX601" in render_report(d, "text") and "type changed" in render_report(d, "text")


def test_findings_match_by_rule_and_account_with_multiplicity():
    """Two WX001 on `news` before, three after: one introduced, the one naming the new ghost."""
    ghosts = [link("mini_program", "news", g) for g in ("ghost-1", "ghost-2")]
    old = base(links=base()["links"] + ghosts)
    new = base(links=base()["links"] + ghosts + [link("mini_program", "news", "ghost-3")])
    d = topology.diff(old, new)
    assert [(f.rule, f.account, f.related) for f in d.introduced] == [("WX001", "news", ("ghost-3",))]
    assert d.fixed == []
    assert d.unchanged_count == sum(1 for f in d.old_report.findings)


def test_findings_fixed_and_still_there():
    old = base(links=base()["links"] + [link("mini_program", "news", g) for g in ("ghost-1", "ghost-2")])
    new = base(links=base()["links"] + [link("mini_program", "news", "ghost-2")])
    d = topology.diff(old, new)
    assert [(f.rule, f.related, f.pointer) for f in d.fixed] == [("WX001", ("ghost-1",), "/links/3/target")]
    assert d.introduced == [] and d.exit_code() == 0
    assert d.to_dict()["findings"]["unchanged_count"] == d.unchanged_count >= 1


def test_a_finding_whose_count_grew_is_worsened_not_fixed_and_introduced():
    """WX102 observed 2 then 3 on the same account: the same finding, worsened (exit 1)."""
    def with_minis(n):
        accounts = base()["accounts"] + [account(f"m{i}", "mini_program", subject="acme") for i in range(n)]
        links = base()["links"] + [link("mini_program", "news", f"m{i}") for i in range(n)]
        return base(accounts=accounts, links=links)

    d = topology.diff(with_minis(1), with_minis(2), overrides={"max_same_subject_mini_programs": 1})
    assert [f.rule for f in d.old_report.findings if f.rule == "WX102"] == ["WX102"]
    assert not [f for f in d.introduced + d.fixed if f.rule == "WX102"]
    assert [(f.rule, f.observed, b.observed) for f, b in d.worsened] == [("WX102", 3, 2)] and d.exit_code() == 1


def test_introduced_error_exits_1_and_a_warning_alone_exits_0():
    code, out, _ = cli(BEFORE, AFTER)
    assert code == 1
    assert b"WX601" in out and b"WX501" in out
    warned = base(links=base()["links"] + [link("admin", "li", "news")])  # WX003 duplicate-link: a warning
    d = topology.diff(base(), warned)
    assert [f.severity for f in d.introduced] == ["warning"] and d.exit_code() == 0


# -- the command line -------------------------------------------------------------------------
def test_json_shape():
    code, out, err = cli(BEFORE, AFTER, "--format", "json")
    assert code == 1 and err == b""
    data = json.loads(out)
    assert list(data) == ["schema_version", "tool", "old", "new", "ruleset", "as_of", "valid", "subjects",
                          "accounts", "links", "findings", "counts"]
    assert (data["old"], data["new"]) == (BEFORE, AFTER)
    assert data["ruleset"]["name"] == "seed" and data["as_of"] == {"old": "2026-10-25", "new": "2026-11-25"}
    for what in ("subjects", "accounts", "links"):
        assert list(data[what]) == ["added", "removed", "changed"]
        assert data["counts"][what] == {k: len(v) for k, v in data[what].items()}
        for entry in data[what]["changed"]:
            assert entry["fields"] and all(len(v) == 2 for v in entry["fields"].values())
            assert entry["pointer"].startswith(f"/{what}/") and entry["old_pointer"].startswith(f"/{what}/")
    assert list(data["findings"]) == ["introduced", "worsened", "eased", "fixed", "gone", "unchanged_count"]
    assert [f["rule"] for f in data["findings"]["introduced"]] == ["WX501", "WX601"]
    assert [f["rule"] for f in data["findings"]["fixed"]] == ["WX308"]
    assert data["counts"]["findings"] == {"introduced": 2, "worsened": 0, "eased": 0, "fixed": 1, "gone": 0,
                                          "unchanged": 0, "introduced_errors": 2, "failing_errors": 2}
    news = next(a for a in data["accounts"]["changed"] if a["id"] == "mx-news")
    assert news["type_changed"] is True and news["fields"]["type"] == ["subscription", "service"]
    assert [a["id"] for a in data["accounts"]["added"]] == ["mx-gift", "wang-lei"]  # sorted by id


def test_ruleset_options_reach_both_documents(tmp_path):
    rules = tmp_path / "rules.json"
    rules.write_text('{"base": "seed", "parameters": {"max_same_subject_mini_programs": 0}}', encoding="utf-8")
    for options in (["--set", "max_same_subject_mini_programs=0"], ["--ruleset", str(rules)]):
        code, out, _ = cli(BEFORE, AFTER, "--format", "json", *options)
        data = json.loads(out)
        assert data["ruleset"]["parameters"]["max_same_subject_mini_programs"] == 0
        assert not [f for f in data["findings"]["introduced"] + data["findings"]["fixed"] if f["rule"] == "WX102"]
        same = data["findings"]["unchanged_count"] + len(data["findings"]["worsened"]) + len(data["findings"]["eased"])
        assert same >= 2  # WX102 on mx-news and mx-member, before and after: matched, not introduced or fixed
    code, out, _ = cli(BEFORE, AFTER, "--format", "json", "--as-of", "2027-01-01")
    assert json.loads(out)["as_of"] == {"old": "2027-01-01", "new": "2027-01-01"}
    code, _, err = cli(BEFORE, AFTER, "--as-of", "tomorrow")
    assert code == 2 and b"invalid date" in err
    code, _, err = cli(BEFORE, AFTER, "--set", "no_such_key=1")
    assert code == 2 and b"no_such_key" in err


def test_lang_zh_labels_and_messages():
    code, out, _ = cli(BEFORE, AFTER, "--lang", "zh")
    text = out.decode()
    assert code == 1
    assert "账号：2 新增，1 已删除，3 已更改" in text and "类型被更改" in text and "一经注册不可更改类型" in text
    md = cli(BEFORE, AFTER, "--lang", "zh", "--format", "markdown")[1].decode()
    assert "### 账号" in md and "### 新出现的发现" in md


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_an_unreadable_document_exits_2(tmp_path, fmt):
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": 1, "accounts": [{"id": "x", "type": "robot"}]}', encoding="utf-8")
    code, out, err = cli(BEFORE, str(bad), "--format", fmt)
    assert code == 2
    if fmt == "json":
        report = json.loads(out)
        assert report["document"] == str(bad) and report["valid"] is False and report["errors"]
        assert err == b""
    else:
        assert out == b"" and b"robot" in err and b"Traceback" not in err


def test_two_unreadable_documents_are_one_json_array(tmp_path):
    missing = str(tmp_path / "nope.json")
    code, out, _ = cli(missing, missing + "2", "--format", "json")
    assert code == 2
    assert [r["document"] for r in json.loads(out)] == [missing, missing + "2"]


def test_stdin_can_be_read_once():
    code, _, err = cli("-", "-")
    assert code == 2 and b"only once" in err


def test_output_is_drawn_atomically_and_inputs_stay_untouched(tmp_path):
    old = Path(shutil.copy(ROOT / BEFORE, tmp_path / "before.json"))
    new = Path(shutil.copy(ROOT / AFTER, tmp_path / "after.json"))
    snapshot = (old.read_bytes(), new.read_bytes())
    out = tmp_path / "diff.mmd"
    out.write_text("stale", encoding="utf-8")
    code, stdout, err = cli(str(old), str(new), "-o", str(out))
    assert code == 1 and err == b"" and b"WX601" in stdout  # the report still goes to stdout
    parse_mermaid(out.read_bytes())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["after.json", "before.json", "diff.mmd"]
    assert (old.read_bytes(), new.read_bytes()) == snapshot


@pytest.mark.parametrize("which", ["old", "new"])
def test_output_refuses_to_overwrite_an_input(tmp_path, which):
    old = Path(shutil.copy(ROOT / BEFORE, tmp_path / "old.dot"))  # a document may have any suffix
    new = Path(shutil.copy(ROOT / AFTER, tmp_path / "new.dot"))
    snapshot = (old.read_bytes(), new.read_bytes())
    code, out, err = cli(str(old), str(new), "-o", str(old if which == "old" else new))
    assert code == 2 and out == b"" and b"overwrite" in err
    assert (old.read_bytes(), new.read_bytes()) == snapshot


def test_unknown_drawing_suffix_is_a_usage_error(tmp_path):
    code, out, err = cli(BEFORE, AFTER, "-o", str(tmp_path / "diff.txt"))
    assert code == 2 and out == b"" and b".svg" in err
    assert list(tmp_path.iterdir()) == []


def test_too_many_accounts_to_draw(tmp_path):
    people = [account(f"p{i}", "personal") for i in range(MAX_ACCOUNTS + 1)]
    big = tmp_path / "big.json"
    big.write_text(json.dumps(doc(as_of="2026-11-25", accounts=people)), encoding="utf-8")
    code, out, err = cli(str(big), str(big), "-o", str(tmp_path / "d.dot"))
    assert code == 2 and out == b""  # nothing printed when the drawing is refused
    assert f"{MAX_ACCOUNTS + 1} accounts".encode() in err and str(MAX_ACCOUNTS).encode() in err
    assert not (tmp_path / "d.dot").exists()
    code, out, _ = cli(str(big), str(big))  # the report has no limit
    assert code == 0 and b"no change" in out


@pytest.mark.parametrize("fmt", ["json", "text", "markdown"])
def test_output_is_byte_identical_across_runs_and_hash_seeds(fmt):
    runs = [wxtopo("diff", BEFORE, AFTER, "--format", fmt, env={"PYTHONHASHSEED": seed}) for seed in ("0", "1")]
    assert runs[0].returncode == runs[1].returncode == 1
    assert runs[0].stdout == runs[1].stdout == cli(BEFORE, AFTER, "--format", fmt)[1]


def test_drawings_are_byte_identical_across_runs(tmp_path):
    for suffix in ("dot", "mmd"):
        outs = []
        for seed in ("0", "1"):
            out = tmp_path / f"{seed}.{suffix}"
            assert wxtopo("diff", BEFORE, AFTER, "-o", str(out), env={"PYTHONHASHSEED": seed}).returncode == 1
            outs.append(out.read_bytes())
        assert outs[0] == outs[1]


def test_public_api():
    assert "diff" in topology.__all__
    from topology.planner.diff import diff

    assert topology.diff is diff


# -- the drawing ------------------------------------------------------------------------------
@pytest.mark.parametrize("name", DIFF_GOLDENS)
def test_drawing_matches_golden_byte_for_byte(name):
    path = GOLDEN / name
    assert path.exists(), f"{path} is missing: {UPDATE}"
    assert diff_golden(name) == path.read_bytes(), f"tests/diagrams/golden/{name} is stale: {UPDATE}"


def sample_dot():
    return parse_dot(render_diff(topology.diff(ROOT / BEFORE, ROOT / AFTER), "dot"))


def test_dot_marks_each_state():
    dot = sample_dot()
    nodes = {decode_safe_id(n): a for n, a in dot.nodes.items() if n not in FIXED}
    assert set(nodes) == {"zhou-min", "zhou-min-shop", "wang-lei", "mx-news", "mx-member", "mx-order", "mx-cake",
                          "mx-gift", "mx-coupon", "mx-team"}  # the union of both versions
    assert nodes["mx-gift"]["class"] == "type-mini_program diff-added"
    assert nodes["mx-gift"]["color"] == DIFF_COLOUR["added"]
    assert nodes["mx-coupon"]["class"] == "type-mini_program diff-removed"
    assert nodes["mx-coupon"]["style"] == "filled,dashed" and nodes["mx-coupon"]["color"] == DIFF_COLOUR["removed"]
    assert nodes["mx-team"]["color"] == DIFF_COLOUR["changed"] and "changed: name" in nodes["mx-team"]["label"]
    # a changed account with a new error: red wins the outline, both classes stay
    assert nodes["mx-news"]["class"] == "type-service diff-changed finding-new-error"
    assert nodes["mx-news"]["color"] == ERROR
    assert "WX601" in nodes["mx-news"]["tooltip"] and "subscription" in nodes["mx-news"]["tooltip"]
    assert "class" not in nodes["mx-member"] or nodes["mx-member"]["class"] == "type-service"  # unchanged: plain
    edges = {attrs["id"]: attrs for _, _, attrs in dot.edges}
    assert edges["old-link-3"]["class"] == "diff-removed" and edges["old-link-3"]["style"] == "dashed"
    assert edges["link-3"]["class"] == "diff-changed"  # OLD's /links/3 and NEW's are different links
    assert edges["link-13"]["class"] == "diff-added finding-new-error" and edges["link-13"]["color"] == ERROR
    assert "class" not in edges["link-2"]
    assert dot.clusters["cluster_subject-maixiang"]["class"] == "diff-changed"
    legend = dot.nodes["legend"]["label"]
    assert all(word in legend for word in ("added (only in NEW)", "removed (only in OLD)", "changed", "new error"))


def test_svg_carries_ids_and_classes():
    need_dot()
    root = parse_svg(render_diff(topology.diff(ROOT / BEFORE, ROOT / AFTER), "svg"))
    assert_inert_svg(root)
    classes = {g.get("id"): (g.get("class") or "").split() for g in root.iter("{http://www.w3.org/2000/svg}g")}
    assert {"node", "diff-added"} <= set(classes["acct-mx-gift"])
    assert {"node", "diff-removed"} <= set(classes["acct-mx-coupon"])
    assert {"node", "diff-changed", "finding-new-error"} <= set(classes["acct-mx-news"])
    assert {"edge", "diff-added", "finding-new-error"} <= set(classes["link-13"])
    assert {"edge", "diff-removed"} <= set(classes["old-link-8"])
    edges = {g.get("id"): g for g in svg_groups(root, "edge")}
    assert "WX501" in svg_tooltip(edges["link-13"])
    assert any((el.get("stroke") or "").upper() == ERROR for el in edges["link-13"].iter())


def test_mermaid_marks_each_state():
    mmd = parse_mermaid(render_diff(topology.diff(ROOT / BEFORE, ROOT / AFTER), "mmd"))
    assert mmd.classes == {"diff_added": ["acct_mx_2d_gift", "acct_wang_2d_lei"],
                           "diff_removed": ["acct_mx_2d_coupon"],
                           "diff_changed": ["acct_mx_2d_news", "acct_mx_2d_team", "acct_zhou_2d_min_2d_shop"],
                           "finding_new_error": ["acct_mx_2d_news"]}
    assert "diff_added" in mmd.class_defs and "finding_new_error" in mmd.class_defs
    assert mermaid_text(mmd.nodes["acct_mx_2d_coupon"][1]) == "mini-program · removed"
    assert mermaid_text(mmd.status).startswith("subjects ~1, accounts +2 −1 ~3")


def test_zh_drawing():
    dot = parse_dot(render_diff(topology.diff(ROOT / BEFORE, ROOT / AFTER, lang="zh"), "dot"))
    assert "新增" in dot.nodes["acct-mx-gift"]["label"] and "图例" in dot.nodes["legend"]["label"]


def test_drawing_a_diff_refuses_bad_options():
    d = topology.diff(base(), base())
    for options in ({"format": "gif"}, {"layout": "circo"}, {"lang": "fr"}):
        with pytest.raises(topology.UsageError):
            render_diff(d, **{"format": "dot", **options})
    with pytest.raises(topology.UsageError, match="too many"):
        render_diff(d, format="dot", max_accounts=2)


# -- ids named but not defined (placeholders) ------------------------------------------------
def dangling(*links: dict, ghost: dict | None = None) -> dict:
    """base() plus extra links (which may name the undefined id ``ghost``) and, optionally, ``ghost`` itself."""
    d = base()
    d["accounts"] += [ghost] if ghost else []
    d["links"] += list(links)
    return d


FROM_GHOST = link("mini_program", "ghost", "shop")
TO_GHOST = link("admin", "li", "ghost")
GHOST = account("ghost", "subscription", subject="acme")
GHOST_PRIMARY = account("li-work", "auxiliary", primary="ghost")  # a dangling primary: a placeholder too

#: (OLD, NEW, the state the ghost node is drawn in)
PLACEHOLDERS = {
    "source-only-in-old": (dangling(FROM_GHOST), base(), "removed"),
    "target-only-in-old": (dangling(TO_GHOST), base(), "removed"),
    "primary-only-in-old": (dangling(ghost=GHOST_PRIMARY), base(), "removed"),
    "only-in-new": (base(), dangling(FROM_GHOST), "added"),
    "defined-then-dangling": (dangling(FROM_GHOST, ghost=GHOST), dangling(FROM_GHOST), "removed"),
    "dangling-then-defined": (dangling(FROM_GHOST), dangling(FROM_GHOST, ghost=GHOST), "added"),
    "dangling-in-both": (dangling(FROM_GHOST), dangling(TO_GHOST), None),
}


@pytest.mark.parametrize("case", PLACEHOLDERS)
def test_an_undefined_id_on_either_side_is_drawn(case):
    # A fuzzer found `wxtopo diff OLD NEW -o d.mmd` crashing when only OLD named an undefined id.
    old, new, state = PLACEHOLDERS[case]
    d = topology.diff(old, new)
    dot = parse_dot(render_diff(d, "dot"))
    ghost = dot.nodes["acct-ghost"]
    assert ghost["class"].split()[1:] == ([f"diff-{state}"] if state else [])
    mmd = parse_mermaid(render_diff(d, "mmd"))
    assert "acct_ghost" in mmd.nodes
    assert ("acct_ghost" in mmd.classes.get(f"diff_{state}", [])) if state else not any(
        "acct_ghost" in ids for cls, ids in mmd.classes.items() if cls.startswith("diff_"))


def test_an_account_only_old_defines_is_drawn_as_it_was():
    old, new, _ = PLACEHOLDERS["defined-then-dangling"]
    dot = parse_dot(render_diff(topology.diff(old, new), "dot"))
    assert dot.nodes["acct-ghost"]["class"] == "type-subscription diff-removed"
    assert "acct-ghost" in dot.members["cluster_subject-acme"]  # in its subject's cluster, not loose


def test_an_undefined_id_only_in_old_draws_through_the_cli_and_graphviz(tmp_path):
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(json.dumps(PLACEHOLDERS["source-only-in-old"][0]), encoding="utf-8")
    new.write_text(json.dumps(base()), encoding="utf-8")
    for suffix in ("mmd", "dot"):
        code, _, err = cli(str(old), str(new), "-o", str(tmp_path / f"d.{suffix}"))
        assert code in (0, 1) and err == b"", err
    need_dot()
    assert_inert_svg(parse_svg(render_diff(topology.diff(old, new), "svg")))


# -- hostile names ----------------------------------------------------------------------------
# (ids may not hold line breaks: the document's name does)
NASTY = ['say "hi" | pipe', "back\\slash \\N", "two  lines", "<script>alert(1)</script>", "*bold* _it_ `code`",
         "[link](javascript:alert(1))", '%%{init: {"theme":"dark"}}%%', "A-->B", "end", "# heading", "&amp; &lt;",
         '"];x[label="pwn"];y -> z [', "暖芽母婴·社群（测试）"]


def hostile_pair() -> tuple[dict, dict]:
    off = "off|\\"
    old = doc(as_of="2026-11-25", name='old "<b>" | %%{init}%%',
              subjects=[subject(NASTY[0], name=NASTY[3]), subject("gone|x", "media", name=NASTY[4])],
              accounts=[account(n, "mini_program", subject=NASTY[0], name=NASTY[-1 - i])
                        for i, n in enumerate(NASTY[:6])]
              + [account(off, "subscription", subject=NASTY[0], name=NASTY[6])],
              links=[link("mini_program", off, n) for n in NASTY[:6]])
    new = doc(as_of="2026-11-25", name="new\n`x`",
              subjects=[subject(NASTY[0], name=NASTY[5]), subject(NASTY[7], "individual", name=NASTY[8])],
              accounts=[account(n, "mini_program", subject=NASTY[0], name=NASTY[i]) for i, n in enumerate(NASTY[3:])]
              + [account(off, "service", subject=NASTY[0], name=NASTY[11], verified=True)],
              links=[link("mini_program", off, n) for n in NASTY[3:]] + [link("mini_program", off, 'ghost"|')])
    return old, new


def hostile_diff():
    old, new = hostile_pair()
    return topology.diff(old, new)


def test_hostile_names_cannot_break_markdown_tables():
    md = render_report(hostile_diff(), "markdown")
    assert "<script" not in md and "<b>" not in md
    cells = re.compile(r"(?<!\\)\|")
    table = []
    for line in md.split("\n") + [""]:
        if line.startswith("|"):
            table.append(len(cells.findall(line)))
        elif table:
            assert len(set(table)) == 1, f"a row has another number of cells: {table}\n{md}"
            table = []
    assert "\\|" in md  # the pipes are there, escaped
    for line in md.split("\n"):
        assert not line.startswith(("#", "<")) or line.startswith("##"), line  # no heading or HTML from a name


def test_hostile_names_in_text_and_json_stay_on_their_lines():
    d = hostile_diff()
    lines = render_report(d, "text").splitlines()
    entries = [c for what in (d.subjects, d.accounts, d.links) for c in what.added + what.removed + what.changed]
    expected = (1 + 3 + len(entries) + sum(len(c.fields) for c in entries)  # header, sections, entries, fields
                + 1 + sum(1 + len(found) for found in (d.introduced, d.worsened, d.eased, d.fixed, d.gone) if found)
                + 1)
    assert len(lines) == expected, "a name broke a line"
    assert not any(ch < " " for line in lines for ch in line)
    data = json.loads(d.to_json())
    assert {a["id"] for a in data["accounts"]["added"]} == set(NASTY[6:])
    assert [a["type_changed"] for a in data["accounts"]["changed"] if a["id"] == "off|\\"] == [True]


def test_hostile_names_in_dot_inject_nothing():
    d = hostile_diff()
    dot = parse_dot(render_diff(d, "dot"))  # strict reader: one renderer statement per line
    old, new = hostile_pair()
    ids = {a["id"] for a in old["accounts"] + new["accounts"]} | {'ghost"|'}
    assert {decode_safe_id(n) for n in dot.nodes if n not in FIXED} == ids
    need_dot()
    root = parse_svg(dot_to_svg(render_diff(d, "dot")))
    assert_inert_svg(root)
    assert len(svg_groups(root, "node")) == len(ids) + len(FIXED & set(dot.nodes))  # + the legend and findings table


def test_hostile_names_in_mermaid_inject_nothing():
    mmd = parse_mermaid(render_diff(hostile_diff(), "mmd"))  # strict reader: only the renderer's line shapes
    old, new = hostile_pair()
    assert len(mmd.nodes) == len({a["id"] for a in old["accounts"] + new["accounts"]}) + 1  # + the ghost
    assert mermaid_text(mmd.title).startswith('old "<b>" | %%{init}%% → new `x`')
