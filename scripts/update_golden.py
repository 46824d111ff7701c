"""Regenerate tests/diagrams/golden/: the DOT and Mermaid the renderer draws for a few samples.

    python scripts/update_golden.py          # rewrite every golden file
    python scripts/update_golden.py --check  # exit 1 if any is stale (changes nothing)

Each file is what `wxtopo render SAMPLE -o NAME.EXT [--lang zh]` writes (findings drawn,
seed ruleset). Read the diff of every changed file before committing it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from _sync import sync  # noqa: E402  (scripts/ is on sys.path when a script runs)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import topology

from tests.diagrams import GOLDENS  # noqa: E402  (one list, shared with the tests)

GOLDEN = ROOT / "tests" / "diagrams" / "golden"


def draw(name: str) -> bytes:
    document, lang = GOLDENS[name]
    eco = topology.load(str(ROOT / document))
    return topology.render(eco, topology.validate(eco, lang=lang), format=name.rsplit(".", 1)[1], lang=lang)


def main(argv: list[str]) -> int:
    return sync({GOLDEN / name: draw(name) for name in GOLDENS}, argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
