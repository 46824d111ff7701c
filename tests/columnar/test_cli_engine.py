"""``wxtopo validate --engine`` and ``--format jsonl`` as a user runs them: the same report from every
engine, streamed lines equal to the JSON report's findings, options refused by name, nothing half
written."""

from __future__ import annotations

import io
import json
import sys

import pytest

from tests.formats import run_cli
from tests.helpers import ROOT
from topology.columnar.convert import to_table_set

CAPS = str(ROOT / "samples" / "broken" / "caps.json")
ADOPTION = str(ROOT / "samples" / "broken" / "adoption.json")


@pytest.fixture(scope="module")
def table_set(tmp_path_factory):
    return str(to_table_set(CAPS, tmp_path_factory.mktemp("sets") / "caps", "parquet"))


def _json(args: list[str]) -> tuple[int, dict]:
    code, out, err = run_cli(["validate", *args, "--format", "json"])
    assert err == b"", err
    report = json.loads(out)
    report.pop("document")
    for f in report["findings"]:  # positions in the text: only the in-memory engine holds a text
        assert type(f.pop("line")) is type(f.pop("column")) in (int, type(None))
    return code, report


@pytest.mark.parametrize("engine", ["auto", "memory", "duckdb"])
def test_a_table_set_gives_the_documents_report_on_every_engine(table_set, engine):
    assert _json([table_set, "--engine", engine]) == _json([CAPS])


def test_a_document_gives_the_same_report_on_duckdb():
    code, report = _json([CAPS, "--engine", "duckdb"])
    assert (code, report) == _json([CAPS])
    assert code == 1 and [f["rule"] for f in report["findings"]] == ["WX101", "WX102", "WX103"]


@pytest.mark.parametrize("engine", ["memory", "duckdb"])
def test_jsonl_lines_are_the_json_reports_findings_in_order(engine):
    options = ["--suppressions", str(ROOT / "samples" / "broken" / "adoption.suppressions.json")]
    code, out, err = run_cli(["validate", ADOPTION, "--engine", engine, "--format", "jsonl", *options])
    lines = [json.loads(line) for line in out.decode().splitlines()]
    json_code, report = _json([ADOPTION, *options])
    assert code == json_code == 1
    assert {line.pop("document") for line in lines} == {ADOPTION}
    # the report's order, except that a streamed run reports stale suppressions (WX007) last: they
    # are known only once every other finding has been produced
    stale = [f for f in report["findings"] if f["rule"] == "WX007"]
    others = [f for f in report["findings"] if f["rule"] != "WX007"]
    assert lines in (report["findings"], others + stale)
    assert stale and others


def test_jsonl_of_a_document_that_cannot_be_read_is_error_lines(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": 1, "accounts": [{"id": "a", "type": "nope"}]}')
    for engine in ("memory", "duckdb"):
        code, out, _ = run_cli(["validate", str(bad), "--engine", engine, "--format", "jsonl"])
        lines = [json.loads(line) for line in out.decode().splitlines()]
        assert code == 2 and lines and all(set(line) == {"document", "error"} for line in lines), engine


@pytest.mark.parametrize("args,words", [
    (["--engine", "duckdb", "--spark-master", "local[1]"], "--spark-master needs --engine spark"),
    (["--engine", "memory", "--memory-limit", "1GB"], "--memory-limit"),
    (["--engine", "duckdb", "--memory-limit", "lots"], "the duckdb engine failed"),
])
def test_options_an_engine_cannot_honour_are_refused_by_name(args, words):
    code, out, err = run_cli(["validate", CAPS, *args])
    assert code == 2 and words in err.decode()


def test_standard_input_needs_the_memory_engine(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"{}")))
    code, _, err = run_cli(["validate", "-", "--engine", "duckdb"])
    assert code == 2 and "not standard input" in err.decode()


def test_a_failed_streamed_run_leaves_the_output_as_it_was(tmp_path, table_set):
    out = tmp_path / "findings.jsonl"
    out.write_text("yesterday's findings\n")
    code, _, err = run_cli(["validate", table_set, "--format", "jsonl", "-o", str(out), "--memory-limit", "lots"])
    assert code == 2 and err
    assert out.read_text() == "yesterday's findings\n"
    assert [p.name for p in tmp_path.iterdir()] == ["findings.jsonl"]  # no staged file left behind


def test_a_streamed_run_writes_its_file_whole(tmp_path, table_set):
    out = tmp_path / "findings.jsonl"
    code, stdout, _ = run_cli(["validate", table_set, "--format", "jsonl", "-o", str(out)])
    assert code == 1 and stdout == b""
    assert [json.loads(line)["rule"] for line in out.read_text().splitlines()] == ["WX101", "WX102", "WX103"]


def test_progress_shows_on_a_terminal_only_and_not_with_quiet(monkeypatch):
    from argparse import Namespace

    from topology.cli_columnar import Progress

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    for quiet, tty, shown in ((False, True, True), (True, True, False), (False, False, False)):
        stream = Tty() if tty else io.StringIO()
        monkeypatch.setattr(sys, "stderr", stream)
        progress = Progress.for_args(Namespace(quiet=quiet))
        progress("WX103", 20000)
        progress.done()
        text = stream.getvalue()
        assert ("WX1xx WX103 official-cross-subject-cap: 20,000 findings" in text) is shown, (quiet, tty)
