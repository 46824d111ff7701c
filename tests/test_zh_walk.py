"""`--lang zh` is Chinese everywhere: every command × format over the samples, no stray English.

What may stay in Latin letters is the allowance (issue 11, item 4): ids and names from the documents
and the rule examples, rule IDs and names, parameter keys, the document's own field names and values
(the JSON Schema's property names and enums), command-line options and format tokens, and the
English gloss that a rule page prints under its seed sentence on purpose. Any other English word in
the human text of an output fails the walk, with the command and the word.
"""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.bad_inputs import BAD
from tests.helpers import ROOT, wxtopo
from topology.catalogue import rule_page
from topology.rules import all_rules

SAMPLES = ROOT / "samples"
ALL_DOCS = sorted(str(p.relative_to(ROOT)) for p in [*SAMPLES.glob("*.json"), *(SAMPLES / "broken").glob("*.json")]
                  if not p.name.endswith((".expected.json", ".ruleset.json", ".suppressions.json", ".baseline.json")))


def _readable(doc: str) -> bool:
    import topology

    try:
        topology.load(ROOT / doc)
    except topology.DocumentError:
        return False
    return True


DOCS = [d for d in ALL_DOCS if _readable(d)]

#: words of no language: command and format tokens, units, the tool's name
TOKENS = {"wxtopo", "WX", "DOC", "ID", "FILE", "OLD", "NEW", "JSON", "YAML", "SARIF", "SVG", "DOT", "PNG", "PDF",
          "Mermaid", "Graphviz", "true", "false", "null", "English", "http", "https", "www", "md", "json", "yaml",
          "dot", "mmd", "svg", "seed", "N", "validate", "render", "rules", "ruleset", "headroom", "repair", "diff",
          "plan", "schema", "getlinkminiprogram", "API", "AppID", "SDK", "ID", "id", "ids", "B", "GB", "MB", "KB",
          "GiB", "MiB", "KiB", "UTF", "NUL", "U", "NaN", "nan", "x", "YYYY", "MM", "DD"}


def _strings(value, out: set[str]) -> set[str]:
    """Every key and string value of a JSON-like tree (ids, names, field names, enum values)."""
    if isinstance(value, dict):
        for k, v in value.items():
            out.add(str(k))
            _strings(v, out)
    elif isinstance(value, list):
        for v in value:
            _strings(v, out)
    elif isinstance(value, str):
        out.add(value)
    return out


def _schema_tokens(node, out: set[str]) -> set[str]:
    """Property names and enum/const values of a JSON Schema (not its descriptions: prose)."""
    if isinstance(node, dict):
        out |= set(node.get("properties", {}))
        out |= {str(v) for v in node.get("enum", [])} | ({str(node["const"])} if "const" in node else set())
        for v in node.values():
            _schema_tokens(v, out)
    elif isinstance(node, list):
        for v in node:
            _schema_tokens(v, out)
    return out


def _allowance() -> set[str]:
    words: set[str] = set(TOKENS)
    for path in [*SAMPLES.rglob("*.json")]:
        _strings(json.loads(path.read_text(encoding="utf-8")), words)
    for schema in (ROOT / "schemas").glob("*.json"):
        _schema_tokens(json.loads(schema.read_text(encoding="utf-8")), words)
    for r in all_rules():
        words |= {r.id, r.name, *r.parameters, *r.name.split("-")}
        for doc in (r.example, r.use_instead, r.example_baseline, r.example_suppressions, r.example_set):
            _strings(doc or {}, words)
    from topology.ruleset import PARAMETER_NAMES

    words |= set(PARAMETER_NAMES)
    parts = set()
    for w in words:
        parts |= set(re.split(r"[^A-Za-z0-9]+", w))
    return {w for w in words | parts if w} - _ENGLISH_PROSE


