"""The columnar engines: the rule catalogue as set-wise SQL over table sets, on DuckDB or Spark.

>>> from topology import columnar                       # doctest: +SKIP
>>> report = columnar.validate("exports/")              # doctest: +SKIP
>>> report = columnar.validate("exports/", engine="spark", session=spark)   # doctest: +SKIP
>>> columnar.to_table_set("eco.json", "exports/")       # doctest: +SKIP

``validate`` returns the same :class:`~topology.engine.Report` as :func:`topology.validate`;
``start`` returns a run whose findings arrive one at a time (``--format jsonl``).
"""

from __future__ import annotations

from typing import Any

__all__ = ["ENGINES", "parse_table_set", "start", "to_document", "to_table_set", "validate"]


def __getattr__(name: str) -> Any:  # loaded on first use: importing a layout module stays light
    if name in ("validate", "start", "ENGINES"):
        from . import validation as module
    elif name in ("to_table_set", "to_document", "parse_table_set"):
        from . import convert as module
    else:
        raise AttributeError(name)
    return getattr(module, name)
