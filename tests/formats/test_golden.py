"""Every report format, byte for byte: the command line's stdout equals tests/formats/golden/.

Each golden is checked through ``topology.cli.main`` in this process (stdout captured as the
UTF-8 bytes a terminal or pipe receives), and a few of them, one per format and per kind of
document, through `python -m topology` in a subprocess, exactly as a user runs it. Exit
codes are checked too: 0 for a valid document, 1 for errors, 2 for one that cannot be read.
"""

from __future__ import annotations

import pytest

from tests.formats import GOLDEN, GOLDENS, UPDATE, expected_exit, run_cli
from tests.helpers import ROOT, wxtopo
from topology.formats import FORMATS

#: the goldens also run in a subprocess (with HASH_SEED: every format and kind of document at least once)
SUBPROCESS = ("caps.github.txt", "caps.zh.md", "bloom.json", "unreadable.txt", "bloom+caps.junit.xml", "adoption.jsonl")
#: the goldens run under two hash seeds
HASH_SEED = ("caps.sarif", "caps.txt")


def golden(name: str) -> bytes:
    path = GOLDEN / name
    assert path.exists(), f"tests/formats/golden/{name} is missing: {UPDATE}"
    return path.read_bytes()


def run_subprocess(args: list[str], **env: str):
    """``python -m topology ARGS`` from the project root; an empty GITHUB_STEP_SUMMARY (WXTOPO_RULE_DOCS) turns the summary (helpUri) off."""
    return wxtopo(*args, env={"GITHUB_STEP_SUMMARY": "", "WXTOPO_RULE_DOCS": "", **env})


@pytest.mark.parametrize("name", GOLDENS)
def test_report_matches_golden_byte_for_byte(name):
    args = GOLDENS[name]
    code, out, err = run_cli(args)
    assert out == golden(name), f"tests/formats/golden/{name} is stale: {UPDATE}"
    assert err == b""
    assert code == expected_exit(args)


@pytest.mark.parametrize("name", SUBPROCESS)
def test_command_line_prints_the_golden(name):
    args = GOLDENS[name]
    proc = run_subprocess(args)
    assert proc.stdout == golden(name), f"tests/formats/golden/{name} is stale: {UPDATE}"
    assert proc.stderr == b""
    assert proc.returncode == expected_exit(args)


def test_the_subprocess_runs_cover_every_format_and_kind_of_document():
    names = SUBPROCESS + HASH_SEED
    assert {GOLDENS[name][GOLDENS[name].index("--format") + 1] for name in names} == set(FORMATS)
    assert {expected_exit(GOLDENS[name]) for name in names} == {0, 1, 2}


@pytest.mark.parametrize("name", HASH_SEED)
def test_output_does_not_depend_on_the_hash_seed(name):
    runs = [run_subprocess(GOLDENS[name], PYTHONHASHSEED=seed) for seed in ("0", "1")]
    assert runs[0].stdout == runs[1].stdout
    assert runs[0].stdout == golden(name), f"tests/formats/golden/{name} is stale: {UPDATE}"


def test_the_golden_folder_holds_exactly_the_listed_goldens():
    assert sorted(p.name for p in GOLDEN.iterdir()) == sorted(GOLDENS)


@pytest.mark.parametrize("name", GOLDENS)
def test_golden_holds_no_machine_specific_path(name):
    data = golden(name)
    assert str(ROOT).encode() not in data
    assert b"file://" not in data