#: English words that reach the allowance only through prose of the schemas or samples: they must
#: never pass as tokens (a schema description may say "the subject"; a zh report may not).
_ENGLISH_PROSE = {"the", "a", "an", "of", "and", "or", "is", "are", "to", "in", "on", "by", "for", "with", "from",
                  "not", "no", "none", "off", "yes", "error", "errors", "warning", "warnings", "info", "valid",
                  "invalid", "links", "link", "account", "accounts", "subject", "subjects", "kind", "type",
                  "limit", "source", "target", "cap", "caps", "days", "day", "month", "year", "years",
                  "added", "removed", "changed", "fixed", "introduced", "finding", "findings", "document",
                  "ok", "BREAKS", "priority", "pinned", "official", "secondary", "unverified", "mini", "program",
                  "individual", "enterprise", "government", "media", "organization", "personal", "auxiliary",
                  "subscription", "service", "pending", "rejected", "unlinked", "linked", "member", "admin",
                  "promotes", "primary", "trader", "sole"}
ALLOWED = _allowance()
WORD = re.compile(r"(?<![-\w])--[a-z][a-z-]*|[A-Za-z][A-Za-z0-9_.'-]*")


def english(text: str, also: frozenset[str] = frozenset()) -> list[str]:
    """The words of ``text`` outside the allowance (an option ``--x`` or a path is a token); ``also``:
    more words of the documents read (their ids, names, keys and values)."""
    allowed = ALLOWED | also
    stray = []
    for line in text.splitlines():
        if line.strip().startswith("English: "):  # a rule page's gloss of the seed sentence, English on purpose
            continue
        line = re.sub(r"\S+\.(json|yaml|yml|md|svg|dot|mmd|txt)(#[\w-]+)?\b", " ", line)  # file names (#anchors too)
        line = re.sub(r"https?://\S+", " ", line)
        line = re.sub(r'"[^"]*"', " ", line)
        line = re.sub(r"(?<![A-Za-z])'[^'\s]*'", " ", line)  # a value as Python quotes it: 'mini_program'
        line = re.sub(r"(?<![A-Za-z0-9])(0x|#x)[0-9a-fA-F]+", " ", line)  # a byte or a code point: 0xff, #x0007
        line = re.sub(r"\S*/\S*", " ", line)  # a JSON pointer (/accounts/3/subject), a repository path  # a quoted JSON string is data (a rule page's examples)
        line = re.sub(r"(?<![-\w])--[a-z][a-z-]*[ =]\w+", " ", line)  # an option and its value: --fail-on error
        for m in WORD.finditer(line):
            token = m.group(0).rstrip(".'-")
            if token.startswith("--") or token in allowed:
                continue
            pieces = [p for p in re.split(r"[^A-Za-z0-9]+", token) if p]
            if pieces and all(p in allowed or p.isdigit() for p in pieces) and token.lower() not in _ENGLISH_PROSE:
                continue
            stray.append(token)
    return stray


def _human_text(fmt: str, out: str) -> str:
    """The human text of an output: the whole of text and Markdown, the messages of the structured
    formats (their keys are format tokens), the labels of a diagram."""
    if fmt == "text":
        return out
    if fmt == "markdown":
        out = re.sub(r"\\(?=.)", "", out.replace("<br>", " "))  # registered\_on is registered_on; <br> a line break
        return html.unescape(out)  # &quot;, &lt;: the characters they stand for
    if fmt == "json":
        found: list[str] = []

        def walk(v, key=""):
            if isinstance(v, dict):
                for k, x in v.items():
                    walk(x, k)
            elif isinstance(v, list):
                for x in v:
                    walk(x, key)
            elif isinstance(v, str) and key in ("message", "reason", "why", "summary", "title", "headline", "text"):
                found.append(v)

        walk(json.loads(out))
        return "\n".join(found)
    if fmt == "sarif":
        run = json.loads(out)["runs"][0]
        notes = [n for i in run.get("invocations", []) for n in i.get("toolExecutionNotifications", [])]
        return "\n".join(r["message"]["text"] for r in [*run["results"], *notes])
    if fmt == "junit":
        root = ET.fromstring(out.encode("utf-8"))
        failures = [*root.iter("failure"), *root.iter("error")]
        return "\n".join(filter(None, [*(e.get("message") for e in failures), *(e.text for e in failures),
                                       *(e.text for e in root.iter("system-out"))]))
    if fmt == "github":
        return "\n".join(line.split("::", 2)[-1] for line in out.splitlines())
    if fmt == "dot":
        texts = re.findall(r'(?:label|tooltip)="((?:[^"\\]|\\.)*)"', out)
        texts += [re.sub(r"<[^>]+>", " ", t) for t in re.findall(r"label=<(.*)>", out)]
        return "\n".join(t.replace("\\n", "\n").replace("\\l", "\n") for t in texts)
    if fmt == "mmd":
        texts = re.findall(r'"([^"]*)"', out)
        return "\n".join(html.unescape(re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), t)).replace("<br/>", "\n")
                         for t in texts)
    raise AssertionError(fmt)


