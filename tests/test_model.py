"""topology.load: what a user gets back for documents that are not ecosystems.

Every problem is a DocumentError (never another exception) naming the JSON pointer of
the offending value, a message saying what is wrong, and the line and column of the
offending text where the text has one.
"""

from __future__ import annotations

import json

import pytest

import topology
import topology.loader
import topology.model
from tests.bad_inputs import BAD, Bad
from tests.helpers import SAMPLES, account, doc, link, subject


def _data(eco: topology.Ecosystem) -> dict:
    """Everything the document says (with defaults filled in), not where it was read from."""
    return eco.model_dump(by_alias=True)


def _problems(source) -> list[topology.Problem]:
    with pytest.raises(topology.DocumentError) as info:
        topology.load(source)
    assert info.value.problems, "a DocumentError lists at least one problem"
    return info.value.problems


@pytest.mark.parametrize("bad", BAD, ids=lambda b: b.name)
def test_bad_document_gives_one_located_problem(bad: Bad, tmp_path):
    path = tmp_path / bad.filename
    path.write_bytes(bad.data)
    problems = _problems(path)
    assert len(problems) == 1, [str(p) for p in problems]
    (p,) = problems
    if bad.prefix:
        assert p.pointer.startswith(bad.pointer), p.pointer
    else:
        assert p.pointer == bad.pointer
    assert bad.message in p.message
    assert "Traceback" not in p.message and "pydantic" not in p.message.lower()
    if bad.line is not None:
        assert (p.line, p.column) != (None, None), f"{bad.name}: no position"
        assert p.line == bad.line, str(p)
        assert bad.text_at(p.line, p.column).startswith(bad.at), (str(p), bad.text_at(p.line, p.column)[:40])


def test_document_error_names_the_document_and_every_problem(tmp_path):
    path = tmp_path / "three.json"
    path.write_text(
        '{\n'
        '  "schema_version": 1,\n'
        '  "subjects": [{"id": "bloom", "kind": "charity"}],\n'
        '  "accounts": [\n'
        '    {"id": "li-na", "type": "personal", "registered_on": "2026-02-30"}\n'
        '  ],\n'
        '  "links": [{"kind": "admin", "source": "li-na", "target": "bloom-daily", "note": "x"}]\n'
        '}\n', encoding="utf-8")
    with pytest.raises(topology.DocumentError) as info:
        topology.load(path)
    err = info.value
    assert [(p.pointer, p.line) for p in err.problems] == [
        ("/subjects/0/kind", 3), ("/accounts/0/registered_on", 5), ("/links/0/note", 7)]
    assert "'charity'" in err.problems[0].message
    assert "2026-02-30" in err.problems[1].message
    assert err.problems[2].message == "unknown field"
    text = str(err)
    assert str(path) in text and "3 document errors" in text
    assert all(p.pointer in text for p in err.problems)


def test_problems_in_many_places_are_all_listed():
    # One problem of each kind in each list: nothing stops at the first.
    data = doc(
        subjects=[subject("bloom", "enterprise"), subject("", "enterprise")],
        accounts=[account("li-na", "personal", bans=[{"start": "2025-01-10", "end": "2025-01-01"}]),
                  account("bloom-daily", "subscription", subject="bloom", broadcasts=[{"date": "2026-11-20",
                                                                                       "articles": 0}]),
                  account("bloom-bot", "robot")],
        links=[link("admin", "li-na", "bloom-daily", verified=True), link("friend", "li-na", "bloom-daily")],
        as_of="2026-2-3",
    )
    pointers = [p.pointer for p in _problems(json.dumps(data, ensure_ascii=False).encode())]
    assert sorted(pointers) == sorted([
        "/as_of", "/subjects/1/id", "/accounts/0/bans/0/end", "/accounts/1/broadcasts/0/articles", "/accounts/2",
        "/links/0/verified", "/links/1",
    ])


def test_every_problem_has_a_position_in_a_file():
    # Loaded from text, each problem points into it (a missing field at its parent object).
    text = ('{"schema_version": 1,\n "accounts": [\n  {"type": "personal"},\n  {"id": "x", "type": "auxiliary"}\n ]}\n')
    problems = _problems(text.encode())
    assert {(p.pointer, p.line, p.column) for p in problems} == {
        ("/accounts/0/id", 3, 3), ("/accounts/1/primary", 4, 3)}
    assert all(p.message == "required field is missing" for p in problems)


