"""Regenerate tests/diagrams/golden/: the DOT and Mermaid the renderer draws for a few samples.

    python scripts/update_golden.py          # rewrite every golden file
    python scripts/update_golden.py --check  # exit 1 if any is stale (changes nothing)

Each file is what `wxtopo render SAMPLE -o NAME.EXT [--lang zh]` writes (findings drawn,
seed ruleset). Read the diff of every changed file before committing it.
"""

from __future__ import annotations

import sys
from pathlib import Path

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
    check = "--check" in argv
    GOLDEN.mkdir(parents=True, exist_ok=True)
    stale = []
    for name in GOLDENS:
        path = GOLDEN / name
        data = draw(name)
        if not path.exists() or path.read_bytes() != data:
            stale.append(name)
            if not check:
                path.write_bytes(data)
    if stale:
        print(("stale: " if check else "updated: ") + ", ".join(stale))
        return 1 if check else 0
    print("up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