def _walk(args: list[str], fmt: str) -> list[str]:
    result = wxtopo(*args)
    assert result.returncode in (0, 1), (args, result.stderr.decode())
    return english(_human_text(fmt, result.stdout.decode("utf-8")))


@pytest.mark.parametrize("ruleset", ["seed", "wechat-2025"])
@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "junit", "github", "sarif"])
def test_validate_speaks_chinese(fmt, ruleset):
    assert _walk(["validate", *DOCS, "--lang", "zh", "--format", fmt, "--ruleset", ruleset], fmt) == []


# -- documents that cannot be read: every problem of the readers and the model, in Chinese --------------
#: more bad inputs than tests/bad_inputs.py holds: what only YAML, a duplicate key or the encoding can get wrong
MORE_BAD = {
    "yaml-duplicate.yaml": b"schema_version: 1\nname: a\nname: b\n",
    "yaml-anchor.yaml": b"schema_version: 1\nsubjects:\n  - &s {id: x, kind: media}\n  - *s\n",
    "yaml-tag.yaml": b"schema_version: 1\nname: !!binary aGVsbG8=\n",
    "yaml-nan.yaml": b"schema_version: 1\nname: .nan\n",
    "yaml-merge.yaml": b"schema_version: 1\n<<: {name: a}\n",
    "yaml-two.yaml": b"schema_version: 1\n---\nschema_version: 1\n",
    "yaml-control.yaml": b"schema_version: 1\nname: a\x07b\n",
    "yaml-key.yaml": b"schema_version: 1\n? [a, b]\n: 1\n",
    "yaml-indent.yaml": b"schema_version: 1\n  name: x\n name: y\n",
    "yaml-unclosed.yaml": b"schema_version: 1\nsubjects: [{id: a,\n  kind: media\n",
    "yaml-quote.yaml": b'schema_version: 1\nname: "abc\nsubjects: []\n',
    "json-duplicate.json": b'{"schema_version": 1, "name": "a", "name": "b"}',
    "json-trailing.json": b'{"schema_version": 1,}',
    "json-nul.json": b'{"schema_version": 1, "name": "a\x00"}',
    "utf16-truncated.json": b"\xff\xfe{\x00\x00\xd8",
    "wrong-enum.json": b'{"schema_version": 1, "links": [{"kind": "mini_program", "source": "a", "target": "b", '
                       b'"status": "gone"}]}',
    "rule-id.json": b'{"schema_version": 1, "subjects": [{"id": "x", "kind": "media", "ignore": ["wx1"]}]}',
    "blank-id.json": b'{"schema_version": 1, "subjects": [{"id": " ", "kind": "media"}]}',
    "unlinked-first.json": b'{"schema_version": 1, "links": [{"kind": "mini_program", "source": "a", "target": "b", '
                           b'"linked_on": "2026-01-02", "unlinked_on": "2025-01-01"}]}',
    "kind-missing.json": b'{"schema_version": 1, "links": [{"source": "a", "target": "b"}]}',
    "date-number.json": b'{"schema_version": 1, "as_of": 20260102}',
    "id-null.json": b'{"schema_version": 1, "subjects": [{"id": null, "kind": "media"}]}',
}


