"""The registry is the documentation: it must match the catalogue in RULES.md.

Every core rule of RULES.md is registered with its name and severity, speaks both
languages, quotes a sentence that is really in the seed document, ships an example that
trips it, and reads only parameters the seed ruleset defines.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import topology
from tests.helpers import DATA, example_report, normalise, seed_sentences, shared_file, wxtopo
from topology.catalogue import rule_dict
from topology.rules import REGISTRY, all_rules
from topology.rules.registry import _NAMES
from topology.rules.registry import rule as register

# Rules that come with later capabilities (RULES.md, second paragraph).
LATER = {"WX007", "WX104", "WX105", "WX106", "WX207", "WX208", "WX209", "WX210"}
RULES = all_rules()


def catalogue() -> dict[str, dict]:
    """The rule catalogue as the repository ships it (tests/data/rule-catalogue.json, RULES.md's
    table rows): ID → name, severity and the parameters its row names."""
    rows = json.loads((DATA / "rule-catalogue.json").read_text(encoding="utf-8"))
    return {k: v for k, v in rows.items() if k.startswith("WX")}


def parse_rules_md(path: Path) -> dict[str, dict]:
    """RULES.md's table rows: ID → name, severity and the parameters named in a
    ``parameter`` column (the backticked names before any ``=``)."""
    rows: dict[str, dict] = {}
    header: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            header = []
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells[0] == "ID":
            header = cells
            continue
        if not re.fullmatch(r"WX\d{3}", cells[0]):
            continue
        row = dict(zip(header, cells))
        params = re.findall(r"`([a-z_]+)`", row.get("parameter", "").split("=")[0])
        rows[cells[0]] = {"name": row["name"], "severity": row["sev"], "parameters": params}
    return rows


def core_catalogue() -> dict[str, dict]:
    return {k: v for k, v in catalogue().items() if k not in LATER}


def test_the_catalogue_parses():
    rows = catalogue()
    spec = shared_file("spec", "RULES.md")
    if spec is not None:  # the shipped copy is the specification's catalogue
        assert parse_rules_md(spec) == rows
    assert LATER <= set(rows)
    assert sorted(core_catalogue()) == [
        "WX001", "WX002", "WX003", "WX004", "WX101", "WX102", "WX103",
        "WX201", "WX202", "WX203", "WX204", "WX205", "WX206",
        "WX301", "WX302", "WX303", "WX304", "WX305", "WX306", "WX307", "WX308",
        "WX401", "WX402", "WX403", "WX404", "WX501", "WX601", "WX901"]


def test_every_core_rule_is_registered_with_its_name_and_severity():
    expected = {k: (v["name"], v["severity"]) for k, v in core_catalogue().items()}
    registered = {r.id: (r.name, r.severity) for r in RULES if r.id in expected}
    assert registered == expected


def test_no_rule_outside_the_catalogue_is_registered():
    assert {r.id for r in RULES} <= set(catalogue())


def test_parameters_of_the_catalogue_are_read_by_their_rule():
    by_id = {r.id: r for r in RULES}
    missing = {k: [p for p in v["parameters"] if p not in by_id[k].parameters]
               for k, v in core_catalogue().items() if v["parameters"]}
    assert {k: v for k, v in missing.items() if v} == {}


def test_all_rules_is_sorted_by_id():
    assert [r.id for r in RULES] == sorted(REGISTRY) == [r.id for r in topology.list_rules()]


@pytest.mark.parametrize("r", RULES, ids=lambda r: r.id)
def test_rule_speaks_both_languages(r):
    for label in ("title", "message", "rationale", "fix"):
        text = getattr(r, label)
        assert set(text) == {"en", "zh"}, label
        assert all(v.strip() for v in text.values()), label
    assert re.search(r"[\u4e00-\u9fff]", r.title["zh"] + r.message["zh"])
    for variant in r.variants.values():
        assert set(variant) == {"en", "zh"} and all(variant.values())
    assert r.summary  # the check's docstring says what it checks


def test_normalise_ignores_punctuation_and_spaces():
    assert normalise("虽不具备高级接口与微信支付权限（媒体类型除外）") == normalise("虽不具备 高级接口与微信支付权限(媒体类型除外)")
    assert normalise("“注册时长超两年、近一年无封号记录”") == "注册时长超两年近一年无封号记录"


def test_rules_without_a_seed_sentence_are_tool_or_secondary_source_rules():
    """Only rules about wxtopo's own inputs (WX007) quote nothing, and the rules whose limit the seed
    document does not state (WX104, WX105, WX209: off in the seed ruleset, sourced in wechat-2025):
    they once borrowed another rule's sentence, which grounded nothing."""
    assert [r.id for r in RULES if not r.seed] == ["WX007", "WX104", "WX105", "WX209"]
    assert all(r.example_suppressions for r in RULES if r.needs_suppressions)
    seed = topology.load_ruleset("seed").to_dict()["parameters"]
    for r in RULES:
        if not r.seed and r.parameters:
            assert seed[r.parameters[0]] is None, r.id  # the seed document gives no value either
            assert "does not state this limit" in rule_page_text(r, "en")


