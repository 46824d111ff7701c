"""The start-up budget: the light commands import neither pydantic nor NetworkX.

``topology/__init__.py`` and the CLI load their heavy modules lazily so that ``wxtopo --help``
and ``wxtopo rules`` start in tens of milliseconds; one eager import anywhere on their path
undoes that silently. Each command runs in a fresh interpreter, which then lists its modules.
"""

import json
import subprocess
import sys

import pytest

HEAVY = ("pydantic", "networkx")

# Run the entry point as `wxtopo` does, then print every module the run imported.
WRAPPER = """
import json, sys
from topology.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as exc:  # --help exits through argparse
    code = exc.code
sys.stdout.flush()
sys.stderr.write("\\nMODULES " + json.dumps(sorted(sys.modules)) + "\\n")
sys.exit(code or 0)
"""


def loaded_modules(*argv: str) -> tuple[int, set[str]]:
    proc = subprocess.run([sys.executable, "-c", WRAPPER, *argv], capture_output=True, text=True, timeout=120)
    marker = proc.stderr.rindex("MODULES ")
    return proc.returncode, set(json.loads(proc.stderr[marker + len("MODULES "):]))


@pytest.mark.parametrize("argv", [("--help",), ("rules",), ("rules", "--lang", "zh"), ("validate", "--help")])
def test_light_commands_import_neither_pydantic_nor_networkx(argv):
    code, modules = loaded_modules(*argv)
    assert code == 0
    heavy = sorted(m for m in modules if m.split(".")[0] in HEAVY)
    assert not heavy, f"wxtopo {' '.join(argv)} imported {heavy[:5]}"


def test_a_rule_page_loads_the_ruleset_model_but_not_networkx():
    """A rule page shows the seed ruleset's values and sources, read through the ruleset model
    (pydantic validates them); it draws nothing, so NetworkX stays out."""
    code, modules = loaded_modules("rules", "WX101")
    assert code == 0
    assert not sorted(m for m in modules if m.split(".")[0] == "networkx")


def test_the_check_sees_a_heavy_import_when_there_is_one():
    """The same probe on a command that needs pydantic finds it: the test above can fail."""
    code, modules = loaded_modules("schema")
    assert code == 0
    assert "pydantic" in modules