@pytest.fixture(scope="module")
def bad_docs(tmp_path_factory) -> tuple[list[str], frozenset[str]]:
    """The paths of every bad document (the report formats' unreadable sample, tests/bad_inputs.py, and
    ``MORE_BAD``), and the words those documents hold (ids, keys, values: the allowance's "names")."""
    folder = tmp_path_factory.mktemp("bad")
    paths, words = [str(ROOT / "tests" / "formats" / "data" / "unreadable.json")], set()
    for name, data in [*((b.filename, b.data) for b in BAD), *MORE_BAD.items()]:
        (folder / name).write_bytes(data)
        paths.append(str(folder / name))
        words |= set(re.findall(r"[A-Za-z][A-Za-z0-9_]*", data.decode("utf-8", "replace")))
    return paths, frozenset(words - _ENGLISH_PROSE)


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "junit", "github", "sarif"])
def test_document_errors_speak_chinese(bad_docs, fmt):
    paths, words = bad_docs
    result = wxtopo("validate", *paths, "--lang", "zh", "--format", fmt)
    assert result.returncode == 2, result.stderr.decode()
    text = _human_text(fmt, result.stdout.decode("utf-8"))
    assert "错误" in text or "无法" in text or "应为" in text
    assert english(text, words) == []


def _problem_lines(out: str, word: str) -> list[tuple[str, str]]:
    """(FILE:LINE:COL, POINTER) of every problem line: what must not change with the language."""
    return [tuple(line.split(f": {word} ", 1)[0:1] + [line.split(f": {word} ", 1)[1].split(": ", 1)[0]])
            for line in out.splitlines() if f": {word} " in line]


def test_document_errors_keep_their_shape_in_chinese(bad_docs):
    """``FILE:LINE:COL: 错误 POINTER: 消息``: one line each, the positions and pointers of the English."""
    paths, _ = bad_docs
    en, zh = (wxtopo("validate", *paths, "--lang", lang).stdout.decode("utf-8") for lang in ("en", "zh"))
    assert len(en.splitlines()) == len(zh.splitlines())
    assert _problem_lines(zh, "错误") == _problem_lines(en, "error") != []
    assert not re.search(r"[\u4e00-\u9fff]", "".join(line for line in en.splitlines() if ": error " in line))


def test_english_document_errors_are_unchanged(bad_docs):
    """The English words of every bad input stay as they were (tests/bad_inputs.py pins each)."""
    paths, _ = bad_docs
    out = wxtopo("validate", *paths).stdout.decode("utf-8")
    for b in BAD:
        assert any(b.filename in line and b.message in line for line in out.splitlines()), b.name


READERS = {
    "render": ["render", "{doc}", "-o", "{out}/d.svg"],
    "headroom": ["headroom", "{doc}"],
    "repair": ["repair", "{doc}"],
    "diff": ["diff", "samples/bloom.json", "{doc}"],
    "plan": ["plan", "{doc}", "--changes", "samples/plans/mother-baby.changes.json"],
    "previous": ["validate", "samples/bloom.json", "--previous", "{doc}"],
}


@pytest.mark.parametrize(("args", "fmt"), [
    pytest.param(args, fmt, id=f"{name}-{fmt}") for name, args in READERS.items()
    for fmt in ("text", "json") if not (fmt == "json" and name == "render")  # render has no report format
])
def test_every_command_prints_document_errors_in_chinese(bad_docs, args, fmt, tmp_path):
    """A document every command reads: its problems in Chinese on standard error, or in the JSON report."""
    paths, words = bad_docs
    doc = next(p for p in paths if p.endswith("yaml-duplicate.yaml"))
    argv = [a.format(doc=doc, out=tmp_path) for a in args] + ["--lang", "zh"] + (["--format", fmt] if fmt == "json" else [])
    result = wxtopo(*argv)
    assert result.returncode == 2
    out = result.stdout.decode("utf-8") if fmt == "json" else result.stderr.decode("utf-8")
    shown = _human_text(fmt, out) if fmt == "json" else out  # standard error: every line of it
    assert "重复的键" in shown and english(shown, words) == []


