"""Bad input never yields a traceback from the planner commands either: a document error says
where (pointer) and what, exits 2, and ``--format json`` still prints JSON."""

from __future__ import annotations

import json

import pytest

from tests.bad_inputs import BAD, write_all
from tests.formats import run_cli

SAMPLE = "samples/bloom.json"
CHANGES = {"schema_version": 1, "changes": []}


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory):
    return write_all(tmp_path_factory.mktemp("bad"))


@pytest.fixture(scope="module")
def no_changes(tmp_path_factory):
    path = tmp_path_factory.mktemp("plan") / "none.changes.json"
    path.write_text(json.dumps(CHANGES), encoding="utf-8")
    return str(path)


def commands(bad: str, changes: str) -> dict[str, list[str]]:
    """Each planner command with the bad document in every place a document goes."""
    return {
        "headroom": ["headroom", bad],
        "repair": ["repair", bad],
        "diff-old": ["diff", bad, SAMPLE],
        "diff-new": ["diff", SAMPLE, bad],
        "plan": ["plan", bad, "--changes", changes],
    }


@pytest.mark.parametrize("command", ["headroom", "repair", "diff-old", "diff-new", "plan"])
def test_every_bad_document_exits_2_with_a_json_error(bad_files, no_changes, command):
    for bad in BAD:
        args = commands(str(bad_files[bad.name]), no_changes)[command]
        code, out, err = run_cli([*args, "--format", "json"])  # an exception here fails the test
        assert code == 2, (command, bad.name, err.decode())
        assert b"Traceback" not in err
        data = json.loads(out)
        report = data[0] if isinstance(data, list) else data
        assert report["valid"] is False and report["errors"], (command, bad.name)
        first = report["errors"][0]
        assert first["pointer"].startswith(bad.pointer) and bad.message in first["message"], (command, bad.name)


@pytest.mark.parametrize("command", ["headroom", "repair", "diff-old", "diff-new", "plan"])
def test_every_bad_document_in_text_names_the_problem(bad_files, no_changes, command):
    for bad in BAD:
        args = commands(str(bad_files[bad.name]), no_changes)[command]
        code, out, err = run_cli(args)
        assert code == 2, (command, bad.name)
        text = (out + err).decode()
        assert "Traceback" not in text and bad.message in text, (command, bad.name, text)


@pytest.mark.parametrize("option", [["--ruleset", "nope"], ["--set", "max_same=1"], ["--rules-as-of", "2017-6-1"],
                                    ["--as-of", "yesterday"]])
@pytest.mark.parametrize("command", ["headroom", "repair", "diff-new", "plan"])
def test_bad_ruleset_options_exit_2_without_traceback(no_changes, command, option):
    code, out, err = run_cli([*commands(SAMPLE, no_changes)[command], *option])
    assert code == 2, (command, option, out.decode())
    assert b"Traceback" not in err and err.strip(), (command, option)


@pytest.mark.parametrize("command", ["headroom", "plan"])
def test_with_o_the_json_error_report_goes_to_the_file(bad_files, no_changes, tmp_path, command):
    """As with `validate -o`: the report, an error report included, lands where it was asked for."""
    out = tmp_path / "report.json"
    args = commands(str(bad_files["malformed-json"]), no_changes)[command]
    code, stdout, err = run_cli([*args, "--format", "json", "-o", str(out)])
    assert code == 2 and stdout == b"" and b"Traceback" not in err
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["valid"] is False and report["errors"]
