"""Reading documents: bytes to text, JSON or YAML, and JSON pointers to line:column."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

import topology
from tests.bad_inputs import BAD
from tests.helpers import ROOT
from topology.errors import InvalidValue, problem_line
from topology.limits import DEFAULT_MAX_INPUT_SIZE, set_max_input_size
from topology.loader import decode, read_source
from topology.positions import pointer
from topology.problems import validation_problems
from topology.vocab import PROBLEMS, problem_text

JSON_TEXT = """\
{
  "schema_version": 1,
  "name": "暖芽 {not a [container]} \\"quoted\\"",
  "accounts": [
    {"id": "wang-fang", "type": "personal", "bans": [{"start": "2020-01-02"}, {"start": "2024-05-06", "end": null}]},
    {"id": "nuanya-mall", "type": "mini_program", "features": ["wechat_pay", "store_jump"],
     "broadcasts": [
       {"date": "2026-11-20", "articles": 2}
     ]}
  ],
  "a/b": {"c~d": [[1, 2], [3, {"deep": true}]]},
  "empty": {}, "none": []
}
"""


def _at(text: str, pos: tuple[int, int]) -> str:
    line, col = pos
    return text.splitlines()[line - 1][col - 1:]


@pytest.mark.parametrize(("ptr", "expected"), [
    ("", "{"),
    ("/schema_version", "1,"),
    ("/name", '"暖芽'),
    ("/accounts", "["),
    ("/accounts/0", '{"id": "wang-fang"'),
    ("/accounts/0/bans/1", '{"start": "2024-05-06"'),
    ("/accounts/0/bans/1/end", "null}"),
    ("/accounts/1/features/1", '"store_jump"'),
    ("/accounts/1/broadcasts/0/articles", "2}"),
    ("/a~1b/c~0d/1/1/deep", "true}"),
    ("/a~1b/c~0d/0/1", "2]"),
    ("/empty", "{}"),
    ("/none", "[]"),
])
def test_locate_json(ptr, expected):
    source = decode(JSON_TEXT.encode(), "eco.json")
    found = source.locate([ptr])
    assert ptr in found, ptr
    assert _at(JSON_TEXT, found[ptr]).startswith(expected)


def test_locate_json_many_at_once_and_unresolvable_left_out():
    source = decode(JSON_TEXT.encode(), "eco.json")
    wanted = ["/accounts/1/broadcasts/0/date", "/accounts/0/id", "/accounts/2", "/nope", "/accounts/0/bans/5",
              "/none/0", "/schema_version/x"]
    found = source.locate(wanted)
    assert set(found) == {"/accounts/1/broadcasts/0/date", "/accounts/0/id"}
    assert found["/accounts/1/broadcasts/0/date"] == (8, 17)
    assert found["/accounts/0/id"] == (5, 12)


def test_locate_counts_characters_not_bytes():
    text = '{"name": "暖芽母婴", "as_of": "2026-11-25"}'
    assert decode(text.encode(), "x.json").locate(["/as_of"]) == {"/as_of": (1, 27)}


def test_locate_with_crlf_line_ends():
    text = '{\r\n  "schema_version": 1,\r\n  "as_of": "2026-11-25"\r\n}\r\n'
    assert decode(text.encode(), "x.json").locate(["/as_of"]) == {"/as_of": (3, 12)}


YAML_TEXT = """\
schema_version: 1
name: 暖芽
accounts:
  - id: wang-fang
    type: personal
    bans:
      - start: 2020-01-02
      - {start: 2024-05-06, end: 2024-05-09}
  - {id: nuanya-mall, type: mini_program, features: [wechat_pay, store_jump]}
"a/b":
  "c~d":
    - [1, 2]
    - - 3
      - deep: true
