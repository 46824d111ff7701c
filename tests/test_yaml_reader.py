"""The YAML reader: JSON-compatible values, or problems with pointer, line and column.

Every rule is checked at its exact position, with libyaml (the fast path) and with PyYAML's
pure-Python parser (what runs where libyaml is missing); positions count characters.
"""

from __future__ import annotations

import re

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from topology import limits, yaml_reader
from topology.errors import DocumentError
from topology.vocab import problem_text
from topology.yaml_reader import load_yaml, yaml_locate, yaml_pointer_at
from topology.yaml_values import build_values


@pytest.fixture(params=["libyaml", "python"])
def parser(request, monkeypatch):
    """Run the test with libyaml (when installed) and with the pure-Python parser."""
    if request.param == "libyaml":
        if not yaml.__with_libyaml__:
            pytest.skip("PyYAML without libyaml")
    else:
        monkeypatch.setattr(yaml_reader, "_Loader", yaml_reader._PyLoader)
        monkeypatch.setattr(yaml_reader, "_C_SAFE", False)
    return request.param


def problems(text: str) -> list[tuple[str, str, int | None, int | None]]:
    with pytest.raises(DocumentError) as err:
        load_yaml(text, "eco.yaml")
    assert err.value.document == "eco.yaml"
    return [(p.pointer, p.message, p.line, p.column) for p in err.value.problems]


def one(text: str) -> tuple[str, str, int | None, int | None]:
    (found,) = problems(text)
    return found


# -- values ---------------------------------------------------------------------------------
def test_values_keep_key_order_and_types(parser):
    text = "schema_version: 1\nname: 暖芽\naccounts:\n  - {id: li-na, type: personal, verified: true}\nz: ~\na: []\n"
    data = load_yaml(text, "eco.yaml")
    assert data == {"schema_version": 1, "name": "暖芽",
                    "accounts": [{"id": "li-na", "type": "personal", "verified": True}], "z": None, "a": []}
    assert list(data) == ["schema_version", "name", "accounts", "z", "a"]


@pytest.mark.parametrize("scalar", [
    "yes", "No", "on", "OFF", "true", "False", "~", "null", "NULL", "''", "'12'", '"yes"', "12", "-7", "+3", "012",
    "0x1F", "0b101", "1_000", "1:30", "-1:30", "1.5", ".5", "-1.", "1.0e+3", "1e3", "1_0.5", "190:20:30.15", "0",
    "0.0", "-0.0", "1.2.3", "0o17", "v1", "暖芽", "! 12", "!!str 12", "!!int '0x10'", "!!float 7", "!!bool YES",
    "!!null whatever", "|\n  two\n  lines", ">\n  folded\n  text",
])
def test_scalars_resolve_as_pyyaml_safeloader(parser, scalar):
    text = f"v: {scalar}\n"
    assert load_yaml(text, "x.yaml") == yaml.load(text, Loader=yaml.SafeLoader)


@pytest.mark.parametrize("scalar", ["2026-02-30", "2026-11-25", "2001-12-14t21:59:43.10-05:00", "!!timestamp 2026-01-02"])
def test_timestamps_stay_strings(parser, scalar):
    assert load_yaml(f"as_of: {scalar}\n", "x.yaml") == {"as_of": scalar.removeprefix("!!timestamp ")}


def test_keys_are_converted_as_json_writes_them(parser):
    data = load_yaml("1: a\ntrue: b\n~: c\n1.5: d\n", "x.yaml")
    assert data == {"1": "a", "true": "b", "null": "c", "1.5": "d"}  # 1 and true: two keys, not one (1 == True)


def test_a_scalar_or_a_list_document_is_returned_as_is(parser):
    assert load_yaml("- li-na\n- bloom\n", "x.yaml") == ["li-na", "bloom"]
    assert load_yaml("hello\n", "x.yaml") == "hello"
    assert load_yaml("~\n", "x.yaml") is None


