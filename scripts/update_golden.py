"""Regenerate the golden files: the diagrams the renderer draws and the reports every format prints.

    python scripts/update_golden.py          # rewrite every stale golden file
    python scripts/update_golden.py --check  # exit 1 if any is stale (changes nothing)

tests/diagrams/golden/NAME.EXT is what `wxtopo render SAMPLE -o NAME.EXT [--lang zh]` writes
(findings drawn, seed ruleset), for each entry of ``tests.diagrams.GOLDENS``; and what
`wxtopo diff OLD NEW -o NAME.EXT [--lang zh]` draws for each entry of ``tests.diagrams.DIFF_GOLDENS``.

tests/formats/golden/NAME is what `wxtopo ARGS` prints on stdout, run from the project root
with GITHUB_STEP_SUMMARY unset, for each entry NAME → ARGS of ``tests.formats.GOLDENS``
(every format for a document with errors, a valid one and one that cannot be read; Chinese
text and Markdown; two documents in one run); tests/planner/golden/NAME likewise for each
entry NAME → (ARGS, exit code) of ``tests.planner.GOLDENS`` (headroom, repair, diff, plan).
The command runs in this process through
``topology.cli.main`` (``tests.formats.run_cli``), its stdout captured as UTF-8 bytes; the
tests check that a subprocess prints the same. A run that exits otherwise than expected
(0 valid, 1 findings, 2 unreadable) or writes to stderr stops the script, writing nothing.

Read the diff of every changed file before committing it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from _sync import sync  # noqa: E402  (scripts/ is on sys.path when a script runs)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import topology

from tests import diagrams, formats, planner  # noqa: E402  (one list each, shared with the tests)


def draw(name: str) -> bytes:
    document, lang = diagrams.GOLDENS[name]
    eco = topology.load(str(ROOT / document))
    return topology.render(eco, topology.validate(eco, lang=lang), format=name.rsplit(".", 1)[1], lang=lang)


def draw_diff(name: str) -> bytes:
    old, new, lang = diagrams.DIFF_GOLDENS[name]
    return topology.render_diff(topology.diff(str(ROOT / old), str(ROOT / new), lang=lang), name.rsplit(".", 1)[1])


def printed(name: str, args: list[str], expected: int) -> bytes:
    """What `wxtopo ARGS` prints for the golden ``name``; a run that exits otherwise than
    ``expected`` or writes to stderr stops the script."""
    code, out, err = formats.run_cli(args)
    if code != expected or err:
        raise SystemExit(f"{name}: `wxtopo {' '.join(args)}` exited {code} (expected {expected})\n"
                         f"{err.decode('utf-8', 'replace')}")
    return out


def main(argv: list[str]) -> int:
    files = {diagrams.GOLDEN / name: draw(name) for name in diagrams.GOLDENS}
    files.update({diagrams.GOLDEN / name: draw_diff(name) for name in diagrams.DIFF_GOLDENS})
    files.update({formats.GOLDEN / name: printed(name, args, formats.expected_exit(args))
                  for name, args in formats.GOLDENS.items()})
    files.update({planner.GOLDEN / name: printed(name, args, code) for name, (args, code) in planner.GOLDENS.items()})
    return sync(files, argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
