"""Tests of topology.planner, and the golden outputs of the planner commands.

GOLDENS lists each file under tests/planner/golden/ with the `wxtopo` arguments that print
it (run from the project root) and the exit code they must give;
`python scripts/update_golden.py` writes them and tests/planner/test_golden.py compares.
"""

from __future__ import annotations

from pathlib import Path

GOLDEN = Path(__file__).resolve().parent / "golden"

CAPS = "samples/broken/caps.json"
BEFORE, AFTER = "samples/diff/before.json", "samples/diff/after.json"
MOTHER_BABY, CAMPAIGN = "samples/mother-baby.json", "samples/plans/mother-baby.changes.json"

#: golden file → (the `wxtopo` arguments whose stdout it holds, the exit code they give)
GOLDENS: dict[str, tuple[list[str], int]] = {
    "headroom-caps.txt": (["headroom", CAPS], 0),
    "headroom-caps.json": (["headroom", CAPS, "--format", "json"], 0),
    "headroom-caps.md": (["headroom", CAPS, "--format", "markdown", "--account", "xianguo-service"], 0),
    "headroom-caps.zh.txt": (["headroom", CAPS, "--lang", "zh"], 0),
    "repair-caps.txt": (["repair", CAPS], 0),
    "repair-caps.json": (["repair", CAPS, "--format", "json"], 0),
    # the pinned mx-member → mx-cake link alone exceeds a cap of 0 officials per mini-program
    "repair-infeasible.json": (["repair", AFTER, "--format", "json", "--set", "max_officials_per_mini_program=0"], 1),
    "diff.txt": (["diff", BEFORE, AFTER], 1),
    "diff.json": (["diff", BEFORE, AFTER, "--format", "json"], 1),
    "diff.md": (["diff", BEFORE, AFTER, "--format", "markdown"], 1),
    "diff.zh.txt": (["diff", BEFORE, AFTER, "--lang", "zh"], 1),
    "plan.txt": (["plan", MOTHER_BABY, "--changes", CAMPAIGN], 1),
    "plan.json": (["plan", MOTHER_BABY, "--changes", CAMPAIGN, "--format", "json"], 1),
    "plan.md": (["plan", MOTHER_BABY, "--changes", CAMPAIGN, "--format", "markdown"], 1),
    "plan-reorder.txt": (["plan", MOTHER_BABY, "--changes", CAMPAIGN, "--reorder"], 0),
}