# -- duplicate keys -------------------------------------------------------------------------
def test_duplicate_key_is_named_at_the_duplicate(parser):
    assert one("a: 1\nb: 2\na: 3\n") == ("/a", 'duplicate key "a"', 3, 1)


def test_nested_duplicate_keys_each_reported(parser):
    text = "accounts:\n  - id: li-na\n    type: personal\n    id: li-na-2\n  - {id: x, id: y}\n"
    assert problems(text) == [("/accounts/0/id", 'duplicate key "id"', 4, 5),
                              ("/accounts/1/id", 'duplicate key "id"', 5, 13)]


def test_duplicate_key_pointer_is_escaped(parser):
    assert one("x:\n  a/b~c: 1\n  'a/b~c': 2\n") == ("/x/a~1b~0c", 'duplicate key "a/b~c"', 3, 3)


def test_keys_that_json_writes_alike_are_duplicates(parser):
    assert one("1: a\n'1': b\n") == ("/1", 'duplicate key "1"', 2, 1)
    assert one("yes: a\ntrue: b\n") == ("/true", 'duplicate key "true"', 2, 1)


def test_a_key_with_control_characters_is_escaped_in_the_message(parser):
    assert one('"a\\e": 1\n"a\\e": 2\n') == ("/a\x1b", 'duplicate key "a\\x1b"', 2, 1)


# -- anchors, aliases, merges, keys ---------------------------------------------------------
def test_anchors_and_aliases_are_refused_where_they_are(parser):
    assert problems("a: &x [1]\nb: *x\n") == [("/a", "anchors are not supported (&x)", 1, 4),
                                              ("/b", "aliases are not supported (*x)", 2, 4)]


def test_an_undefined_alias_is_refused(parser):
    assert one("a: [1, *nope]\n") == ("/a/1", "aliases are not supported (*nope)", 1, 8)


