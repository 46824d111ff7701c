"""Every JSON or YAML input, read one way: bytes → text → values, or positioned problems.

Documents, previous documents, rulesets, suppressions, changes files and ``--set`` values all pass
through here, so they share the same limits (:mod:`topology.limits`: input size, nesting
depth) and the same errors (a :class:`~topology.errors.Problem` with pointer, line and
column): an endless stream stops at the size limit, UTF-16 from a Windows editor is decoded,
a NUL byte or a duplicate key is named where it is, never read as something else.

The happy path builds no position index; positions are looked up when a report or an error
needs them (:mod:`topology.positions` for JSON, :mod:`topology.yaml_reader` for YAML).
"""

from __future__ import annotations

import bisect
import errno
import json
import os
import re
import stat
import sys
from dataclasses import dataclass, field
from datetime import date
from typing import Any, BinaryIO

from . import limits
from .errors import DocumentError, Problem
from .positions import json_duplicate_keys, json_locate, json_pointer_at, pointer_tokens
from .sanitize import display_path, escape

JSON_SUFFIXES = (".json",)
YAML_SUFFIXES = (".yaml", ".yml")
_CHUNK = 1 << 20


@dataclass
class Source:
    """An input's text and where it came from (``name``: the path as given, shown safely, or '-')."""

    name: str
    text: str
    format: str  # "json" or "yaml"
    _lines: list[int] | None = field(default=None, repr=False)

    # -- offsets and lines -------------------------------------------------------------
    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in characters) of a character offset."""
        if self._lines is None:
            self._lines = [m.end() for m in re.finditer("\n", self.text)]
        line = bisect.bisect_right(self._lines, offset)
        start = self._lines[line - 1] if line else 0
        return line + 1, offset - start + 1

    def char_column(self, line: int, byte_column: int) -> int:
        """The 1-based character column of a 1-based UTF-8 byte column on ``line``."""
        start = self.offset(line, 1)
        end = self.text.find("\n", start)
        head = self.text[start:end if end >= 0 else len(self.text)].encode("utf-8", "surrogatepass")
        return len(head[: max(byte_column - 1, 0)].decode("utf-8", "ignore")) + 1

    def offset(self, line: int, column: int) -> int:
        """The character offset of a 1-based line and character column."""
        if self._lines is None:
            self.line_col(0)
        assert self._lines is not None
        start = self._lines[line - 2] if line >= 2 and line - 2 < len(self._lines) else 0
        return min(len(self.text), start + max(column - 1, 0))

    # -- pointers -----------------------------------------------------------------------
    def locate(self, pointers) -> dict[str, tuple[int, int]]:
        """Map each JSON pointer to the (line, column) where its value starts.

        Pointers that do not resolve are left out. One walk serves all of them.
        """
        if self.format == "yaml":
            from .yaml_reader import yaml_locate

            return yaml_locate(self.text, pointers)
        return {p: self.line_col(off) for p, off in json_locate(self.text, pointers).items()}

    def pointer_at(self, offset: int) -> str:
        """The pointer of the innermost value being read at ``offset`` (for syntax errors)."""
        if self.format == "yaml":
            from .yaml_reader import yaml_pointer_at

            return yaml_pointer_at(self.text, offset)
        return json_pointer_at(self.text, offset)[0]


# -- reading bytes --------------------------------------------------------------------------
def read_source(path: str | os.PathLike, stdin: BinaryIO | None = None) -> Source:
    """Read an input from a path, or from standard input when ``path`` is '-'.

    Raises DocumentError (not OSError) when the file cannot be read, is larger than
    :func:`topology.limits.max_input_size`, or is not text, so callers report it like any
    other problem. The format is JSON for ``.json``, YAML for ``.yaml``/``.yml``, else
    decided by the first character.
    """
    name = "-" if path == "-" else display_path(path)
    data = read_bytes(path, stdin)
    lower = name.lower()
    fmt = "json" if lower.endswith(JSON_SUFFIXES) else "yaml" if lower.endswith(YAML_SUFFIXES) else None
    return decode(data, name, fmt)


def read_bytes(path: str | os.PathLike, stdin: BinaryIO | None = None) -> bytes:
    """The bytes of a path ('-': standard input), at most the input limit, read in chunks.

    A regular file over the limit is refused before reading; a stream (a pipe, a device) is
    read until it ends or passes the limit; a first chunk that is plainly not text (NUL bytes
    in no UTF-16/32 pattern: ``/dev/zero``) stops at once.
    """
    name = "-" if path == "-" else display_path(path)
    limit = limits.max_input_size()
    try:
        if path == "-":
            if stdin is None and sys.stdin is None:
                raise DocumentError([Problem.of("", "stdin_closed")], name)
            return _read_stream(stdin or sys.stdin.buffer, limit, name)
        with open(path, "rb") as fh:
            info = os.fstat(fh.fileno())
            if stat.S_ISREG(info.st_mode) and info.st_size > limit:
                raise _too_large(name, limit)
            return _read_stream(fh, limit, name)
    except OSError as exc:
        raise DocumentError([Problem.of("", "cannot_read", {"name": escape(name), "reason": str(exc.strerror or exc),
                                                             "code": errno.errorcode.get(exc.errno or 0, "")})],
                            name) from None
    except ValueError as exc:  # a path no file can have (a NUL byte): the operating system is never asked
        raise DocumentError([Problem.of("", "cannot_read", {"name": escape(name), "reason": str(exc), "code": ""})],
                            name) from None


def _read_stream(stream: BinaryIO, limit: int, name: str) -> bytes:
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = stream.read(min(_CHUNK, limit + 1 - total))
        if not chunk:
            break
        if not chunks:
            _refuse_binary(chunk, name)
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise _too_large(name, limit)
    return b"".join(chunks)


def _too_large(name: str, limit: int) -> DocumentError:
    size = human_size(limit)
    amount, unit = size.split()
    return DocumentError([Problem.of("", "too_large", {"size": size, "amount": amount, "unit": unit})], name)


def human_size(n: int) -> str:
    """``1073741824`` → ``'1 GiB'``; sizes that are not whole units keep their bytes.

    >>> human_size(1 << 30), human_size(512 * 1024), human_size(1000)
    ('1 GiB', '512 KiB', '1000 bytes')
    """
    for unit, size in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= size and n % size == 0:
            return f"{n // size} {unit}"
    return f"{n} bytes"


def parse_size(text: str) -> int:
    """``'1G'``, ``'512M'``, ``'64k'``, ``'1000'`` → bytes (binary units); ValueError otherwise.

    >>> parse_size("1G"), parse_size("512MiB"), parse_size("2000")
    (1073741824, 536870912, 2000)
    """
    m = re.fullmatch(r"\s*([0-9]{1,15})\s*([kmgt]?)(?:i?b)?\s*", text, re.IGNORECASE)
    if not m or int(m.group(1)) < 1:
        raise ValueError(f"not a size: {text!r} (use bytes or a unit: 64K, 512M, 1G)")
    return int(m.group(1)) << (10 * " kmgt".index(m.group(2).lower() or " "))


# -- bytes to text --------------------------------------------------------------------------
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
         (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def sniff_encoding(head: bytes) -> str:
    """The encoding of text starting with ``head``: by its byte order mark, else by the NUL
    pattern of its first characters (RFC 4627 §3), else UTF-8.

    >>> sniff_encoding(b'\\xff\\xfe{\\x00'), sniff_encoding(b'{\\x00"\\x00'), sniff_encoding(b'{"a"')
    ('utf-16', 'utf-16-le', 'utf-8')
    """
    for bom, codec in _BOMS:
        if head.startswith(bom):
            return codec
    if len(head) >= 4:
        nul = tuple(b == 0 for b in head[:4])
        pattern = {(True, True, True, False): "utf-32-be", (False, True, True, True): "utf-32-le",
                   (True, False, True, False): "utf-16-be", (False, True, False, True): "utf-16-le"}
        if nul in pattern:
            return pattern[nul]
    elif len(head) >= 2 and head[0] == 0 and head[1] != 0:
        return "utf-16-be"
    elif len(head) >= 2 and head[0] != 0 and head[1] == 0:
        return "utf-16-le"
    return "utf-8"


def _refuse_binary(head: bytes, name: str) -> None:
    if sniff_encoding(head) in ("utf-8", "utf-8-sig") and b"\0" in head:
        at = head.index(b"\0")
        raise DocumentError([Problem.of("", "nul_byte", {"at": at},
                                        head.count(b"\n", 0, at) + 1, len(head[head.rfind(b"\n", 0, at) + 1:at]
                                                                        .decode("utf-8", "replace")) + 1)], name)


def decode(data: bytes | str, name: str = "<document>", fmt: str | None = None) -> Source:
    """Decode bytes (UTF-8, or UTF-16/32 told by a byte order mark or the NUL pattern) and
    decide JSON or YAML when ``fmt`` is None."""
    if isinstance(data, bytes):
        codec = sniff_encoding(data[:4])
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as exc:
            raise DocumentError([_bad_encoding(data, exc, codec)], name) from None
    else:
        text = data
    if "\0" in text:
        source = Source(name, text, fmt or "json")
        raise DocumentError([Problem.of("", "nul_char", None, *source.line_col(text.index("\0")))], name)
    if fmt is None:
        # JSON is the documented format; anything that cannot start a JSON value is YAML.
        # A leading '-' is JSON only as a negative number: '---' and '- item' are YAML.
        head = text.lstrip()[:2]
        fmt = "json" if head[:1] and (head[:1] in '{["0123456789' or re.match(r"-[0-9]", head)) else "yaml"
    if not text.strip():
        raise DocumentError([Problem.of("", "empty", None, 1, 1)], name)
    return Source(name=name, text=text, format=fmt)


def _bad_encoding(data: bytes, exc: UnicodeDecodeError, codec: str) -> Problem:
    if codec.startswith("utf-8"):
        line = data.count(b"\n", 0, exc.start) + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        col = len(data[line_start:exc.start].decode("utf-8", "replace")) + 1  # characters, as elsewhere
        return Problem.of("", "bad_utf8", {"byte": f"{data[exc.start]:02x}", "at": exc.start}, line, col)
    return Problem.of("", "bad_encoding", {"codec": codec.upper(), "reason": exc.reason, "at": exc.start})


# -- text to values -------------------------------------------------------------------------
_JITER_AT = re.compile(r"^(.*) at line (\d+) column (\d+)$", re.DOTALL)
_DUPLICATE = re.compile(r'^Detected duplicate key "(.*)"$', re.DOTALL)


def parse_data(source: Source, encoded: bytes | None = None) -> Any:
    """The values of a JSON or YAML input (dicts, lists, strings, numbers, booleans, None).

    Raises DocumentError, positioned: malformed text, a duplicate key, nesting deeper than
    :data:`topology.limits.MAX_DEPTH`, and for YAML also aliases, tags and NaN. ``encoded`` is
    the JSON text as :func:`utf8` gives it, when the caller needs those bytes too.

    >>> parse_data(decode(b'{"a": [1, "x"]}'))
    {'a': [1, 'x']}
    >>> parse_data(decode(b'{"a": 1,\\n "a": 2}')).__class__
    Traceback (most recent call last):
    ...
    topology.errors.DocumentError: <document>: 1 document error
    <document>:2:2: error /a: duplicate key "a"
    """
    if source.format == "yaml":
        from .yaml_reader import load_yaml

        return load_yaml(source.text, source.name)
    import jiter

    try:
        return jiter.from_json(utf8(source.text) if encoded is None else encoded, catch_duplicate_keys=True,
                               allow_inf_nan=False, cache_mode="keys")
    except ValueError as exc:
        problem = _json_problem(source, str(exc))
    if problem.key == "duplicate_key":  # name every one, not just the first
        problems = [Problem.of(ptr, "duplicate_key", {"key": escape(pointer_tokens(ptr)[-1])}, *source.line_col(at))
                    for ptr, at in json_duplicate_keys(source.text)]
        raise DocumentError(problems or [problem], source.name)
    raise DocumentError([problem], source.name)


def utf8(text: str) -> bytes:
    """Text as the JSON parsers read it: UTF-8, a lone surrogate kept (and refused by jiter, positioned).

    Give pydantic these bytes rather than a ``str`` that is not ASCII: asked for the UTF-8 of a
    ``str``, CPython keeps a copy inside it for the string's lifetime, and ``Source.text`` lives
    as long as the report (a second copy of a large document, for nothing).
    """
    return text.encode("utf-8", "surrogatepass")


def _json_problem(source: Source, message: str) -> Problem:
    """jiter's error (positions in UTF-8 bytes) as a Problem (positions in characters)."""
    m = _JITER_AT.match(message)
    if not m:
        return Problem.of("", "malformed_json", {"detail": message})
    what, line = m.group(1), int(m.group(2))
    column = source.char_column(line, max(int(m.group(3)), 1))
    offset = source.offset(line, column)
    ptr, key_at = json_pointer_at(source.text, offset)
    dup = _DUPLICATE.match(what)
    if dup:
        at = key_at if key_at is not None else offset
        return Problem.of(ptr, "duplicate_key", {"key": escape(dup.group(1))}, *source.line_col(at))
    if what == "recursion limit exceeded":
        return Problem.of(ptr, "json_too_deep", {"depth": limits.MAX_DEPTH}, line, column)
    return Problem.of(ptr, "malformed_json", {"detail": what}, line, column)


