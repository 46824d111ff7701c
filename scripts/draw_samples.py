"""Draw every sample into samples/diagrams/: NAME.dot (checked by a test) and NAME.svg.

    python scripts/draw_samples.py          # regenerate (needs the Graphviz binary for SVG)
    python scripts/draw_samples.py --check  # exit 1 if a committed .dot is stale

Each diagram is drawn with its findings under the seed ruleset, as `wxtopo render` does.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import topology  # noqa: E402

OUT = ROOT / "samples" / "diagrams"
#: (output name, sample document, language)
DIAGRAMS = [
    ("bloom", "samples/bloom.json", "en"),
    ("mother-baby", "samples/mother-baby.json", "en"),
    ("mother-baby.zh", "samples/mother-baby.json", "zh"),
    ("food", "samples/food.json", "en"),
    ("education", "samples/education.json", "en"),
    ("restaurant-chain", "samples/restaurant-chain.json", "en"),
    ("broken-officials", "samples/broken/officials.json", "en"),
]


def dot_of(document: str, lang: str) -> bytes:
    eco = topology.load(str(ROOT / document))
    return topology.render(eco, topology.validate(eco, lang=lang), format="dot", lang=lang)


def main(argv: list[str]) -> int:
    stale = []
    OUT.mkdir(exist_ok=True)
    for name, document, lang in DIAGRAMS:
        dot = dot_of(document, lang)
        path = OUT / f"{name}.dot"
        if not path.exists() or path.read_bytes() != dot:
            stale.append(path.relative_to(ROOT))
        if "--check" not in argv:
            path.write_bytes(dot)
            eco = topology.load(str(ROOT / document))
            svg = topology.render(eco, topology.validate(eco, lang=lang), format="svg", lang=lang)
            (OUT / f"{name}.svg").write_bytes(svg)
    if "--check" in argv:
        print("stale: " + ", ".join(map(str, stale)) if stale else "up to date")
        return 1 if stale else 0
    print(f"drew {len(DIAGRAMS)} diagrams into {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
