"""The public API checks its arguments: a catalogue of every entry point and what it refuses.

A wrong type is a TypeError, a right type with an impossible value a ValueError, and either
message names the function and the parameter. Errors the API documented before stay what they
were: a bad document is a DocumentError, an unknown selector, ruleset or date a UsageError.
"""

from __future__ import annotations

import datetime
import types
from pathlib import Path

import pytest

import topology
from topology.arguments import ArgumentValueError
from topology.errors import RulesetError, UsageError
from topology.findings import Finding
from topology.loader import Source
from topology.planner.plan import ChangesError, load_changes
from topology.suppressions import Suppressions

DOC = {"schema_version": 1, "as_of": "2026-11-25",
       "subjects": [{"id": "acme", "kind": "enterprise"}],
       "accounts": [{"id": "news", "type": "subscription", "subject": "acme"},
                    {"id": "shop", "type": "mini_program", "subject": "acme"}],
       "links": [{"kind": "mini_program", "source": "news", "target": "shop"}]}
ECO = topology.load(DOC)
CHANGES = [{"op": "unlink", "source": "news", "target": "shop"}]
FINDING = Finding("WX102", "official-same-subject-cap", "error", "…", "news", ("shop",), "/accounts/0")


def case(function: str, parameter: str, call, error: type[Exception] = TypeError, label: str = ""):
    """One refused call: ``function(...)`` with a bad ``parameter`` raises ``error`` naming both."""
    return pytest.param(function, parameter, call, error, id=f"{function}-{parameter}{'-' + label if label else ''}")