def test_bom_prefixed_file_is_accepted(tmp_path):
    plain = (SAMPLES / "bloom.json").read_bytes()
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + plain)
    assert _data(topology.load(path)) == _data(topology.load(SAMPLES / "bloom.json"))


def test_bom_prefixed_file_positions_ignore_the_bom(tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + b'{"schema_version": 1, "as_of": "2026-02-30"}')
    (p,) = _problems(path)
    assert (p.pointer, p.line, p.column) == ("/as_of", 1, 32)


def test_unreadable_path_is_a_document_error(tmp_path):
    (p,) = _problems(tmp_path / "missing.json")
    assert p.pointer == "" and "cannot read" in p.message
    (p,) = _problems(tmp_path)  # a directory
    assert "cannot read" in p.message


_YAML_TWIN = """\
# The bloom sample, written as YAML by hand: unquoted dates, flow and block styles.
$schema: ../schemas/ecosystem.schema.json
schema_version: 1
name: "Bloom Baby: brand ecosystem"
as_of: 2026-11-25
subjects:
  - {id: bloom, kind: enterprise, name: "Bloom Baby Co., Ltd."}
  - {id: li-na, kind: individual, name: Li Na}
accounts:
  - id: li-na
    type: personal
    subject: li-na
    registered_on: 2019-03-01
    real_name_verified: true
    phone_bound: true
    wechat_pay_bound: true
    bans:
      - {start: 2020-01-02, end: 2020-01-09}
  - id: li-na-work
    type: auxiliary
    primary: li-na
    registered_on: 2025-06-01
    friend_add_methods: [wechat_id, qr_code]
  - id: bloom-daily
    type: subscription
    subject: bloom
    broadcasts:
      - date: 2026-11-20
        articles: 6
  - {id: bloom-care, type: service, subject: bloom, verified: true, features: [wechat_pay, advanced_api]}
  - {id: bloom-team, type: enterprise, subject: bloom, verified: true}
  - id: bloom-shop
    type: mini_program
    subject: bloom
    features: [store_jump, product_import]
links:
  - {kind: mini_program, source: bloom-daily, target: bloom-shop}
  - {kind: admin, source: li-na, target: bloom-daily}
  - {kind: member, source: li-na-work, target: bloom-team, verified: true}
  - {kind: promotes, source: li-na-work, target: bloom-daily}
"""


def test_yaml_loads_the_same_ecosystem_as_its_json_twin(tmp_path):
    path = tmp_path / "bloom.yaml"
    path.write_text(_YAML_TWIN, encoding="utf-8")
    assert _data(topology.load(path)) == _data(topology.load(SAMPLES / "bloom.json"))


@pytest.mark.parametrize("sample", sorted(SAMPLES.glob("*.json")), ids=lambda p: p.name)
def test_every_sample_dumped_as_yaml_loads_the_same(sample, tmp_path):
    yaml = pytest.importorskip("yaml")
    path = tmp_path / (sample.stem + ".yml")
    path.write_text(yaml.safe_dump(json.loads(sample.read_text(encoding="utf-8")), allow_unicode=True),
                    encoding="utf-8")
    assert _data(topology.load(path)) == _data(topology.load(sample))


