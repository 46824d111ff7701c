"""Regenerate every generated file: schemas/*.json, the README's rule table, docs/rules/*.md.

    python scripts/regenerate.py          # write
    python scripts/regenerate.py --check  # exit 1 if anything is stale (what the tests do)
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from topology.catalogue import all_rules, markdown_table, rule_markdown  # noqa: E402
from topology.schema import NAMES, schema_text  # noqa: E402

START, END = "<!-- rules:start -->", "<!-- rules:end -->"


def expected() -> dict[Path, str]:
    files = {ROOT / "schemas" / f"{name}.schema.json": schema_text(name) for name in NAMES}
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    files[readme] = f"{head}{START}\n{markdown_table()}{END}{tail}"
    for rule in all_rules():
        files[ROOT / "docs" / "rules" / f"{rule.id}.md"] = rule_markdown(rule)
    return files


def main(argv: list[str]) -> int:
    stale = []
    for path, text in expected().items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current != text:
            stale.append(path.relative_to(ROOT))
            if "--check" not in argv:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    if stale:
        print(("stale: " if "--check" in argv else "regenerated: ") + ", ".join(map(str, stale)))
        return 1 if "--check" in argv else 0
    print("up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