"""


@pytest.mark.parametrize(("ptr", "expected"), [
    ("", "schema_version"),
    ("/name", "暖芽"),
    ("/accounts/0", "id: wang-fang"),
    ("/accounts/0/bans/0/start", "2020-01-02"),
    ("/accounts/0/bans/1", "{start: 2024-05-06"),
    ("/accounts/0/bans/1/end", "2024-05-09}"),
    ("/accounts/1/features/1", "store_jump]"),
    ("/a~1b/c~0d/0/1", "2]"),
    ("/a~1b/c~0d/1/1/deep", "true"),
])
def test_locate_yaml(ptr, expected):
    source = decode(YAML_TEXT.encode(), "eco.yaml", "yaml")
    found = source.locate([ptr])
    assert ptr in found, ptr
    assert _at(YAML_TEXT, found[ptr]).startswith(expected)


def test_locate_yaml_unresolvable_left_out():
    source = decode(YAML_TEXT.encode(), "eco.yaml", "yaml")
    assert source.locate(["/accounts/7", "/nope", "/name/0"]) == {}


def test_pointer_escapes_tokens():
    assert pointer("a/b", "c~d", 3) == "/a~1b/c~0d/3"


def test_decode_accepts_a_bom():
    source = decode(b'\xef\xbb\xbf{"schema_version": 1}', "bom.json")
    assert source.text == '{"schema_version": 1}' and source.format == "json"
    assert topology.load(source).schema_version == 1


@pytest.mark.parametrize("data", [b"", b"   ", b"\n\t \r\n", b"\xef\xbb\xbf"])
def test_decode_refuses_empty_documents(data):
    with pytest.raises(topology.DocumentError) as info:
        decode(data, "empty.json")
    (p,) = info.value.problems
    assert (p.pointer, p.line, p.column) == ("", 1, 1) and "empty" in p.message


def test_decode_reports_invalid_utf8_with_position():
    with pytest.raises(topology.DocumentError) as info:
        decode(b'{\n  "name": "ok",\n  "as_of": "\xc3\x28"\n}', "bad.json")
    (p,) = info.value.problems
    assert (p.line, p.column) == (3, 13)
    assert "UTF-8" in p.message and "0xc3" in p.message


@pytest.mark.parametrize(("data", "fmt"), [
    (b'{"schema_version": 1}', "json"),
    (b'  \n[1]', "json"),
    (b"schema_version: 1\n", "yaml"),
    (b"# comment\nschema_version: 1\n", "yaml"),
    (b"---\nschema_version: 1\n", "yaml"),
    (b"- li-na\n", "yaml"),
    (b"-1", "json"),
])
def test_format_is_json_or_yaml_by_content(data, fmt):
    assert decode(data, "-").format == fmt


def test_yaml_suffix_decides_the_format(tmp_path):
    path = tmp_path / "eco.YML"
    path.write_text('{"schema_version": 1}', encoding="utf-8")  # JSON is YAML too
    assert read_source(path).format == "yaml"
    assert topology.load(path).schema_version == 1


def test_read_source_from_stdin():
    source = read_source("-", stdin=io.BytesIO(b'{"schema_version": 1}'))
    assert source.name == "-" and source.format == "json"


# -- what every reader refuses, and where it says so ------------------------------------------------------
BLOOM = (Path(__file__).resolve().parent.parent / "samples" / "bloom.json").read_text(encoding="utf-8")


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be", "utf-8-sig"])
def test_utf16_and_utf32_are_decoded_by_bom_or_nul_pattern(tmp_path, codec):
    """What PowerShell's `>` writes (UTF-16 LE with a BOM) reads as the same document."""
    path = tmp_path / "eco.json"
    path.write_bytes(BLOOM.encode(codec))
    assert topology.load(path).model_dump() == topology.load(BLOOM.encode()).model_dump()


@pytest.mark.parametrize("suffix", [".json", ".yaml", ""])
def test_nul_bytes_are_named_where_they_are_not_read_as_yaml(tmp_path, suffix):
    path = tmp_path / f"eco{suffix}"
    path.write_bytes(b'{"schema_version": 1,\n  "name": "a\x00b"}')
    with pytest.raises(topology.DocumentError) as info:
        read_source(path)
    (p,) = info.value.problems
    assert (p.line, p.column) == (2, 13) and "NUL" in p.message and "YAML" not in p.message


