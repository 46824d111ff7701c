"""Rulesets: built-ins, files with a base, --set overrides, and errors that name the key."""

import copy
import json
import pickle

import pytest

from topology import RulesetError, load_ruleset
from topology.ruleset import PARAMETER_NAMES, builtin_names


def test_seed_is_built_in_and_complete():
    assert "seed" in builtin_names()
    seed = load_ruleset()
    assert seed.name == "seed"
    assert seed.parameters.max_officials_per_mini_program == 50
    assert seed.parameters.max_same_subject_mini_programs == 10
    assert seed.parameters.max_cross_subject_mini_programs == 3
    assert seed.parameters.subscription_pay_subject_kinds == ["media"]
    assert set(seed.to_dict()["parameters"]) == set(PARAMETER_NAMES)
    # rules that arrive with the sourced rulesets are off in seed
    assert seed.parameters.max_new_mini_program_links_per_month is None
    assert seed.parameters.max_accounts_per_admin is None


@pytest.mark.parametrize("assignment, key, value", [
    ("max_same_subject_mini_programs=12", "max_same_subject_mini_programs", 12),
    ("pending_counts_toward_caps=false", "pending_counts_toward_caps", False),
    ("subscription_pay_subject_kinds=media,government", "subscription_pay_subject_kinds", ["government", "media"]),
    ('linkable_official_types=["service"]', "linkable_official_types", ["service"]),
    ("max_officials_per_mini_program=null", "max_officials_per_mini_program", None),
    ('max_officials_per_subject={"individual": 1}', "max_officials_per_subject", {"individual": 1}),
])
def test_set_overrides_one_parameter(assignment, key, value):
    assert getattr(load_ruleset("seed", [assignment]).parameters, key) == value


@pytest.mark.parametrize("assignment, key", [
    ("max_same_subject=1", "max_same_subject"),
    ("max_same_subject_mini_programs=-1", "max_same_subject_mini_programs"),
    ("max_same_subject_mini_programs=ten", "max_same_subject_mini_programs"),
    ("max_same_subject_mini_programs=1.5", "max_same_subject_mini_programs"),
    ("pending_counts_toward_caps=1", "pending_counts_toward_caps"),
    ("linkable_official_types=personal", "linkable_official_types"),
    ("subscription_articles_per_broadcast=0", "subscription_articles_per_broadcast"),
])
def test_a_bad_key_or_value_is_an_error_naming_the_key(assignment, key):
    with pytest.raises(RulesetError) as info:
        load_ruleset("seed", [assignment])
    assert info.value.key == key
    assert key in str(info.value)


def test_unknown_key_suggests_the_close_one():
    with pytest.raises(RulesetError, match="did you mean 'max_cross_subject_mini_programs'"):
        load_ruleset("seed", ["max_cross_subject_mini_program=4"])


def test_set_without_equals_is_an_error():
    with pytest.raises(RulesetError, match="KEY=VALUE"):
        load_ruleset("seed", ["max_same_subject_mini_programs"])


def test_a_ruleset_file_overrides_its_base(tmp_path):
    path = tmp_path / "agency.json"
    path.write_text(json.dumps({"$schema": "x", "name": "agency", "base": "seed",
                                "parameters": {"max_officials_per_mini_program": 500}}))
    rs = load_ruleset(path, ["max_cross_subject_mini_programs=5"])
    assert rs.name == "agency"
    assert rs.parameters.max_officials_per_mini_program == 500
    assert rs.parameters.max_cross_subject_mini_programs == 5
    assert rs.parameters.max_same_subject_mini_programs == 10  # from the base


def test_a_ruleset_file_without_a_name_takes_the_file_stem(tmp_path):
    path = tmp_path / "strict.json"
    path.write_text(json.dumps({"parameters": {"max_cross_subject_mini_programs": 0}}))
    assert load_ruleset(path).name == "strict"


@pytest.mark.parametrize("content, key", [
    ({"parameters": {"nope": 1}}, "nope"),
    ({"parameters": {"max_officials_per_mini_program": "many"}}, "max_officials_per_mini_program"),
    ({"base": "nonexistent"}, "base"),
    ({"colour": "red"}, "colour"),
])
def test_a_bad_ruleset_file_names_the_bad_key(tmp_path, content, key):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(content))
    with pytest.raises(RulesetError) as info:
        load_ruleset(path)
    assert key in str(info.value)


