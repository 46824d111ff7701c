"""--format text: grouped by account, located by line:column, summary last, colour on request."""

import json

import topology
from tests.helpers import account, doc, link, subject
from topology.engine import Report
from topology.formats import render


def _report(tmp_path, lang="en"):
    d = doc(as_of="2026-11-25", subjects=[subject("me", "individual"), subject("acme")],
            accounts=[account("care", "service", subject="me", features=["wechat_pay"]),
                      account("news", "subscription", subject="acme")],
            links=[link("admin", "li", "news")])
    path = tmp_path / "eco.json"
    path.write_text(json.dumps(d, indent=2))
    return topology.validate(topology.load(str(path)), lang=lang)


def test_findings_are_grouped_by_account_with_file_line_column(tmp_path):
    text = render([_report(tmp_path)], "text")
    lines = text.splitlines()
    assert lines[0] == "care"
    assert "WX201 service-subject-kind" in lines[1]
    path = str(tmp_path / "eco.json")
    # /accounts/0 (the "{" of care) is on line 15 of the indented file, column 5
    assert lines[1].startswith(f"  {path}:15:5  error")
    assert "news" in lines
    assert lines[-1].startswith(f"{path}: invalid: 3 errors, 0 warnings, 2 info (0 suppressed) in 2 accounts, 1 link")


def test_no_colour_unless_asked(tmp_path):
    report = _report(tmp_path)
    assert "\x1b[" not in render([report], "text")
    assert "\x1b[31m" in render([report], "text", color=True)


def test_chinese_labels_and_messages(tmp_path):
    text = render([_report(tmp_path, lang="zh")], "text", lang="zh")
    assert "错误" in text and "服务号 care 的主体 me 是个人" in text
    assert "无效" in text.splitlines()[-1]


def test_document_errors_are_listed_with_positions():
    try:
        topology.load(b'{\n  "schema_version": 1,\n  "accounts": [{"id": "a", "type": "robot"}]\n}', name="x.json")
    except topology.DocumentError as exc:
        report = Report.from_error(exc, "x.json")
    text = render([report], "text")
    assert text.splitlines()[0] == "x.json: 1 document error"
    assert "x.json:3:16: error /accounts/0: unknown type 'robot'" in text


def test_a_clean_document_prints_only_the_summary():
    report = topology.validate(topology.load(doc(subjects=[subject("acme")])), document="clean.json")
    assert render([report], "text") == (
        "clean.json: valid: 0 errors, 0 warnings, 0 info (0 suppressed) in 0 accounts, 0 links\n")
