"""Draw every sample into samples/diagrams/: NAME.dot (checked by a test) and NAME.svg.

    python scripts/draw_samples.py          # regenerate (needs the Graphviz binary for SVG)
    python scripts/draw_samples.py --check  # exit 1 if a committed .dot is stale

Each diagram is drawn with its findings under the seed ruleset, as `wxtopo render` does; each
diff as `wxtopo diff OLD NEW -o NAME.svg` draws it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from _sync import sync  # noqa: E402  (scripts/ is on sys.path when a script runs)

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
#: (output name, OLD, NEW, language): `wxtopo diff` drawings
DIFFS = [
    ("diff", "samples/diff/before.json", "samples/diff/after.json", "en"),
]


def dot_of(document: str, lang: str) -> bytes:
    eco = topology.load(str(ROOT / document))
    return topology.render(eco, topology.validate(eco, lang=lang), format="dot", lang=lang)


def diff_of(old: str, new: str, lang: str):
    return topology.diff(str(ROOT / old), str(ROOT / new), lang=lang)


def main(argv: list[str]) -> int:
    files = {OUT / f"{name}.dot": dot_of(document, lang) for name, document, lang in DIAGRAMS}
    files.update({OUT / f"{name}.dot": topology.render_diff(diff_of(old, new, lang), "dot")
                  for name, old, new, lang in DIFFS})
    code = sync(files, argv)
    if "--check" not in argv:  # the SVGs need the Graphviz binary; only their DOT is checked
        for name, document, lang in DIAGRAMS:
            eco = topology.load(str(ROOT / document))
            svg = topology.render(eco, topology.validate(eco, lang=lang), format="svg", lang=lang)
            (OUT / f"{name}.svg").write_bytes(svg)
        for name, old, new, lang in DIFFS:
            (OUT / f"{name}.svg").write_bytes(topology.render_diff(diff_of(old, new, lang), "svg"))
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