def test_unreadable_or_malformed_ruleset_files(tmp_path):
    with pytest.raises(RulesetError, match="unknown ruleset 'wechat-1999'"):
        load_ruleset("wechat-1999")
    with pytest.raises(RulesetError, match="cannot read"):
        load_ruleset(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    with pytest.raises(RulesetError, match="cannot be read") as info:
        load_ruleset(bad)
    (problem,) = info.value.problems
    assert (problem.line, problem.column) == (1, 1) and problem.message.startswith("malformed JSON")


def test_a_bad_ruleset_file_reports_every_problem_where_it_is(tmp_path):
    path = tmp_path / "rs.json"
    path.write_text(
        '{\n'
        '  "base": "wechat-2025",\n'
        '  "parameters": {\n'
        '    "max_cross_subject_mini_programs": -1,\n'
        '    "max_same_subjct_mini_programs": 5,\n'
        '    "max_accounts_per_admin": {"value": "three", "source": {"title": "policy"}, "confidence": "unverified"},\n'
        '    "max_auxiliaries_per_primary": {"value": 1, "source": {}, "confidence": "sure"}\n'
        '  }\n'
        '}\n')
    with pytest.raises(RulesetError) as info:
        load_ruleset(path)
    found = {(p.pointer, p.line) for p in info.value.problems}
    assert found == {
        ("/parameters/max_cross_subject_mini_programs", 4),
        ("/parameters/max_same_subjct_mini_programs", 5),
        ("/parameters/max_accounts_per_admin/value", 6),
        ("/parameters/max_auxiliaries_per_primary/source/title", 7),  # a missing field, shown at its parent
        ("/parameters/max_auxiliaries_per_primary/confidence", 7),
    }
    text = str(info.value)
    assert text.splitlines()[0].endswith(": 5 errors")
    assert f"{path}:5:38: error /parameters/max_same_subjct_mini_programs: unknown parameter" in text
    assert "did you mean 'max_same_subject_mini_programs'?" in text
    assert info.value.key == "max_cross_subject_mini_programs"


def test_a_duplicate_key_in_a_ruleset_file_is_an_error_not_last_wins(tmp_path):
    path = tmp_path / "rs.json"
    path.write_text('{"parameters": {"max_accounts_per_admin": 3,\n "max_accounts_per_admin": 300}}')
    with pytest.raises(RulesetError) as info:
        load_ruleset(path)
    (problem,) = info.value.problems
    assert (problem.pointer, problem.line, problem.column) == ("/parameters/max_accounts_per_admin", 2, 2)
    assert "duplicate key" in problem.message


def test_a_set_value_nested_too_deeply_is_a_usage_error_not_a_crash():
    with pytest.raises(RulesetError, match="nested deeper than 200"):
        load_ruleset("seed", ["max_accounts_per_admin=" + "[" * 50_000])


def test_every_builtin_validates_against_the_ruleset_schema():
    import jsonschema

    from topology.schema import schema

    validator = jsonschema.Draft202012Validator(schema("ruleset"))
    from importlib import resources

    for name in builtin_names():
        data = json.loads((resources.files("topology") / "rulesets" / f"{name}.json").read_text())
        assert not list(validator.iter_errors(data)), name


@pytest.mark.parametrize("make", [
    lambda: load_ruleset(),
    lambda: load_ruleset("wechat-2025", ["max_cross_subject_mini_programs=5"], as_of="2017-06-01"),
], ids=["seed", "dated-with-override"])
@pytest.mark.parametrize("clone", [copy.copy, copy.deepcopy, lambda rs: pickle.loads(pickle.dumps(rs))],
                         ids=["copy", "deepcopy", "pickle"])
def test_a_ruleset_copies_and_pickles_to_an_equal_ruleset(make, clone):
    rs = make()
    twin = clone(rs)
    assert twin is not rs and twin == rs
    assert (twin.name, twin.rules_as_of, twin.overrides, twin.provenance) == (
        rs.name, rs.rules_as_of, rs.overrides, rs.provenance)
    assert twin.parameters.max_cross_subject_mini_programs == rs.parameters.max_cross_subject_mini_programs
    assert twin.at(None) == rs.at(None)  # still a working ruleset, not just a bag of slots


def test_ruleset_equality_is_by_value():
    assert load_ruleset() == load_ruleset()
    assert load_ruleset() != load_ruleset("seed", ["max_cross_subject_mini_programs=5"])
    assert load_ruleset() != "seed"


def test_ruleset_values_are_read_through_parameters_only():
    rs = load_ruleset()
    assert rs.parameters.max_same_subject_mini_programs == 10
    with pytest.raises(AttributeError):
        rs.max_same_subject_mini_programs  # noqa: B018 - one way to read a value