def read_data(source: str | os.PathLike | bytes | Source, name: str | None = None) -> tuple[Any, Source]:
    """(values, Source) of an input given as a path ('-': stdin), bytes or a Source."""
    if isinstance(source, Source):
        src = source
    elif isinstance(source, bytes):
        src = decode(source, name or "<bytes>")
    else:
        src = read_source(source)
    return parse_data(src), src


def parse_value(text: str) -> Any:
    """A command-line value read as JSON under the same limits (``--set key=[1,2]``);
    ValueError when it is not JSON.

    >>> parse_value("12"), parse_value('["a", "b"]')
    (12, ['a', 'b'])
    """
    if not text.strip() or len(text) > limits.max_input_size():
        raise ValueError("not a JSON value")
    try:
        return parse_data(Source("--set", text, "json"))
    except DocumentError as exc:
        raise ValueError(exc.problems[0].message) from None


# -- values to JSON text (for pydantic's strict JSON validation) ---------------------------
def mapping_text(data: dict, name: str, function: str, parameter: str = "document") -> str:
    """A mapping given to the library as JSON text, under the readers' limits: too deep or NaN is a
    DocumentError, a value JSON cannot hold a TypeError naming the argument."""
    try:
        return json.dumps(data, default=json_default, allow_nan=False, ensure_ascii=False)
    except RecursionError:
        raise DocumentError([Problem.of("", "too_deep", {"depth": limits.MAX_DEPTH})], name) from None
    except ValueError:
        raise DocumentError([Problem.of("", "not_finite")], name) from None
    except TypeError as exc:
        raise TypeError(f"{function}() argument {parameter!r} holds a value that is not JSON: {exc}") from None


def json_default(value: Any) -> Any:
    """``json.dumps``'s fallback for the values a document may hold beyond JSON's: dates."""
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not a JSON value")


def json_text(data: Any, name: str) -> str:
    """Values read from YAML as JSON text, for pydantic's strict JSON validation."""
    try:
        return json.dumps(data, default=json_default, allow_nan=False, ensure_ascii=False)
    except (TypeError, ValueError) as exc:
        raise DocumentError([Problem.of("", "unsupported_value", {"detail": str(exc)})], name) from None