REFUSED = [
    # topology.load(document, *, name)
    case("load", "document", lambda: topology.load(None), label="None"),
    case("load", "document", lambda: topology.load(5), label="int"),
    case("load", "document", lambda: topology.load(ECO), label="Ecosystem"),
    case("load", "document", lambda: topology.load(bytearray(b"{}")), label="bytearray"),
    case("load", "name", lambda: topology.load(DOC, name=5)),
    # topology.validate(eco, ruleset, *, baseline, as_of, select, ignore, overrides, lang, graph, document,
    #                   suppressions, rules_as_of)
    case("validate", "eco", lambda: topology.validate(None), label="None"),
    case("validate", "eco", lambda: topology.validate(42), label="int"),
    case("validate", "ruleset", lambda: topology.validate(ECO, 5)),
    case("validate", "ruleset", lambda: topology.validate(ECO, ["seed"]), label="list"),
    case("validate", "baseline", lambda: topology.validate(ECO, baseline=5)),
    case("validate", "as_of", lambda: topology.validate(ECO, as_of=20261125)),
    case("validate", "select", lambda: topology.validate(ECO, select=[None]), label="list-of-None"),
    case("validate", "select", lambda: topology.validate(ECO, select=5), label="int"),
    case("validate", "select", lambda: topology.validate(ECO, select=b"WX1"), label="bytes"),
    case("validate", "select", lambda: topology.validate(ECO, select={"WX1": True}), label="mapping"),
    case("validate", "ignore", lambda: topology.validate(ECO, ignore=["WX1", 102])),
    case("validate", "overrides", lambda: topology.validate(ECO, overrides=5), label="int"),
    case("validate", "overrides", lambda: topology.validate(ECO, overrides=[("a", 1)]), label="list-of-tuples"),
    case("validate", "lang", lambda: topology.validate(ECO, lang=None), label="None"),
    case("validate", "lang", lambda: topology.validate(ECO, lang="fr"), ValueError, "unknown"),
    case("validate", "graph", lambda: topology.validate(ECO, graph={"news": []})),
    case("validate", "document", lambda: topology.validate(ECO, document=Path("eco.json"))),
    case("validate", "suppressions", lambda: topology.validate(ECO, suppressions=b"{}")),
    case("validate", "rules_as_of", lambda: topology.validate(ECO, rules_as_of=2018)),
    # topology.build_graph(eco)
    case("build_graph", "eco", lambda: topology.build_graph(None), label="None"),
    case("build_graph", "eco", lambda: topology.build_graph(DOC), label="mapping"),
    # topology.render(eco, report, *, format, layout, lang, focus, depth, only_findings)
    case("render", "eco", lambda: topology.render(None), label="None"),
    case("render", "eco", lambda: topology.render("samples/bloom.json"), label="path"),
    case("render", "report", lambda: topology.render(ECO, 5)),
    case("render", "format", lambda: topology.render(ECO, format=None)),
    case("render", "layout", lambda: topology.render(ECO, format="dot", layout=1)),
    case("render", "lang", lambda: topology.render(ECO, format="dot", lang=b"en")),
    case("render", "lang", lambda: topology.render(ECO, format="dot", lang="fr"), ValueError, "unknown"),
    case("render", "focus", lambda: topology.render(ECO, format="dot", focus=["news"])),
    case("render", "depth", lambda: topology.render(ECO, format="dot", focus="news", depth="2"), label="str"),
    case("render", "depth", lambda: topology.render(ECO, format="dot", focus="news", depth=True), label="bool"),
    case("render", "depth", lambda: topology.render(ECO, format="dot", focus="news", depth=1.5), label="float"),
    case("render", "depth", lambda: topology.render(ECO, format="dot", focus="news", depth=-1), ValueError,
         "negative"),
    case("render", "only_findings", lambda: topology.render(ECO, format="dot", only_findings="yes")),
    # topology.headroom(eco, ruleset, *, overrides, as_of, rules_as_of, account)
    case("headroom", "eco", lambda: topology.headroom(None)),
    case("headroom", "ruleset", lambda: topology.headroom(ECO, 2025)),
    case("headroom", "overrides", lambda: topology.headroom(ECO, overrides={1, 2})),
    case("headroom", "as_of", lambda: topology.headroom(ECO, as_of=1.0)),
    case("headroom", "rules_as_of", lambda: topology.headroom(ECO, rules_as_of=[2018])),
    case("headroom", "account", lambda: topology.headroom(ECO, account=0)),
    # topology.repair(eco, ruleset, *, overrides, as_of, rules_as_of)
    case("repair", "eco", lambda: topology.repair(None)),
    case("repair", "ruleset", lambda: topology.repair(ECO, object())),
    case("repair", "overrides", lambda: topology.repair(ECO, overrides=[None])),
    case("repair", "as_of", lambda: topology.repair(ECO, as_of=True)),
    case("repair", "rules_as_of", lambda: topology.repair(ECO, rules_as_of=b"2018-06-01")),
    # topology.diff(old, new, ruleset, *, overrides, as_of, rules_as_of, lang)
    case("diff", "old", lambda: topology.diff(None, ECO)),
    case("diff", "new", lambda: topology.diff(ECO, 7)),
    case("diff", "ruleset", lambda: topology.diff(ECO, ECO, 7)),
    case("diff", "overrides", lambda: topology.diff(ECO, ECO, overrides=7)),
    case("diff", "as_of", lambda: topology.diff(ECO, ECO, as_of=7)),
    case("diff", "rules_as_of", lambda: topology.diff(ECO, ECO, rules_as_of=7)),
    case("diff", "lang", lambda: topology.diff(ECO, ECO, lang=7)),
    case("diff", "lang", lambda: topology.diff(ECO, ECO, lang="de"), ValueError, "unknown"),
    # topology.plan(eco, changes, ruleset, *, overrides, as_of, rules_as_of, reorder, lang, document, budget)
    case("plan", "eco", lambda: topology.plan(None, CHANGES)),
    case("plan", "changes", lambda: topology.plan(ECO, None), label="None"),
    case("plan", "changes", lambda: topology.plan(ECO, b"[]"), label="bytes"),
    case("plan", "ruleset", lambda: topology.plan(ECO, CHANGES, 1)),
    case("plan", "overrides", lambda: topology.plan(ECO, CHANGES, overrides=1)),
    case("plan", "as_of", lambda: topology.plan(ECO, CHANGES, as_of=1)),
    case("plan", "rules_as_of", lambda: topology.plan(ECO, CHANGES, rules_as_of=1)),
    case("plan", "reorder", lambda: topology.plan(ECO, CHANGES, reorder=1)),
    case("plan", "lang", lambda: topology.plan(ECO, CHANGES, lang=1)),
    case("plan", "lang", lambda: topology.plan(ECO, CHANGES, lang="ja"), ValueError, "unknown"),
    case("plan", "document", lambda: topology.plan(ECO, CHANGES, document=1)),
    case("plan", "budget", lambda: topology.plan(ECO, CHANGES, budget=None), label="None"),
    case("plan", "budget", lambda: topology.plan(ECO, CHANGES, budget=False), label="bool"),
    case("plan", "budget", lambda: topology.plan(ECO, CHANGES, budget=-1), ValueError, "negative"),
    # topology.get_rule(key); topology.list_rules() takes nothing
    case("get_rule", "key", lambda: topology.get_rule(5), label="int"),
    case("get_rule", "key", lambda: topology.get_rule(None), label="None"),
    # topology.load_ruleset(ruleset, overrides, as_of)
    case("load_ruleset", "ruleset", lambda: topology.load_ruleset(5)),
    case("load_ruleset", "overrides", lambda: topology.load_ruleset("seed", 5)),
    case("load_ruleset", "as_of", lambda: topology.load_ruleset("seed", as_of=5)),
    # topology.load_suppressions(source): anything parsed JSON can be is read by the model (UsageError)
    case("load_suppressions", "source", lambda: topology.load_suppressions(b"{}"), label="bytes"),
    case("load_suppressions", "source", lambda: topology.load_suppressions(object()), label="object"),
    # topology.Suppressions.from_findings(findings, document, reasons)
    case("Suppressions.from_findings", "findings", lambda: topology.Suppressions.from_findings([1]),
         label="list-of-int"),
    case("Suppressions.from_findings", "findings", lambda: topology.Suppressions.from_findings([FINDING, None]),
         label="list-containing-None"),
    case("Suppressions.from_findings", "findings", lambda: topology.Suppressions.from_findings(FINDING),
         label="one-finding"),
    case("Suppressions.from_findings", "findings", lambda: topology.Suppressions.from_findings(None), label="None"),
    case("Suppressions.from_findings", "document", lambda: topology.Suppressions.from_findings([FINDING], 1)),
    case("Suppressions.from_findings", "reasons", lambda: topology.Suppressions.from_findings([], reasons={})),
    # topology.planner.plan.load_changes(source, *, name)
    case("load_changes", "source", lambda: load_changes(None), label="None"),
    case("load_changes", "source", lambda: load_changes(3), label="int"),
    case("load_changes", "name", lambda: load_changes(CHANGES, name=3)),
]


