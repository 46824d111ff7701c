"""Bytes, a path or standard input → decoded text, plus positions on demand.

The happy path never builds a position index: it only decodes. Line and column of a
JSON pointer are looked up when a report or an error needs them, by walking just the
containers on the pointers' paths and skipping everything else with the C decoder.
"""

from __future__ import annotations

import bisect
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from .errors import DocumentError, Problem

YAML_SUFFIXES = (".yaml", ".yml")


def escape_pointer_token(token: str | int) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def unescape_pointer_token(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def pointer(*tokens: str | int) -> str:
    """Build a JSON pointer (RFC 6901) from path tokens.

    >>> pointer("accounts", 3, "subject")
    '/accounts/3/subject'
    """
    return "".join("/" + escape_pointer_token(t) for t in tokens)


@dataclass
class Source:
    """A document's text and where it came from (``name`` is the path as given, or '-')."""

    name: str
    text: str
    format: str  # "json" or "yaml"
    _lines: list[int] | None = field(default=None, repr=False)
    _yaml_root: object = field(default=None, repr=False)

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
        head = self.text[start:end if end >= 0 else len(self.text)].encode("utf-8")[: max(byte_column - 1, 0)]
        return len(head.decode("utf-8", "ignore")) + 1

    def offset(self, line: int, column: int) -> int:
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
        wanted = sorted(set(pointers))
        if not wanted:
            return {}
        if self.format == "yaml":
            return self._locate_yaml(wanted)
        trie: dict = {}
        for p in wanted:
            node = trie
            for tok in p.split("/")[1:]:
                node = node.setdefault(unescape_pointer_token(tok), {})
            node[_HERE] = p
        found: dict[str, int] = {}
        try:
            _walk_json(self.text, _skip_ws(self.text, 0), trie, found, len(wanted))
        except _Done:
            pass
        except (ValueError, IndexError, TypeError, RecursionError):
            pass  # a malformed region: keep what was found before it
        return {p: self.line_col(off) for p, off in found.items()}

    def pointer_at(self, offset: int) -> str:
        """The pointer of the innermost value being read at ``offset`` (for syntax errors)."""
        if self.format == "yaml":
            return self._pointer_at_yaml(offset)
        return _pointer_at(self.text, offset)

    def _pointer_at_yaml(self, offset: int) -> str:
        """The pointer of the innermost YAML node spanning ``offset`` ('' if the text does not compose)."""
        import yaml

        if self._yaml_root is None:
            try:
                self._yaml_root = yaml.compose(self.text, Loader=yaml_loader())
            except (yaml.YAMLError, RecursionError):
                return ""
        node, tokens = self._yaml_root, []
        while node is not None:
            if isinstance(node, yaml.MappingNode):
                items = [(getattr(k, "value", ""), v) for k, v in node.value]
            elif isinstance(node, yaml.SequenceNode):
                items = list(enumerate(node.value))
            else:
                break
            node = None
            for tok, child in items:
                if child.start_mark.index <= offset < max(child.end_mark.index, child.start_mark.index + 1):
                    tokens.append(tok)
                    node = child
                    break
        return pointer(*tokens)

    def _locate_yaml(self, wanted: list[str]) -> dict[str, tuple[int, int]]:
        import yaml

        if self._yaml_root is None:
            try:
                self._yaml_root = yaml.compose(self.text, Loader=yaml_loader())
            except (yaml.YAMLError, RecursionError):
                return {}
        out = {}
        for p in wanted:
            node = self._yaml_root
            for tok in p.split("/")[1:]:
                tok = unescape_pointer_token(tok)
                if isinstance(node, yaml.MappingNode):
                    node = next((v for k, v in node.value if getattr(k, "value", None) == tok), None)
                elif isinstance(node, yaml.SequenceNode) and tok.isdigit() and int(tok) < len(node.value):
                    node = node.value[int(tok)]
                else:
                    node = None
                if node is None:
                    break
            if node is not None:
                mark = node.start_mark
                out[p] = (mark.line + 1, mark.column + 1)
        return out


_YAML_LOADER = None


def yaml_loader():
    """PyYAML's SafeLoader, made strict and safe for documents (one class, built once).

    - no aliases: ``*ref`` can expand a small file into gigabytes;
    - dates stay strings, so the model checks them as it checks JSON's (``2026-02-30`` is
      a document error with a pointer, not a crash in PyYAML's date constructor);
    - an integer too long to convert is a positioned YAML error, not a ValueError.
    """
    global _YAML_LOADER
    if _YAML_LOADER is None:
        import yaml

        class Loader(yaml.SafeLoader):
            def compose_node(self, parent, index):
                if self.check_event(yaml.AliasEvent):
                    mark = self.peek_event().start_mark
                    raise yaml.composer.ComposerError(None, None, "aliases (*name) are not supported", mark)
                return super().compose_node(parent, index)

            def construct_yaml_int(self, node):
                try:
                    return super().construct_yaml_int(node)
                except ValueError:
                    raise yaml.constructor.ConstructorError(
                        None, None, "integer out of range", node.start_mark) from None

        Loader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_scalar)
        Loader.add_constructor("tag:yaml.org,2002:int", Loader.construct_yaml_int)
        _YAML_LOADER = Loader
    return _YAML_LOADER


