"""--format github: workflow commands, escaped, at most 10 per level, step summary via the CLI."""

import json

import topology
from tests.helpers import SAMPLES, account, doc, subject, wxtopo
from topology.formats import render
from topology.formats.github import escape_data, escape_property

HOSTILE = "a|b*c`d<script>x\n::y%z,w"
#: the same as an id: ids may not hold line breaks or control characters (file names may)
HOSTILE_ID = HOSTILE.replace("\n", " ").replace("\x01", "")


def _many_errors(n=13):
    return doc(subjects=[subject("me", "individual")],
               accounts=[account(f"svc{i:02d}", "service", subject="me") for i in range(n)])


def test_one_command_per_finding():
    report = topology.validate(topology.load(str(SAMPLES / "broken" / "caps.json")), document="caps.json")
    lines = render([report], "github").splitlines()
    assert lines[1] == ("::error file=caps.json,line=22,col=5,title=WX102 official-same-subject-cap::"
                        "Official account xianguo-service links 11 mini-programs of its own subject; the limit is 10.")
    assert len(lines) == 3 and all(line.startswith("::error ") for line in lines)


def test_escaping():
    assert escape_data("50%\r\n::,") == "50%25%0D%0A::,"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    d = doc(subjects=[subject("me", "individual")], accounts=[account(HOSTILE_ID, "service", subject="me")])
    text = render([topology.validate(topology.load(d), document=HOSTILE)], "github")
    lines = text.splitlines()
    assert all(line.startswith("::") for line in lines)  # the newline did not split a command
    assert "file=a|b*c`d<script>x%0A%3A%3Ay%25z%2Cw," in lines[0]
    message = lines[0].split("::", 2)[2]
    assert "x ::y%25z,w" in message


def test_at_most_ten_per_level_then_a_count():
    report = topology.validate(topology.load(_many_errors(13)), document="eco.json")
    assert report.counts["error"] == 13 and report.counts["info"] == 13  # WX201 errors, WX205 info
    lines = render([report], "github").splitlines()
    assert sum(line.startswith("::error ") for line in lines) == 10
    assert "::notice::wxtopo: 3 more error annotations not shown; see the full report" in lines
    # the count lines are notices too: all notices together stay within GitHub's 10
    notices = [line for line in lines if line.startswith("::notice")]
    assert len(notices) == 10
    assert "::notice::wxtopo: 5 more notice annotations not shown; see the full report" in lines


def test_byte_stable():
    report = topology.validate(topology.load(_many_errors()), document="eco.json")
    assert render([report], "github") == render([report], "github")


def test_cli_exit_code_unchanged_and_step_summary_appended(tmp_path):
    path = tmp_path / "eco.json"
    path.write_text(json.dumps(_many_errors(13)))
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    plain = wxtopo("validate", str(path), "--format", "text")
    result = wxtopo("validate", str(path), "--format", "github", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.returncode == plain.returncode == 1
    assert "3 more error annotations" in result.stdout.decode()
    written = summary.read_text()
    assert written.startswith("earlier step\n## wxtopo report\n")
    assert written.count("| WX201 service-subject-kind | error |") == 13  # the full report, untruncated


def test_cli_without_step_summary_writes_no_file(tmp_path):
    result = wxtopo("validate", str(SAMPLES / "broken" / "caps.json"), "--format", "github",
                    env={"GITHUB_STEP_SUMMARY": ""}, cwd=tmp_path)
    assert result.returncode == 1 and list(tmp_path.iterdir()) == []


def test_document_errors(tmp_path):
    path = tmp_path / "x.json"
    path.write_text('{\n  "schema_version": 1,\n  "accounts": [{"id": "a", "type": "robot"}]\n}')
    result = wxtopo("validate", str(path), "--format", "github")
    assert result.returncode == 2
    line = result.stdout.decode().splitlines()[0]
    assert line.startswith(f"::error file={str(path).replace(':', '%3A')},line=3,col=16,")
