"""The limits every reader of JSON or YAML input shares (documents, previous documents,
rulesets, suppressions, changes files, ``--set`` values), so that no input can exhaust the machine.

``MAX_DEPTH`` is the JSON parser's own nesting limit (jiter stops at 200 levels), applied to
YAML too; an ecosystem document nests six levels deep. ``max_input_size`` is the largest
input read (``--max-input-size``); a larger one stops with a message before the rest is read.
"""

from __future__ import annotations

MAX_DEPTH = 200
DEFAULT_MAX_INPUT_SIZE = 1 << 30  # 1 GiB

_max_input_size = DEFAULT_MAX_INPUT_SIZE


def max_input_size() -> int:
    """The largest input, in bytes, that a reader accepts in this process."""
    return _max_input_size


def set_max_input_size(size: int) -> None:
    """Set the limit for this process (the command line's ``--max-input-size``)."""
    global _max_input_size
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        raise ValueError(f"max_input_size must be a positive number of bytes, got {size!r}")
    _max_input_size = size
