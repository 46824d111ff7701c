"""The one write-or-check loop of the scripts that keep generated files in sync."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def sync(files: dict[Path, bytes], argv: list[str]) -> int:
    """Write each file whose content differs; with ``--check`` write nothing and exit 1 if any would change."""
    check = "--check" in argv
    stale = [path for path, data in files.items() if not path.exists() or path.read_bytes() != data]
    if not check:
        for path in stale:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(files[path])
    if stale:
        print(("stale: " if check else "updated: ") + ", ".join(p.relative_to(ROOT).as_posix() for p in stale))
        return 1 if check else 0
    print("up to date")
    return 0