def test_yaml_problems_carry_pointer_and_position(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("schema_version: 1\naccounts:\n  - id: li-na\n    type: personal\n    colour: red\n"
                    "  - id: bloom-daily\n    type: subscription\n", encoding="utf-8")
    problems = _problems(path)
    assert {(p.pointer, p.line, p.column) for p in problems} == {
        ("/accounts/0/colour", 5, 13), ("/accounts/1/subject", 6, 5)}


def test_yaml_document_that_is_not_a_mapping(tmp_path):
    path = tmp_path / "list.yaml"
    path.write_text("- li-na\n- bloom-daily\n", encoding="utf-8")
    (p,) = _problems(path)
    assert p.pointer == "" and "object" in p.message


def test_loading_a_mapping_reports_pointers_too():
    (p,) = _problems({"schema_version": 1, "accounts": [{"id": "li-na", "type": "personal", "colour": "red"}]})
    assert p.pointer == "/accounts/0/colour"


# -- ids are shown everywhere: they must be showable ------------------------------------------------------
@pytest.mark.parametrize("bad_id", ["", "   ", "\t", "two\nlines", "esc\x1b[2J", "bell\x07", "del\x7f", "c1\x9b",
                                    "rtl\u202eexe", "isolate\u2066x\u2069", "nul\x00"])
@pytest.mark.parametrize("where", ["subject", "account", "link source", "auxiliary primary"])
def test_an_id_that_is_blank_or_holds_control_characters_is_a_document_error(bad_id, where):
    d = doc(subjects=[subject("me", "individual")], accounts=[account("p", "personal", subject="me")])
    pointer = {"subject": "/subjects/0/id", "account": "/accounts/1/id", "link source": "/links/0/source",
               "auxiliary primary": "/accounts/1/primary"}[where]
    if where == "subject":
        d["subjects"][0]["id"] = bad_id
    elif where == "account":
        d["accounts"].append(account(bad_id, "service", subject="me"))
    elif where == "link source":
        d["links"].append(link("admin", bad_id, "p"))
    else:
        d["accounts"].append(account("aux", "auxiliary", primary=bad_id))
    with pytest.raises(topology.DocumentError) as info:
        topology.load(d)
    assert pointer in {p.pointer for p in info.value.problems}
    problem = next(p for p in info.value.problems if p.pointer == pointer)
    assert problem.line == 1 and ("invalid id" in problem.message or "must not be empty" in problem.message)
    assert "\x1b" not in str(info.value) and "\u202e" not in str(info.value)


@pytest.mark.parametrize("good_id", ["暖芽-mall", "a b", " padded ", "x|<b>&\"'", "emoji🙂", "A-->B"])
def test_ids_may_hold_spaces_markup_and_any_script(good_id):
    d = doc(subjects=[subject("me", "individual")], accounts=[account(good_id, "personal", subject="me")])
    assert topology.load(d).accounts[0].id == good_id


def test_five_thousand_missing_fields_each_get_a_position():
    """A file written with from/to instead of source/target: every problem located, in one walk."""
    links = ",\n".join('  {"kind": "admin", "from": "p", "to": "q"}' for _ in range(2500))
    text = '{"schema_version": 1, "links": [\n' + links + "\n]}"
    with pytest.raises(topology.DocumentError) as info:
        topology.load(text.encode())
    problems = info.value.problems
    assert len(problems) == 2500 * 4  # source and target missing, from and to unknown
    assert all(p.line == int(p.pointer.split("/")[2]) + 2 for p in problems)


def test_a_mapping_too_deep_or_with_nan_is_a_document_error_and_an_object_a_type_error():
    deep: list = []
    node = deep
    for _ in range(5000):
        node.append([])
        node = node[0]
    with pytest.raises(topology.DocumentError, match="nested deeper than 200 levels"):
        topology.load({"schema_version": 1, "name": deep})
    with pytest.raises(topology.DocumentError, match="NaN"):
        topology.load({"schema_version": 1, "name": float("nan")})
    with pytest.raises(TypeError, match="'document'"):
        topology.load({"schema_version": 1, "name": object()})


def test_schema_and_loading_are_separate_modules_with_one_public_load():
    """model.py says what a document is; document.py loads one; topology.load is that function."""
    import topology.document
    import topology.model

    assert topology.load is topology.document.load
    assert not hasattr(topology.model, "load") and not hasattr(topology.model, "parse")
    eco = topology.document.parse(topology.loader.decode(b'{"schema_version": 1}', "x.json"))
    assert eco.source.name == "x.json" and eco.source.format == "json"
    eco.attach_source(None)  # a document built in memory points into no text
    assert eco.source is None


def test_a_wrong_field_of_an_account_is_located_without_the_union_tag():
    """pydantic puts the discriminator into the location (/accounts/0/service/verified)."""
    assert topology.model.UNION_TAGS["accounts"] >= {"service", "personal"}
    with pytest.raises(topology.DocumentError) as info:
        topology.load(doc(subjects=[subject("s", "enterprise")],
                          accounts=[account("svc", "service", subject="s", verified="yes")]))
    assert [p.pointer for p in info.value.problems] == ["/accounts/0/verified"]