BILLION_LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{c}: &{c} [{','.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi"))


def test_a_billion_laughs_file_is_refused_without_expanding(parser):
    found = problems(BILLION_LAUGHS)
    assert found[0] == ("/a", "anchors are not supported (&a)", 1, 4)
    assert ("/b/0", "aliases are not supported (*a)", 2, 8) in found
    assert len(found) == 9 + 8 * 9  # each anchor and each alias once: nothing was expanded
    assert len(yaml_locate(BILLION_LAUGHS, ["/i/8/8/8/8/8/8/8/8/8"])) == 1  # shared, never copied


def test_a_node_reached_twice_is_an_alias():
    """The C composer shares an aliased node; the walk refuses to read it twice."""
    root = yaml.compose("a: &x [1]\nb: *x\n", Loader=yaml.SafeLoader)
    _, found = build_values(root)
    assert [(p.pointer, p.message, p.line, p.column) for p in found] == [("/b", "aliases are not supported", 1, 4)]


def test_ampersands_in_text_are_not_anchors(parser):
    assert load_yaml("name: R & D\nurl: https://x.cn/?a=1&b=2\nx: '&y'\n", "x.yaml") == {
        "name": "R & D", "url": "https://x.cn/?a=1&b=2", "x": "&y"}


def test_merge_keys_are_refused(parser):
    assert one("base: {a: 1}\nx: {<<: {b: 1}, c: 2}\n") == ("/x", "merge keys (<<) are not supported", 2, 5)


@pytest.mark.parametrize("text, kind, column", [("{[1]: 2}\n", "sequence", 2), ("? {a: 1}\n: 2\n", "mapping", 3)])
def test_keys_must_be_scalars(parser, text, kind, column):
    assert one(text) == ("", f"a mapping key must be a string, not a {kind}", 1, column)


# -- numbers and tags -----------------------------------------------------------------------
def test_too_long_integer_is_out_of_range(parser):
    assert one("n: 1\nbig: " + "7" * 5000 + "\n") == ("/big", "integer out of range", 2, 6)
    assert one("big: [0x" + "f" * 4000 + "]\n") == ("/big/0", "integer out of range", 1, 7)


@pytest.mark.parametrize("number, why", [(".nan", "NaN and infinity are not allowed"), (".NaN", "NaN and infinity are not allowed"),
                                         ("-.inf", "NaN and infinity are not allowed"), ("+.Inf", "NaN and infinity are not allowed"),
                                         ("1.0e+999", "too large"), ("!!float .inf", "NaN and infinity are not allowed")])
def test_nan_and_infinity_are_not_json_numbers(parser, number, why):
    shown = number.removeprefix("!!float ")
    assert one(f"score:\n  - {number}\n") == ("/score/0", f"not a JSON number: {shown} ({why})", 2, 5)


@pytest.mark.parametrize("value, tag", [
    ("!!binary aGVsbG8=", "!!binary"), ("!!set {a, b}", "!!set"), ("!!omap [{a: 1}]", "!!omap"),
    ("!!pairs [{a: 1}]", "!!pairs"), ("!!python/object/apply:os.system [ls]", "!!python/object/apply:os.system"),
    ("!!python/name:os.system ''", "!!python/name:os.system"), ("!foo bar", "!foo"), ("!foo [1]", "!foo"),
    ("!<tag:example.com,2000:x> 1", "tag:example.com,2000:x"), ("!!map [1]", "!!map"), ("!!str {a: 1}", "!!str"),
])
def test_tags_other_than_json_types_are_refused(parser, value, tag):
    assert one(f"ok: 1\nv: {value}\n") == ("/v", f"unsupported YAML tag {tag}", 2, 4)


@pytest.mark.parametrize("value, message", [("!!int x", "not a valid !!int value"),
                                            ("!!float x", "not a valid !!float value"),
                                            ("!!bool maybe", "not a valid !!bool value")])
def test_json_tags_on_wrong_values(parser, value, message):
    assert one(f"v: {value}\n") == ("/v", message, 1, 4)


def test_every_bad_value_is_reported_not_only_the_first(parser):
    assert problems("a: .nan\nb: !!binary eA==\nc: [1, 1.0e+999]\n") == [
        ("/a", "not a JSON number: .nan (NaN and infinity are not allowed)", 1, 4),
        ("/b", "unsupported YAML tag !!binary", 2, 4),
        ("/c/1", "not a JSON number: 1.0e+999 (too large)", 3, 8)]


# -- nesting ----------------------------------------------------------------------------------
TOO_DEEP = f"malformed YAML: nested deeper than {limits.MAX_DEPTH} levels"


def test_nesting_to_the_limit_is_read(parser):
    depth = limits.MAX_DEPTH
    data = load_yaml("[" * depth + "]" * depth, "x.yaml")
    for _ in range(depth - 1):
        (data,) = data
    assert data == []


def test_flow_nesting_past_the_limit_is_refused_at_the_first_too_deep_node(parser):
    depth = limits.MAX_DEPTH
    assert one("a: " + "[" * depth + "]" * depth + "\n") == ("/a" + "/0" * (depth - 1), TOO_DEEP, 1, 3 + depth)


@pytest.mark.parametrize("text", ["[" * 50_000, "[" * 50_000 + "]" * 50_000, "{a: " * 50_000 + "1" + "}" * 50_000])
def test_fifty_thousand_open_brackets_neither_recurse_nor_crash(parser, text):
    pointer, message, line, column = one(text)
    assert (message, line, column) == (TOO_DEEP, 1, 1 + limits.MAX_DEPTH * (1 if text[0] == "[" else 4))
    assert pointer == ("/0" if text[0] == "[" else "/a") * limits.MAX_DEPTH
    yaml_locate(text, ["/0/0", "/a/a"])
    yaml_pointer_at(text, 40_000)


def test_deep_block_nesting_is_refused_at_the_first_too_deep_node(parser):
    text = "".join("  " * i + f"k{i}:\n" for i in range(1200)) + "  " * 1200 + "x\n"
    limit = limits.MAX_DEPTH
    assert one(text) == ("".join(f"/k{i}" for i in range(limit)), TOO_DEEP, limit + 1, 2 * limit + 1)


def test_deep_block_sequences_are_refused(parser):
    text = "".join(" " * i + "-\n" for i in range(3000))
    pointer, message, line, column = one(text)
    assert (pointer, message, line, column) == ("/0" * limits.MAX_DEPTH, TOO_DEEP, limits.MAX_DEPTH + 1,
                                                limits.MAX_DEPTH + 1)


# -- empty and several documents --------------------------------------------------------------
@pytest.mark.parametrize("text", ["", "  \n\n", "# only a comment\n", "---\n", "--- # nothing\n...\n", "\ufeff"])
def test_an_empty_document_is_an_error_at_its_start(parser, text):
    assert one(text) == ("", "the document is empty", 1, 1)


def test_a_second_document_is_refused_at_its_start(parser):
    assert one("a: 1\n---\nb: 2\n") == ("", "more than one YAML document (a file holds one)", 2, 1)
    assert one("---\na: 1\n...\n--- \n") == ("", "more than one YAML document (a file holds one)", 4, 1)


# -- syntax errors ----------------------------------------------------------------------------
CONTROL = "malformed YAML: character #x{:04x} is not allowed (a control or special character)"


@pytest.mark.parametrize("text, pointer, code", [
    ("名字: 暖芽\nname: [1, \x07]\n", "/name", 0x07),
    ("名字: \"暖芽\x1b[2J\"\n", "/名字", 0x1B),
    ("accounts:\n  - id: 暖芽\x7f\n", "/accounts/0/id", 0x7F),
    ("a: 1\nb: 暖\ufffe\n", "/b", 0xFFFE),
])
def test_control_characters_are_refused_where_they_are(parser, text, pointer, code):
    offset = re.search("[\x07\x1b\x7f\ufffe]", text).start()
    line = text.count("\n", 0, offset) + 1
    column = offset - text.rfind("\n", 0, offset)  # characters: CJK counts one each
    assert one(text) == (pointer, CONTROL.format(code), line, column)


def test_a_lone_surrogate_is_refused_where_it_is(parser):
    assert one("a: 1\nb: [x, '暖\ud800']\n") == ("/b/1", CONTROL.format(0xD800), 2, 10)


def test_unclosed_flow_mapping_points_into_the_value_being_read(parser):
    text = "schema_version: 1\naccounts:\n  - {id: li-na, type: personal]\n"
    pointer, message, line, column = one(text)
    assert (pointer, line, column) == ("/accounts/0", 3, text.splitlines()[2].index("]") + 1)
    assert message.startswith("malformed YAML: ")


def test_unclosed_flow_sequence_names_where_it_started(parser):
    pointer, message, line, column = one("a: [1, 2\n")
    assert (pointer, line, column) == ("/a", 2, 1)
    assert message.startswith("malformed YAML: ") and message.endswith("at line 1, column 4)")


def test_a_token_the_scanner_cannot_read_is_in_the_next_item(parser):
    pointer, message, line, column = one("- a\n- b\n  c: d\n")
    assert (pointer, line, column) == ("/1", 3, 4) and message.startswith("malformed YAML: ")
    pointer, message, line, column = one("a: b\n  c: d\n")
    assert (pointer, line, column) == ("/a", 2, 4) and message.startswith("malformed YAML: ")
    pointer, message, line, column = one('names: ["a", "b]\n')
    assert (pointer, line, column) == ("/names/1", 2, 1) and "line 1, column 14" in message


def test_unclosed_quote(parser):
    pointer, message, line, column = one("a: ok\nb: \"never closed\n")
    assert (pointer, line, column) == ("/b", 3, 1) and "line 2, column 4" in message


def test_bad_indentation(parser):
    pointer, message, line, column = one("a:\n  b: 1\n c: 2\n")
    assert (pointer, line, column) == ("", 3, 2) and message.startswith("malformed YAML: ")


def test_a_tab_for_indentation(parser):
    pointer, message, line, column = one("a:\n  b: 1\n  c:\n\t- x\n")
    assert (pointer, line, column) == ("/a/c", 4, 1) and message.startswith("malformed YAML: ")


def test_cjk_before_the_error_counts_one_column_each(parser):
    text = "名字: [暖芽, 暖芽}\n"
    pointer, _, line, column = one(text)
    assert (pointer, line, column) == ("/名字", 1, text.index("}") + 1)


def test_a_bom_is_not_a_column(parser):
    assert one("\ufeffa: 1\na: 2\n") == ("/a", 'duplicate key "a"', 2, 1)
    assert one("\ufeffa: .nan\n")[2:] == (1, 4)
    assert one("\ufeffa: [1, \x07]\n") == ("/a", CONTROL.format(7), 1, 8)
    pointer, _, line, column = one("\ufeffa: [1, }\n")
    assert (pointer, line, column) == ("/a", 1, 8)
    assert yaml_locate("\ufeffa: 1\n", ["/a"]) == {"/a": (1, 4)}
    assert yaml_pointer_at("\ufeffa: 1\n", 4) == "/a"


# -- locating ---------------------------------------------------------------------------------
YAML_TEXT = """\
schema_version: 1
name: 暖芽
accounts:
  - id: li-na
    type: personal
  - {id: bloom-daily, type: subscription, "a/b": {"c~d": 1}}
links: []
"""


def _at(text: str, needle: str, line: int) -> tuple[int, int]:
    """(line, column) of ``needle`` on a 1-based line."""
    return line, text.splitlines()[line - 1].index(needle) + 1


@pytest.mark.parametrize("ptr, needle, line", [
    ("", "schema_version", 1), ("/schema_version", "1", 1), ("/name", "暖芽", 2), ("/accounts", "-", 4),
    ("/accounts/0", "id", 4), ("/accounts/0/type", "personal", 5), ("/accounts/1", "{", 6),
    ("/accounts/1/type", "subscription", 6), ("/accounts/1/a~1b", '{"c~d', 6), ("/accounts/1/a~1b/c~0d", "1}", 6),
    ("/links", "[]", 7),
])
def test_locate(ptr, needle, line):
    assert yaml_locate(YAML_TEXT, [ptr]) == {ptr: _at(YAML_TEXT, needle, line)}


def test_locate_leaves_out_what_does_not_resolve():
    wanted = ["/accounts/2", "/accounts/01", "/accounts/-", "/nope", "/name/0", "no-slash", "/accounts/0/id"]
    assert yaml_locate(YAML_TEXT, wanted) == {"/accounts/0/id": (4, 9)}


def test_locate_in_text_that_does_not_compose_finds_what_came_before():
    text = "a: 1\nb: [2, 3\nc: ]]]\n"
    assert yaml_locate(text, ["/a", "/b/1", "/c"]) == {"/a": (1, 4), "/b/1": (2, 8)}
    assert yaml_locate("\x00\x07 : : [", ["", "/a"]) == {}
    assert yaml_locate("a: 1\n", []) == {}


@pytest.mark.parametrize("needle, expected", [("schema_version", "/schema_version"), ("1\n", "/schema_version"),
                                              ("暖芽", "/name"), ("li-na", "/accounts/0/id"), ("- id", "/accounts"),
                                              ("type: sub", "/accounts/1/type"), ("1}", "/accounts/1/a~1b/c~0d"),
                                              ('{"c', "/accounts/1/a~1b"), ("links:", "/links")])
def test_pointer_at(needle, expected):
    assert yaml_pointer_at(YAML_TEXT, YAML_TEXT.index(needle)) == expected


def test_pointer_at_is_tolerant():
    assert yaml_pointer_at("a:\n  b: [1, 2\n", 12) == "/a/b/1"
    assert yaml_pointer_at("\x07", 0) == ""


# -- round trip property ------------------------------------------------------------------------
# NEL (U+0085) is left out: PyYAML's emitter writes it raw in a quoted scalar, where YAML 1.1
# reads it as a line break (yaml.safe_load(yaml.safe_dump("\x85")) == " ")
_TEXT = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x85"))
JSON_DATA = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | _TEXT,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(_TEXT, inner, max_size=5),
    max_leaves=25,
)
_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # the line breaks YAML counts


def _pointers(data, prefix=""):
    yield prefix, data
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:
        yield from _pointers(value, prefix + "/" + str(key).replace("~", "~0").replace("/", "~1"))


def _offset(text: str, line: int, column: int) -> int:
    starts = [0] + [m.end() for m in _BREAKS.finditer(text)]
    return starts[line - 1] + column - 1


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=JSON_DATA, style=st.sampled_from([False, None, True]))
def test_safe_dump_round_trips_and_every_pointer_is_located(data, style):
    text = yaml.safe_dump(data, allow_unicode=True, default_flow_style=style, sort_keys=False)
    assert load_yaml(text, "x.yaml") == data
    found = yaml_locate(text, [p for p, _ in _pointers(data)])
    assert set(found) == {p for p, _ in _pointers(data)}
    for ptr, value in _pointers(data):
        if not isinstance(value, (dict, list)):  # a scalar starts where it is: its pointer is there
            assert yaml_pointer_at(text, _offset(text, *found[ptr])) == ptr