def rule_page_text(r, lang):
    from topology.catalogue import rule_page

    return rule_page(r, lang)


def test_no_two_rules_quote_the_same_sentence_for_different_limits():
    """WX104 once quoted WX103's sentence, WX105 WX101's, WX209 WX205's."""
    by_seed: dict[str, list[str]] = {}
    for r in RULES:
        if r.seed:
            by_seed.setdefault(r.seed, []).append(r.id)
    for borrowed, owner in (("WX104", "WX103"), ("WX105", "WX101"), ("WX209", "WX205")):
        assert borrowed not in by_seed.get(REGISTRY[owner].seed, []), borrowed


@pytest.mark.parametrize("r", [r for r in RULES if r.seed], ids=lambda r: r.id)  # tool rules quote nothing
def test_seed_quote_is_in_the_seed_text(r):
    seed = normalise(seed_sentences())
    pieces = [normalise(p) for p in r.seed.split("…")]
    assert any(pieces), "empty seed quote"
    missing = [p for p in pieces if p and p not in seed]
    assert missing == [], f"{r.id}: not in the seed text: {missing}"


@pytest.mark.parametrize("r", [r for r in RULES if r.seed], ids=lambda r: r.id)
def test_seed_sentence_has_an_english_gloss(r):
    assert r.gloss.isascii() and r.gloss.isprintable(), r.gloss
    assert not re.search(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]", r.gloss)
    assert len(r.gloss.strip()) >= 20


def test_one_seed_sentence_one_gloss():
    """Rules quoting the same sentence share its gloss; different sentences get different ones."""
    by_gloss: dict[str, set[str]] = {}
    by_seed: dict[str, set[str]] = {}
    for r in RULES:
        if r.seed:
            by_gloss.setdefault(r.gloss, set()).add(r.seed)
            by_seed.setdefault(r.seed, set()).add(r.gloss)
    assert {g: s for g, s in by_gloss.items() if len(s) > 1} == {}
    assert {s: g for s, g in by_seed.items() if len(g) > 1} == {}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_rule_page_shows_the_gloss_under_the_seed_sentence(lang):
    r = REGISTRY["WX101"]
    result = wxtopo("rules", "WX101", "--lang", lang)
    assert result.returncode == 0
    out = result.stdout.decode()
    label = "English: " if lang == "zh" else ""
    assert f"  {r.seed}\n    {label}{r.gloss}\n" in out


def test_rule_dict_carries_the_gloss_after_the_seed():
    d = rule_dict(REGISTRY["WX101"])
    keys = list(d)
    assert keys[keys.index("seed") + 1] == "gloss"
    assert d["gloss"] == REGISTRY["WX101"].gloss


@pytest.mark.parametrize("r", RULES, ids=lambda r: r.id)
def test_example_trips_its_rule(r):
    report = example_report(r)  # a DocumentError here means the example is not a valid document
    assert [f.rule for f in report.findings][:1] == [r.id]
    assert report.counts["suppressed"] == 0


@pytest.mark.parametrize("r", RULES, ids=lambda r: r.id)
def test_use_instead_does_not_trip_its_rule(r):
    """ruff's "Use instead": the same situation set right, with the same --set values and files."""
    assert r.use_instead != r.example
    report = example_report(r._replace(example=r.use_instead))
    assert not report.errors  # a valid document
    assert r.id not in [f.rule for f in report.findings]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("r", RULES, ids=lambda r: r.id)
def test_rule_page_shows_both_examples_and_known_limits(r, lang):
    from topology.catalogue import rule_markdown, rule_page

    page = rule_page(r, lang)
    words = {"en": ("Failing example", "Use instead", "Known limits"), "zh": ("违规示例", "改为", "已知局限")}[lang]
    assert f"\n{words[0]}" in page and f"\n{words[1]}" in page
    assert (f"\n{words[2]}\n  {r.limits[lang]}\n" in page) if r.limits else words[2] not in page
    checks = page.split("\n")[4]
    assert checks == f"  {r.summary_in(lang)}" and (lang == "en" or checks.strip() != r.title["zh"])
    md = rule_markdown(r)
    assert "## Use instead" in md and ("## Known limits" in md) == bool(r.limits)