_HERE = object()
_WS = re.compile(r"[ \t\n\r]*")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_DECODER = json.JSONDecoder()


def _skip_ws(text: str, i: int) -> int:
    return _WS.match(text, i).end()


def _skip_value(text: str, i: int) -> int:
    return _DECODER.raw_decode(text, i)[1]


class _Done(Exception):
    """Every wanted pointer has been found: stop walking."""


def _walk_json(text: str, i: int, trie: dict, found: dict[str, int], total: int) -> int:
    """Record offsets of the trie's pointers inside the value at ``i``; return its end."""
    if _HERE in trie:
        found[trie[_HERE]] = i
        if len(found) == total:
            raise _Done
    children = len(trie) - (1 if _HERE in trie else 0)
    if not children:
        return _skip_value(text, i)
    ch = text[i]
    if ch == "{":
        i = _skip_ws(text, i + 1)
        if text[i] == "}":
            return i + 1
        while True:
            m = _STRING.match(text, i)
            key = json.loads(m.group())
            i = _skip_ws(text, m.end())
            i = _skip_ws(text, i + 1)  # the colon
            sub = trie.get(key)
            i = _walk_json(text, i, sub, found, total) if sub is not None else _skip_value(text, i)
            i = _skip_ws(text, i)
            if text[i] == "}":
                return i + 1
            i = _skip_ws(text, i + 1)
    if ch == "[":
        i = _skip_ws(text, i + 1)
        if text[i] == "]":
            return i + 1
        n = 0
        while True:
            sub = trie.get(str(n))
            i = _walk_json(text, i, sub, found, total) if sub is not None else _skip_value(text, i)
            i = _skip_ws(text, i)
            if text[i] == "]":
                return i + 1
            i = _skip_ws(text, i + 1)
            n += 1
    return _skip_value(text, i)


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"?|[\[\]{}:,]', re.DOTALL)


def _pointer_at(text: str, offset: int) -> str:
    """Tolerant tokenizer: the path of containers open at ``offset``."""
    stack: list[list] = []  # [kind, key_or_index, expecting_key]
    for m in _TOKEN.finditer(text, 0, offset):
        tok = m.group()
        if tok in "{[":
            stack.append([tok, 0 if tok == "[" else None, tok == "{"])
        elif tok in "}]":
            if stack:
                stack.pop()
        elif tok == ",":
            if stack:
                top = stack[-1]
                if top[0] == "[":
                    top[1] += 1
                else:  # the previous member is complete: until a key comes, we are in the object
                    top[1], top[2] = None, True
        elif tok == ":":
            if stack:
                stack[-1][2] = False
        elif stack and stack[-1][0] == "{" and stack[-1][2]:
            try:
                stack[-1][1] = json.loads(tok)
            except ValueError:
                stack[-1][1] = tok.strip('"')
    tokens = [str(t[1]) for t in stack if t[1] is not None]
    return pointer(*tokens)


# -- reading ------------------------------------------------------------------------------
def read_source(path: str | Path, stdin: BinaryIO | None = None) -> Source:
    """Read a document from a path, or from standard input when ``path`` is '-'.

    Raises DocumentError (not OSError) when the file cannot be read or is not UTF-8, so
    callers report it like any other document problem.
    """
    name = str(path)
    try:
        if name == "-":
            data = (stdin or sys.stdin.buffer).read()
        else:
            data = Path(path).read_bytes()
    except OSError as exc:
        raise DocumentError([Problem("", f"cannot read {name}: {exc.strerror or exc}")], name) from None
    fmt = "yaml" if name.lower().endswith(YAML_SUFFIXES) else None
    return decode(data, name, fmt)


def decode(data: bytes | str, name: str = "<document>", fmt: str | None = None) -> Source:
    """Decode bytes as UTF-8 (a BOM is allowed) and decide JSON or YAML."""
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            line_start = data.rfind(b"\n", 0, exc.start) + 1
            col = len(data[line_start:exc.start].decode("utf-8", "replace")) + 1  # characters, as elsewhere
            raise DocumentError(
                [Problem("", f"not valid UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start}", line, col)],
                name,
            ) from None
    else:
        text = data
    if fmt is None:
        # JSON is the documented format; anything that cannot start a JSON value is YAML.
        # A leading '-' is JSON only as a negative number: '---' and '- item' are YAML.
        head = text.lstrip()[:2]
        fmt = "json" if head[:1] and (head[:1] in '{["0123456789' or re.match(r"-[0-9]", head)) else "yaml"
    if not text.strip():
        raise DocumentError([Problem("", "the document is empty", 1, 1)], name)
    return Source(name=name, text=text, format=fmt)