@pytest.mark.parametrize("function, parameter, call, error", REFUSED)
def test_a_bad_argument_is_refused_naming_the_parameter(function, parameter, call, error):
    with pytest.raises(error) as info:
        call()
    assert f"{function}() argument {parameter!r}" in str(info.value)


def test_a_bad_value_is_a_value_error_the_command_line_reports_as_a_usage_error():
    with pytest.raises(ArgumentValueError) as info:
        topology.render(ECO, format="dot", focus="news", depth=-1)
    assert isinstance(info.value, ValueError) and isinstance(info.value, UsageError)
    assert str(info.value) == "render() argument 'depth' must be at least 0, got -1"


def test_the_message_says_what_was_expected_and_what_came():
    with pytest.raises(TypeError) as info:
        topology.validate(ECO, select=[None])
    assert str(info.value) == ("validate() argument 'select' must be a string or an iterable of strings, "
                               "got list containing None")
    with pytest.raises(TypeError, match=r"got list containing int$"):
        topology.Suppressions.from_findings([1])
    with pytest.raises(TypeError, match=r"^load\(\) argument 'document' must be .*, got None$"):
        topology.load(None)


def test_the_command_line_refuses_a_negative_depth_with_exit_2(tmp_path, capsys):
    from topology.cli import main

    try:  # the option parser may refuse it first; either way: exit 2, a message, no traceback
        code = main(["render", "samples/bloom.json", "-o", str(tmp_path / "m.dot"), "--focus", "bloom-shop",
                     "--depth", "-1"])
    except SystemExit as exc:
        code = exc.code
    err = capsys.readouterr().err
    assert code == 2 and "depth" in err and "Traceback" not in err
    assert not (tmp_path / "m.dot").exists()


