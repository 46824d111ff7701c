"""Keep Python's cyclic garbage collector out of bulk loads.

Building a model or a graph of 10^5–10^6 links creates millions of long-lived objects;
each collection the allocations trigger rescans all of them, and after a plain
``gc.disable()``/``gc.enable()`` the first collections still do, once they are enabled
again (PERF-NOTES: 6.1 s → 1.9 s for 10^6 links). So the collector is paused while they
are built, and afterwards ``gc.freeze(); gc.unfreeze()`` files everything built as old
(the oldest generation) instead of young: nothing is leaked, only not rescanned now.
If the host program keeps objects frozen itself, its freeze is left alone.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def bulk_allocation() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if gc.get_freeze_count() == 0:
            gc.freeze()
            gc.unfreeze()
        if enabled:
            gc.enable()
