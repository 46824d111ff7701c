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


def _cap(n: int, lang: str = "en", prefix: str = "o") -> str:
    """The text of a mini-program linked from ``n`` official accounts, over a cap of 1 (WX101)."""
    officials = [account(f"{prefix}{i:02d}", "subscription", subject="acme") for i in range(n)]
    d = doc(as_of="2026-11-25", subjects=[subject("acme")],
            accounts=[account("shop", "mini_program", subject="acme"), *officials],
            links=[link("mini_program", o["id"], "shop") for o in officials])
    report = topology.validate(topology.load(d), document="eco.json", select=["WX101"], lang=lang,
                               overrides={"max_officials_per_mini_program": 1})
    return render([report], "text", lang=lang)


def _related_line(text: str) -> str:
    lines = text.splitlines()
    (i,) = [i for i, line in enumerate(lines) if "WX101" in line]
    return lines[i + 1]


def test_a_cap_finding_lists_all_ten_related_ids():
    line = _related_line(_cap(10))
    assert line == "    related: " + ", ".join(f"o{i:02d}" for i in range(10))
    assert "more" not in line


def test_a_cap_finding_lists_ten_of_eleven_related_ids_then_how_many_more():
    line = _related_line(_cap(11))
    assert line == "    related: " + ", ".join(f"o{i:02d}" for i in range(10)) + " and 1 more"
    assert "o10" not in line


def test_related_ids_in_chinese():
    line = _related_line(_cap(12, "zh"))
    assert line.startswith("    相关账号：o00, o01") and line.endswith("o09，另有 2 个")


def test_related_ids_are_escaped_for_the_terminal():
    # a document's ids cannot hold controls, but a Report built by other means may: shown, never obeyed
    from topology.findings import Finding

    f = Finding(rule="WX101", name="mini-program-official-cap", severity="error", message="m", account="shop",
                related=("a\x1b[2J", "b\u202e", "c\nWX999"), pointer="/accounts/0", observed=3, limit=1)
    counts = {"error": 1, "warning": 0, "info": 0, "suppressed": 0, "accounts": 4, "links": 3}
    text = render([Report(document="x.json", findings=[f], counts=counts)], "text")
    assert _related_line(text) == "    related: a\\x1b[2J, b\\u202e, c\\nWX999"
    assert "\x1b" not in text and "\u202e" not in text and "\nWX999" not in text


def test_a_finding_without_a_limit_lists_no_related_ids(tmp_path):
    lines = render([_report(tmp_path)], "text").splitlines()
    assert not [line for line in lines if "related:" in line]