@pytest.mark.parametrize("args", [["seed"], ["wechat-2025"], ["wechat-2025", "--rules-as-of", "2017-05-01"]])
@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_ruleset_show_speaks_chinese(args, fmt):
    assert _walk(["ruleset", "show", *args, "--lang", "zh", "--format", fmt], fmt) == []


@pytest.mark.parametrize("r", all_rules(), ids=lambda r: r.id)
def test_rule_pages_speak_chinese(r):
    """检查内容 says what is checked (not the title again); parameters, sources, limits: Chinese."""
    assert english(rule_page(r, "zh")) == []


def test_rules_table_and_one_page_through_the_cli():
    assert _walk(["rules", "--lang", "zh"], "text") == []
    assert _walk(["rules", "--lang", "zh", "--ruleset", "wechat-2025"], "text") == []
    assert _walk(["rules", "WX103", "--lang", "zh"], "text") == []


@pytest.mark.parametrize("fmt", ["dot", "mmd"])
@pytest.mark.parametrize("doc", ["samples/bloom.json", "samples/broken/officials.json", "samples/broken/integrity.json"])
def test_diagrams_speak_chinese(doc, fmt, tmp_path: Path):
    out = tmp_path / f"d.{fmt}"
    result = wxtopo("render", doc, "-o", str(out), "--lang", "zh")
    assert result.returncode == 0, result.stderr.decode()
    assert english(_human_text(fmt, out.read_text(encoding="utf-8"))) == []


# -- the planner's commands (their words are helper H2's: listed here so that they are walked too) ---
PLANNER = {
    "headroom": ["headroom", "samples/mother-baby.json"],
    "repair": ["repair", "samples/broken/caps.json"],
    "diff": ["diff", "samples/diff/before.json", "samples/diff/after.json"],
    "plan": ["plan", "samples/mother-baby.json", "--changes", "samples/plans/mother-baby.changes.json"],
}


@pytest.mark.parametrize(("args", "fmt"), [
    pytest.param(args, fmt, id=f"{name}-{fmt}") for name, args in PLANNER.items()
    for fmt in ("text", "markdown", "json") if not (fmt == "markdown" and name == "repair")  # no Markdown repair
])
def test_planner_commands_speak_chinese(args, fmt):
    assert _walk([*args, "--lang", "zh", "--format", fmt], fmt) == []


def test_the_walk_can_fail():
    """The allowance is not everything: an English report is caught."""
    assert english("valid: 0 errors, 1 warning in 3 accounts") != []
    assert english("订阅号 news 属于 enterprise 主体") == ["enterprise"]
    assert english("WX103 official-cross-subject-cap  --fail-on error") == []


# -- the other input files: a changes file, a ruleset file, a suppressions file -------------------
#: name → bytes of a file the planner or a ruleset or suppressions option reads, each wrong in its own ways
BAD_FILES = {
    "parse.changes.json": b'{"schema_version": 1, "changes": [{"op": "link", "kind": "bogus", "source": "a", '
                          b'"target": "b"}], "zz": 1}',
    "unknown.changes.json": b'{"schema_version": 1, "changes": [{"op": "link", "kind": "mini_program", '
                            b'"source": "nosuch", "target": "x"}]}',
    "unlink.changes.json": b'{"schema_version": 1, "changes": [{"op": "unlink", "kind": "admin", "source": "nosuch", '
                           b'"target": "x"}]}',
    "exists.changes.json": b'{"schema_version": 1, "changes": [{"op": "add_account", "account": {"id": "bloom-daily", '
                           b'"type": "subscription", "subject": "bloom"}}]}',
    "bad.ruleset.json": b'{"name": "mine", "base": "nope", "parameters": {"max_same_subject_mini_programs": -3, '
                        b'"max_cross_subjec": 2, "max_officials_per_mini_program": {"value": 5, "source": {"title": '
                        b'"t"}, "confidence": "official", "history": [{"value": -1}, {"effective_from": "2020-01-01", '
                        b'"value": -2}, {"effective_from": "2021-01-01", "value": 5}]}}}',
    "undated.ruleset.json": b'{"parameters": {"max_officials_per_mini_program": {"value": 4, "source": {"title": '
                            b'"t"}, "confidence": "official", "history": [{"effective_from": "2020-01-01", "value": 1}, '
                            b'{"value": 4}]}}}',
    "value.ruleset.json": b'{"parameters": {"max_officials_per_mini_program": {"value": 4, "source": {"title": "t"}, '
                          b'"confidence": "official", "history": [{"value": 1}]}}}',
    "order.ruleset.json": b'{"parameters": {"max_officials_per_mini_program": {"value": 3, "source": {"title": "t"}, '
                          b'"confidence": "official", "history": [{"effective_from": "2021-01-01", "value": 1}, '
                          b'{"effective_from": "2020-01-01", "value": 3}]}}}',
    "broken.json": b'{"schema_version": 1,',
    "bad.suppressions.json": b'{"suppressions": [{"rule": "WX1"}], "x": 1}',
}