def test_an_input_over_the_size_limit_stops_without_reading_the_rest(tmp_path):
    path = tmp_path / "big.json"
    path.write_text(BLOOM, encoding="utf-8")
    set_max_input_size(100)
    try:
        with pytest.raises(topology.DocumentError, match="larger than the limit of 100 bytes"):
            read_source(path)
        stream = io.BytesIO(b" " * 10_000 + b"{}")
        with pytest.raises(topology.DocumentError, match="--max-input-size"):
            read_source("-", stdin=stream)
        assert stream.tell() <= 101  # stopped one byte past the limit
    finally:
        set_max_input_size(DEFAULT_MAX_INPUT_SIZE)


@pytest.mark.parametrize(("text", "pointer", "line", "column"), [
    ('{"schema_version": 1,\n "accounts": [],\n "accounts": []}', "/accounts", 3, 2),
    ('{"schema_version": 1, "accounts": [{"id": "a",\n  "type": "personal", "id": "b"}]}', "/accounts/0/id", 2, 23),
    ('{"schema_version": 1, "name": "暖芽", "name": "x"}', "/name", 1, 37),
])
def test_a_duplicate_json_key_is_a_document_error_not_last_wins(text, pointer, line, column):
    with pytest.raises(topology.DocumentError) as info:
        topology.load(text.encode())
    (p,) = info.value.problems
    assert (p.pointer, p.line, p.column) == (pointer, line, column)
    assert p.message == f'duplicate key "{pointer.rsplit("/", 1)[1]}"'


def test_nesting_deeper_than_the_limit_is_a_positioned_error():
    with pytest.raises(topology.DocumentError) as info:
        topology.load(b'{"schema_version": 1, "name": ' + b"[" * 50_000)
    (p,) = info.value.problems
    assert "nested deeper than 200" in p.message and p.line == 1 and p.pointer.startswith("/name/0/0")


def test_a_json_syntax_error_after_chinese_counts_characters():
    with pytest.raises(topology.DocumentError) as info:
        topology.load('{"schema_version": 1, "name": "暖芽母婴",, "x": 1}'.encode())
    (p,) = info.value.problems
    assert (p.line, p.column) == (1, 38) and p.message.startswith("malformed JSON")


def test_every_duplicate_key_is_named_and_the_other_problems_too():
    text = '{"a": 1, "a": 2,\n "b": 1, "b": 2, "schema_version": "x"}'
    with pytest.raises(topology.DocumentError) as info:
        topology.load(text.encode())
    found = [(p.pointer, p.line, p.message) for p in info.value.problems]
    assert ("/a", 1, 'duplicate key "a"') in found and ("/b", 2, 'duplicate key "b"') in found
    assert ("/schema_version", 2, "must be an integer, got a string") in found


# -- problems as data: one key, its values, either language ------------------------------------------
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("bad", BAD, ids=lambda b: b.name)
def test_every_problem_is_data_that_speaks_both_languages(bad):
    """Each bad input's problem carries its key; English is the message, Chinese is Chinese and keeps
    the pointer, the position and the offending value."""
    with pytest.raises(topology.DocumentError) as info:
        topology.load(bad.data, name=bad.filename) if bad.suffix == ".json" else topology.load(
            topology.loader.decode(bad.data, bad.filename, "yaml"))
    for p in info.value.problems:
        assert p.key in PROBLEMS, p
        assert p.text("en") == p.message == problem_text(p.key, p.args)
        zh = p.text("zh")
        assert CJK.search(zh) and zh != p.message
        assert p.to_dict("zh")["message"] == zh and p.to_dict()["message"] == p.message
        line = problem_line(bad.filename, p, lang="zh")
        assert line.startswith(f"{bad.filename}:{p.line}:{p.column}: 错误 " if p.line else f"{bad.filename}: 错误 ")


def test_a_validator_reports_a_problem_in_both_languages():
    with pytest.raises(topology.DocumentError) as info:
        topology.load({"schema_version": 1, "accounts": [
            {"id": "p", "type": "personal", "bans": [{"start": "2026-01-02", "end": "2025-01-01"}]}]})
    (p,) = info.value.problems
    assert p.message == "ban ends (2025-01-01) before it starts (2026-01-02)"
    assert p.text("zh") == "封号结束日期（2025-01-01）早于开始日期（2026-01-02）"
    assert str(InvalidValue("schema_version", given=2, supported=1)) == "unsupported schema_version 2; this wxtopo reads 1"


