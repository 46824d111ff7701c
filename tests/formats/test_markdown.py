"""--format markdown: summary table, findings grouped by account, everything escaped."""

import topology
from tests.helpers import SAMPLES, account, doc, subject
from topology.engine import Report
from topology.formats import render
from topology.formats.markdown import escape

HOSTILE = "a|b*c`d<script>x\n::y%z,w_[#]\\"
#: the same as an id: ids may not hold line breaks or control characters (file names may)
HOSTILE_ID = HOSTILE.replace("\n", " ").replace("\x01", "")


def _hostile_report():
    d = doc(subjects=[subject("me", "individual")], accounts=[account(HOSTILE_ID, "service", subject="me")])
    return topology.validate(topology.load(d), document=HOSTILE)


def test_summary_table_and_groups():
    report = topology.validate(topology.load(str(SAMPLES / "broken" / "caps.json")), document="caps.json")
    text = render([report], "markdown")
    lines = text.splitlines()
    assert lines[0] == "## wxtopo report"
    assert "| document | valid | errors | warnings | info | suppressed |" in lines
    assert "| caps.json | no | 3 | 0 | 0 | 0 |" in lines
    assert "#### xianguo-service" in lines
    assert any(line.startswith("| WX102 official-same-subject-cap | error | ") and line.endswith(" | 22:5 |")
               for line in lines)


def test_hostile_names_cannot_break_the_table_or_markup():
    text = render([_hostile_report()], "markdown")
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert escape(HOSTILE) == "a\\|b\\*c\\`d&lt;script&gt;x<br>::y%z,w\\_\\[\\#\\]\\\\"
    for line in text.splitlines():
        if line.startswith("|"):
            # every row has exactly the columns of its header: no unescaped pipe leaked in
            cells = line.replace("\\|", "").count("|")
            assert cells in (5, 7), line
    assert f"#### {escape(HOSTILE_ID)}" in text.splitlines()
    assert "\nx\n" not in text  # the newline in the name did not start a new line


def test_document_errors_are_listed():
    try:
        topology.load(b'{\n  "schema_version": 1,\n  "accounts": [{"id": "a", "type": "robot"}]\n}', name="x.json")
    except topology.DocumentError as exc:
        report = Report.from_error(exc, "x.json")
    text = render([report], "markdown")
    assert "| x.json | no | 1 | - | - | - |" in text
    assert "#### Document errors" in text
    assert "| /accounts/0 | unknown type 'robot'" in text and "| 3:16 |" in text


def test_chinese_headings():
    report = topology.validate(topology.load(str(SAMPLES / "broken" / "caps.json")), lang="zh", document="caps.json")
    text = render([report], "markdown", lang="zh")
    assert text.startswith("## wxtopo 报告\n")
    assert "| 文档 | 有效 | 错误 | 警告 | 提示 | 已抑制 |" in text
    assert "| 规则 | 级别 | 说明 | 位置 |" in text


def test_byte_stable():
    assert render([_hostile_report()], "markdown") == render([_hostile_report()], "markdown")


def test_a_valid_document_failing_fail_on_says_why():
    report = topology.validate(topology.load(str(SAMPLES / "bloom.json")), document="bloom.json")
    text = render([report], "markdown", fail_on="info")
    assert "bloom.json is valid but fails the run (exit 1): 3 findings at or above `--fail-on info`." in text
    assert "fails the run" not in render([report], "markdown", fail_on="warning")