# -- the same problems in Chinese ------------------------------------------------------------
@pytest.mark.parametrize(("text", "key", "zh"), [
    ("a: 1\na: 2\n", "duplicate_key", '重复的键 "a"'),
    ("a: &x 1\nb: *x\n", "yaml_anchor", "不支持锚点（&x）"),
    ("a: !!binary aGk=\n", "yaml_tag", "不支持的 YAML 标签 !!binary"),
    ("a: !!int x\n", "yaml_bad_scalar", "不是有效的 !!int 值"),
    ("a: .inf\n", "not_json_number", "不是 JSON 数字：.inf（不允许 NaN 和无穷大）"),
    ("<<: {a: 1}\n", "yaml_merge", "不支持合并键（<<）"),
    ("a: 1\n---\nb: 2\n", "yaml_documents", "多于一个 YAML 文档（一个文件只能有一个）"),
    ("? [a]\n: 1\n", "key_not_string", "映射的键必须是字符串，不能是序列"),
    ("a: b\x07\n", "yaml_character", "YAML 格式错误：不允许字符 #x0007（控制字符或特殊字符）"),
    ("a: b: c\n", "malformed_yaml", None),
    ("a: [1, 2\n", "malformed_yaml_at", None),
    ("a: " + "[" * (limits.MAX_DEPTH + 1) + "]" * (limits.MAX_DEPTH + 1) + "\n", "yaml_too_deep",
     f"YAML 格式错误：嵌套超过 {limits.MAX_DEPTH} 层"),
])
def test_yaml_problems_speak_chinese_at_the_same_place(parser, text, key, zh):
    """Each problem is a key and values: the English message as before, the Chinese from the same data."""
    with pytest.raises(DocumentError) as err:
        load_yaml(text, "eco.yaml")
    p = err.value.problems[0]
    assert p.key == key and p.message == problem_text(key, p.args)
    if zh is None:  # a parser's sentence: translated where known, else the general words, never English
        assert re.fullmatch(r"YAML 格式错误：[^A-Za-z]+", p.text("zh")), p.text("zh")
    else:
        assert p.text("zh") == zh
    assert err.value.text("zh").splitlines()[1].startswith(f"eco.yaml:{p.line}:{p.column}: 错误 {p.pointer or '/'}: ")