# -- what a check leaves to the code it guards -----------------------------------------------------
KEPT = [
    pytest.param(lambda: topology.load({"schema_version": 1, "colour": "red"}), topology.DocumentError,
                 id="load-bad-document"),
    pytest.param(lambda: topology.load("no/such/file.json"), topology.DocumentError, id="load-missing-file"),
    pytest.param(lambda: topology.validate(ECO, select="WX999"), UsageError, id="validate-unknown-selector"),
    pytest.param(lambda: topology.validate(ECO, ignore=["nonsense"]), UsageError, id="validate-unknown-ignore"),
    pytest.param(lambda: topology.validate(ECO, as_of="2026-02-30"), UsageError, id="validate-bad-date"),
    pytest.param(lambda: topology.validate(ECO, "wechat-1999"), RulesetError, id="validate-unknown-ruleset"),
    pytest.param(lambda: topology.validate(ECO, overrides=["nonsense=1"]), RulesetError,
                 id="validate-unknown-parameter"),
    pytest.param(lambda: topology.render(ECO, format="gif"), UsageError, id="render-unknown-format"),
    pytest.param(lambda: topology.render(ECO, format="dot", layout="circo"), UsageError, id="render-unknown-layout"),
    pytest.param(lambda: topology.render(ECO, format="dot", focus="ghost"), UsageError, id="render-unknown-focus"),
    pytest.param(lambda: topology.headroom(ECO, account="ghost"), UsageError, id="headroom-unknown-account"),
    pytest.param(lambda: topology.load_ruleset("seed", as_of="2018-6-1"), RulesetError,
                 id="load_ruleset-bad-date"),
    pytest.param(lambda: topology.load_suppressions(None), UsageError, id="load_suppressions-null"),
    pytest.param(lambda: topology.load_suppressions([1]), UsageError, id="load_suppressions-list"),
    pytest.param(lambda: topology.load_suppressions(5), UsageError, id="load_suppressions-number"),
    pytest.param(lambda: load_changes({"schema_version": 1, "changes": [{"op": "fly"}]}), ChangesError,
                 id="load_changes-bad-change"),
]


@pytest.mark.parametrize("call, error", KEPT)
def test_errors_documented_before_stay_as_they_were(call, error):
    with pytest.raises(error) as info:
        call()
    assert not isinstance(info.value, (TypeError, ArgumentValueError))


# -- select and ignore: one string is one selector -------------------------------------------------
def ran(**options) -> list[str]:
    return [rule_id for rule_id, _ in topology.validate(ECO, **options).rules_run]


def test_a_single_string_selects_like_a_one_item_list():
    family = ran(select="WX1")
    assert family == ran(select=["WX1"]) and family
    assert all(rule_id.startswith("WX1") for rule_id in family)


def test_a_single_string_may_be_a_comma_list_as_on_the_command_line():
    assert ran(select="WX1,WX2") == ran(select=["WX1", "WX2"]) == ran(select=["WX1,WX2"])


def test_a_single_string_ignores_like_a_one_item_list():
    assert ran(ignore="WX1") == ran(ignore=["WX1"])
    assert not any(rule_id.startswith("WX1") for rule_id in ran(ignore="WX1"))


def test_any_iterable_of_strings_selects():
    expected = ran(select=["WX101", "WX102"])
    assert ran(select=("WX101", "WX102")) == ran(select={"WX102", "WX101"}) == expected
    assert ran(select=(s for s in ["WX101", "WX102"])) == expected


