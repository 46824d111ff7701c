"""The planner commands print exactly their golden files (byte for byte) and exit as they must."""

from __future__ import annotations

import pytest

from tests.formats import run_cli
from tests.helpers import ROOT, wxtopo
from tests.planner import GOLDEN, GOLDENS

UPDATE = "run `python scripts/update_golden.py`, then read the diff before committing it"


@pytest.mark.parametrize("name", sorted(GOLDENS))
def test_output_matches_golden_byte_for_byte(name):
    args, exit_code = GOLDENS[name]
    code, out, err = run_cli(args)
    assert (code, err) == (exit_code, b""), err.decode()
    assert out == (GOLDEN / name).read_bytes(), f"{name} differs: {UPDATE}"


@pytest.mark.parametrize("name", ["repair-caps.json", "diff.txt", "plan-reorder.txt"])
def test_a_subprocess_under_another_hash_seed_prints_the_golden(name):
    args, exit_code = GOLDENS[name]
    result = wxtopo(*args, env={"PYTHONHASHSEED": "1"})
    assert result.returncode == exit_code
    assert result.stdout == (GOLDEN / name).read_bytes()


def test_the_golden_folder_holds_exactly_the_listed_goldens():
    assert sorted(p.name for p in GOLDEN.iterdir()) == sorted(GOLDENS)


@pytest.mark.parametrize("name", sorted(GOLDENS))
def test_golden_holds_no_machine_specific_path(name):
    assert str(ROOT).encode() not in (GOLDEN / name).read_bytes()