def test_a_pydantic_error_without_its_own_words_names_the_field_and_the_type():
    """The generic message: pydantic's English as it is, in Chinese the field and what it must be."""
    from pydantic import BaseModel, ConfigDict, ValidationError

    class Gauge(BaseModel):
        model_config = ConfigDict(strict=True)
        ratio: float

    with pytest.raises(ValidationError) as info:
        Gauge.model_validate_json('{"ratio": "high"}')
    (p,) = validation_problems(info.value, None)
    assert p.pointer == "/ratio" and p.key == "invalid" and p.message == info.value.errors()[0]["msg"]
    assert p.text("zh") == "字段 ratio 的值无效（应为数字）"


def test_another_librarys_sentence_never_shows_in_english_in_chinese():
    known = {"detail": "trailing comma"}
    unknown = {"detail": "a sentence no table knows"}
    assert problem_text("malformed_json", known, "zh") == "JSON 格式错误：多余的逗号"
    assert problem_text("malformed_json", unknown) == "malformed JSON: a sentence no table knows"
    assert problem_text("malformed_json", unknown, "zh") == "JSON 格式错误：无法解析"
    assert problem_text("cannot_read", {"name": "x.json", "reason": "No such file or directory", "code": "ENOENT"},
                        "zh") == "无法读取 x.json：文件不存在"


def test_every_problem_key_the_code_names_has_both_templates():
    """``Problem.of(…, "key")``, ``InvalidValue("key")``, ``NotJSON("key")``, ``problem("key")`` and the keys
    the pydantic translation returns all name a template; every template uses only its fields."""
    used = set()
    for path in (ROOT / "topology").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r'(?:Problem\.of\([^,]+, |InvalidValue\(|NotJSON\(|_Bad\(|problem\(|bad\([^,]+, [^,]+, )"(\w+)"',
                               text))
        used |= set(re.findall(r'return "(\w+)", \{', text)) if path.name == "problems.py" else set()
    assert len(used) > 30 and used <= set(PROBLEMS), used - set(PROBLEMS)
    for key, (en, zh) in PROBLEMS.items():
        assert not CJK.search(en) and CJK.search(zh) or en == zh, key  # English may hold "→", never Han


def test_a_file_that_cannot_be_read_says_why_in_both_languages(tmp_path):
    with pytest.raises(topology.DocumentError) as info:
        read_source(tmp_path / "missing.json")
    (p,) = info.value.problems
    assert p.message.startswith("cannot read ") and p.text("zh").endswith("：文件不存在")
    with pytest.raises(topology.DocumentError) as info:
        read_source(tmp_path)
    assert info.value.problems[0].text("zh").endswith("：这是一个目录")


#: a space between digits or Latin and Han, none between two Han words: "1 KiB 的上限", "1000 字节的上限"
@pytest.mark.parametrize(("limit", "en", "zh"), [(1000, "1000 bytes", "1000 字节的上限"), (1024, "1 KiB", "1 KiB 的上限")])
def test_the_size_limit_is_told_in_both_languages(tmp_path, limit, en, zh):
    path = tmp_path / "big.json"
    path.write_bytes(b" " * (limit + 1))
    set_max_input_size(limit)
    try:
        with pytest.raises(topology.DocumentError) as info:
            read_source(path)
    finally:
        set_max_input_size(DEFAULT_MAX_INPUT_SIZE)
    (p,) = info.value.problems
    assert f"the limit of {en} (--max-input-size)" in p.message and f"输入超过 {zh}（" in p.text("zh")


def test_a_path_with_a_nul_byte_cannot_be_read():
    """No file has such a name (found by tests/test_robustness.py): a document error, not a ValueError."""
    with pytest.raises(topology.DocumentError) as info:
        read_source("a\x00b.json")
    (p,) = info.value.problems
    assert p.message == "cannot read a\\x00b.json: embedded null byte" and p.text("zh").startswith("无法读取 ")