def test_known_limits_are_written_where_a_rule_reads_less_strictly():
    with_limits = {r.id for r in RULES if r.limits}
    assert {"WX104", "WX105", "WX106", "WX209", "WX303"} <= with_limits


def test_wx101_fix_points_at_repair():
    fix = REGISTRY["WX101"].fix
    assert "wxtopo repair" in fix["en"] and "wxtopo repair" in fix["zh"] and "later" not in fix["en"]


@pytest.mark.parametrize("r", RULES, ids=lambda r: r.id)
def test_parameters_exist_in_the_seed_ruleset(r):
    seed = topology.load_ruleset("seed").to_dict()["parameters"]
    assert [p for p in r.parameters if p not in seed] == []
    assert [p for p in r.example_set if p not in seed] == []


def test_a_baseline_rule_says_so():
    assert [r.id for r in RULES if r.needs_baseline] == ["WX601"]
    assert all(r.example_baseline is not None for r in RULES if r.needs_baseline)


# -- the registry refuses malformed entries at import --------------------------------------
def _entry(**over):
    text = {"en": "x", "zh": "某"}
    kw = dict(id="WX998", name="test-only-rule", severity="error", title=text, message=text, seed="",
              gloss="", rationale=text, fix=text, example={}, summary_zh="什么也不查。",
              use_instead={"schema_version": 1})
    kw.update(over)
    return kw


def _check(ctx):
    """A check that finds nothing."""
    return iter(())


@pytest.mark.parametrize("over", [
    pytest.param({"id": "WX102"}, id="duplicate-id"),
    pytest.param({"id": "wx998"}, id="malformed-id"),
    pytest.param({"id": "WX98"}, id="short-id"),
    pytest.param({"name": "official-same-subject-cap"}, id="duplicate-name"),
    pytest.param({"name": "Not Kebab"}, id="malformed-name"),
    pytest.param({"severity": "fatal"}, id="unknown-severity"),
    pytest.param({"title": {"en": "only English"}}, id="one-language"),
    pytest.param({"fix": {"en": "x", "zh": ""}}, id="empty-translation"),
    pytest.param({"seed": "一经注册不可更改类型"}, id="seed-without-gloss"),
    pytest.param({"seed": "一经注册不可更改类型", "gloss": "  "}, id="blank-gloss"),
    pytest.param({"gloss": "A gloss of no seed sentence at all."}, id="gloss-without-seed"),
    pytest.param({"summary_zh": ""}, id="no-chinese-summary"),
    pytest.param({"summary_zh": "the title again"}, id="english-chinese-summary"),
    pytest.param({"use_instead": None}, id="no-use-instead"),
    pytest.param({"limits": {"en": "only English"}}, id="limits-in-one-language"),
    pytest.param({"message": {"en": "{a:nonsense}", "zh": "{a:nonsense}"}}, id="unknown-field-kind"),
    pytest.param({"message": {"en": "{n:one|many}", "zh": "{n:个|个}"}}, id="chinese-count-field"),
    pytest.param({"message": {"en": "{binding}", "zh": "{binding_zh}"}}, id="a-field-per-language"),
])
def test_malformed_registration_fails(over):
    before = dict(REGISTRY)
    with pytest.raises(ValueError):
        register(**_entry(**over))(_check)
    assert REGISTRY == before


def test_a_check_without_docstring_is_refused():
    def undocumented(ctx):
        return iter(())

    with pytest.raises(ValueError):
        register(**_entry())(undocumented)
    assert "WX998" not in REGISTRY


def test_a_tool_rule_needs_no_seed_sentence():
    """A rule about the tool itself (WX007 stale-suppression) quotes nothing and glosses nothing."""
    from topology.catalogue import rule_markdown, rule_page

    try:
        register(**_entry())(_check)
        r = REGISTRY["WX998"]
        assert (r.seed, r.gloss) == ("", "")
        assert "  none (a tool rule)\n" in rule_page(r, "en")
        assert "  无（工具规则）\n" in rule_page(r, "zh")
        assert "None (a tool rule)." in rule_markdown(r)
    finally:
        REGISTRY.pop("WX998", None)
        _NAMES.pop("test-only-rule", None)
    assert "WX998" not in REGISTRY