#: the command that reads each file ({f}: its path)
READ_BY = [
    pytest.param(["plan", "samples/bloom.json", "--changes", "{f}"], f, id=f) for f in BAD_FILES if ".changes." in f
] + [
    pytest.param(["plan", "samples/bloom.json", "--changes", "{f}"], "broken.json", id="broken-changes"),
    pytest.param(["validate", "samples/bloom.json", "--ruleset", "{f}"], "bad.ruleset.json", id="ruleset"),
    *(pytest.param(["validate", "samples/bloom.json", "--ruleset", "{f}"], f, id=f)
      for f in ("order.ruleset.json", "undated.ruleset.json", "value.ruleset.json")),
    pytest.param(["validate", "samples/bloom.json", "--ruleset", "{f}"], "broken.json", id="broken-ruleset"),
    pytest.param(["validate", "samples/bloom.json", "--suppressions", "{f}"], "bad.suppressions.json",
                 id="suppressions"),
    pytest.param(["validate", "samples/bloom.json", "--suppressions", "{f}"], "broken.json", id="broken-suppressions"),
]


@pytest.mark.parametrize(("args", "name"), READ_BY)
def test_other_input_files_speak_chinese(args, name, tmp_path):
    """A bad changes, ruleset or suppressions file: its header and every problem in Chinese on standard
    error, one line for each English one, at the same positions and pointers."""
    path = tmp_path / name
    path.write_bytes(BAD_FILES[name])
    argv = [a.format(f=path) for a in args]
    en, zh = (wxtopo(*argv, "--lang", lang) for lang in ("en", "zh"))
    assert en.returncode == zh.returncode == 2
    en_text, zh_text = en.stderr.decode("utf-8"), zh.stderr.decode("utf-8")
    words = frozenset(re.findall(r"[A-Za-z][A-Za-z0-9_]*", BAD_FILES[name].decode("utf-8"))) - _ENGLISH_PROSE
    assert english(zh_text, words) == [], zh_text
    assert re.search(r"[\u4e00-\u9fff]", zh_text.splitlines()[0])  # the header too
    assert len(en_text.splitlines()) == len(zh_text.splitlines()) > 1
    assert _problem_lines(zh_text, "错误") == _problem_lines(en_text, "error") != []


@pytest.mark.parametrize("name", [f for f in BAD_FILES if ".changes." in f])
def test_changes_errors_in_json_speak_chinese(name, tmp_path):
    path = tmp_path / name
    path.write_bytes(BAD_FILES[name])
    result = wxtopo("plan", "samples/bloom.json", "--changes", str(path), "--lang", "zh", "--format", "json")
    assert result.returncode == 2
    report = json.loads(result.stdout.decode("utf-8"))
    messages = [e["message"] for e in report["errors"]]
    words = frozenset(re.findall(r"[A-Za-z][A-Za-z0-9_]*", BAD_FILES[name].decode("utf-8"))) - _ENGLISH_PROSE
    assert messages and english("\n".join(messages), words) == []