# -- good calls still work --------------------------------------------------------------------------
def test_load_reads_every_documented_kind_of_input(tmp_path):
    path = tmp_path / "eco.json"
    path.write_bytes(Path("samples/bloom.json").read_bytes())
    for document in (str(path), path, path.read_bytes(), DOC, types.MappingProxyType(DOC),
                     Source("eco.json", path.read_text(encoding="utf-8"), "json")):
        assert isinstance(topology.load(document), topology.Ecosystem)
    assert topology.load(DOC, name="mine").source.name == "mine"


def test_validate_takes_every_documented_kind_of_argument(tmp_path):
    baseline = tmp_path / "suppressions.json"
    baseline.write_text(Suppressions.from_findings([FINDING]).dumps(), encoding="utf-8")
    G = topology.build_graph(ECO)
    for eco in (ECO, DOC, "samples/bloom.json", Path("samples/bloom.json")):
        assert topology.validate(eco).counts
    report = topology.validate(
        ECO, "seed", baseline=DOC, as_of=datetime.date(2026, 11, 25), select=["WX1", "WX2"], ignore="WX205",
        overrides={"max_same_subject_mini_programs": 12}, lang="zh", graph=G, document="mine.json",
        suppressions=str(baseline), rules_as_of="2026-01-01")
    assert report.document == "mine.json" and report.ruleset.parameters.max_same_subject_mini_programs == 12
    twelve = "max_same_subject_mini_programs=12"
    for overrides in (twelve, [twelve], (twelve,), types.MappingProxyType({"max_same_subject_mini_programs": 12})):
        assert topology.validate(ECO, overrides=overrides).ruleset.parameters.max_same_subject_mini_programs == 12
    for suppressions in (Suppressions(), Suppressions().to_dict(), baseline):
        assert topology.validate(ECO, suppressions=suppressions).valid
    assert topology.validate(ECO, topology.load_ruleset("wechat-2025"), rules_as_of=datetime.date(2018, 6, 1)).valid


def test_the_other_entry_points_take_their_documented_arguments():
    report = topology.validate(ECO)
    assert topology.build_graph(ECO).nodes["shop"]["type"] == "mini_program"
    assert topology.render(ECO, report, format="dot", layout="fdp", lang="zh", focus="news", depth=0,
                           only_findings=False).startswith(b"digraph")
    assert topology.render(ECO, None, format="mmd")
    assert [r.account for r in topology.headroom(DOC, "seed", overrides=None, as_of="2026-11-25",
                                                 rules_as_of=None, account="shop").rows] == ["shop"]
    assert topology.repair(ECO, overrides="max_same_subject_mini_programs=0").dropped
    assert topology.diff(DOC, ECO, "seed", as_of=datetime.date(2026, 11, 25), lang="zh").lang == "zh"
    result = topology.plan(ECO, CHANGES, "seed", reorder=True, lang="en", document="eco.json", budget=0)
    assert result.steps and result.document == "eco.json"
    assert topology.get_rule("WX102").id == topology.get_rule("official-same-subject-cap").id == "WX102"
    assert topology.get_rule("nothing") is None and topology.list_rules()
    assert topology.load_ruleset(Path("topology/rulesets/seed.json"), ["max_same_subject_mini_programs=3"],
                                 as_of=datetime.date(2026, 1, 1)).parameters.max_same_subject_mini_programs == 3
    assert len(topology.load_suppressions(Suppressions.from_findings([FINDING]).to_dict())) == 1
    assert len(load_changes(CHANGES, name="steps")) == 1
    assert len(load_changes(types.MappingProxyType({"schema_version": 1, "changes": CHANGES}))) == 1


def test_from_findings_reads_any_iterable_of_findings_once():
    old = Suppressions.from_findings([FINDING])
    once = Suppressions.from_findings((f for f in [FINDING, FINDING]), "eco.json", reasons=old)
    assert once.to_dict() == Suppressions.from_findings([FINDING], "eco.json").to_dict()
    findings = topology.validate(ECO, overrides=["max_same_subject_mini_programs=0"]).findings
    kept, suppressed, stale = Suppressions.from_findings(findings).apply(findings, None)
    assert (kept, suppressed, stale) == ([], len(findings), [])
