"""Keep Python's cyclic garbage collector out of bulk loads, without leaking in long runs.

Building a model or a graph of 10^5–10^6 links creates millions of long-lived objects;
each collection the allocations trigger rescans all of them, and after a plain
``gc.disable()``/``gc.enable()`` the first collections still do, once they are enabled
again (PERF-NOTES: 6.1 s → 1.9 s for 10^6 links; here 23 s → 13 s of CPU for a whole
``validate`` at 10^6). So the collector is paused while they are built, and afterwards
``gc.freeze(); gc.unfreeze()`` files everything built as old (the oldest generation) instead
of young: nothing is leaked, only not rescanned now. If the host program keeps objects frozen
itself, its freeze is left alone.

Objects filed as old that way escape CPython's own trigger for full collections (it counts
only objects it promoted itself), so a program that validates in a loop would pile up the
garbage of earlier runs. The objects filed are counted as debt; once the debt passes four
times what was alive at the last count, one full collection runs and the count starts over,
as CPython's own rule (a quarter of the old generation) would have it, only coarser. A
single command line run never reaches it; a loop of 600 validations stays flat.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_FACTOR = 4
_debt = 0  # objects filed as old since the last full collection
_budget = 0  # debt allowed before the next one (0: not counted yet)


@contextmanager
def bulk_allocation() -> Iterator[None]:
    global _debt, _budget
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if gc.get_freeze_count() == 0:
            _debt += gc.get_count()[0]
            gc.freeze()
            if not _budget:
                _budget = _FACTOR * gc.get_freeze_count()
            gc.unfreeze()
            if _debt > _budget:
                gc.collect()
                gc.freeze()
                _budget = _FACTOR * gc.get_freeze_count()
                gc.unfreeze()
                _debt = 0
        if enabled:
            gc.enable()


_TRIM: Any = None


def release_free_memory() -> None:
    """Hand the C heap's free pages back to the system, where the C library can (glibc).

    pydantic's JSON parser builds its tree of the whole document with ``malloc`` and frees it
    once the model is built; glibc keeps those pages, and Python's own allocator (arenas mapped
    apart) cannot reuse them: 370 MB held for nothing at 10^6 links, under the graph built next.
    ``malloc_trim(0)`` returns them (0.1 s at 10^6 links). Elsewhere (musl, macOS, Windows) this
    does nothing.
    """
    global _TRIM
    if _TRIM is None:
        _TRIM = False
        if sys.platform.startswith("linux"):
            try:
                import ctypes

                _TRIM = getattr(ctypes.CDLL(None), "malloc_trim", False)
            except (ImportError, OSError):  # pragma: no cover - no ctypes, no C library to ask
                pass
    if _TRIM:
        _TRIM(0)
