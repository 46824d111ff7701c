"""YAML text → JSON-compatible values, strict and positioned, at C speed where it can be.

PyYAML's pure-Python loader made YAML 30–55× slower than JSON, kept the last of two
duplicate keys silently, and reported too-deep nesting, NaN, ``!!binary`` or a control
character with no position. Here libyaml (PyYAML's ``CSafeLoader``) composes the node tree
with the cyclic GC paused, and one iterative walk (no recursion: no depth can crash it)
builds the values under the rules a JSON document obeys:

- no anchors or aliases (``*ref`` can expand a small file into gigabytes), no ``<<`` merges;
- each key once per mapping, compared as JSON writes it (``1`` and ``"1"`` clash);
- scalars resolve as YAML 1.1 (PyYAML's SafeLoader) does, except that timestamps stay strings
  (the model checks dates as it checks JSON's); NaN, infinities and integers too long to
  convert are not JSON numbers;
- only the JSON-like tags (``!!str !!int !!float !!bool !!null !!seq !!map``, and
  ``!!timestamp`` read as a string);
- nesting stops at :data:`topology.limits.MAX_DEPTH`, as the JSON parser's; one document.

Errors are :class:`~topology.errors.Problem` s with pointer, line and column (1-based,
counted in characters as an editor shows them: a BOM is not one). The fast path only knows
that something failed; the slow path then replays the parser's events, tracking the
container path, so a syntax error gets the pointer of the value being read. The walk from
nodes to values is :mod:`topology.yaml_values`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from . import limits
from ._gc import bulk_allocation
from .errors import DocumentError, Problem
from .positions import pointer as _pointer
from .sanitize import escape
from .yaml_scalars import STR_TAG as _STR
from .yaml_scalars import json_key_or_none as _json_key_or_none
from .yaml_values import TOO_DEEP, build_values

_HERE = object()
# what the YAML reader (libyaml's and PyYAML's) refuses: controls, surrogates, U+FFFE/FFFF
_NOT_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


class _Stop(Exception):
    """Stop composing: the problem is recorded."""


# -- the API --------------------------------------------------------------------------------
def load_yaml(text: str, name: str) -> Any:
    """The values of a one-document YAML text, or DocumentError with every problem found.

    >>> load_yaml("accounts:\\n  - {id: li-na, since: 2026-01-02, verified: yes}\\n", "eco.yaml")
    {'accounts': [{'id': 'li-na', 'since': '2026-01-02', 'verified': True}]}
    >>> try:
    ...     load_yaml("a: 1\\nb: 2\\na: 3\\nc: .nan\\n", "eco.yaml")
    ... except DocumentError as exc:
    ...     print(exc.problems)
    [Problem('/a', 'duplicate key "a"', 3, 1), Problem('/c', 'not a JSON number: .nan (NaN and infinity are not allowed)', 4, 4)]
    """
    text = _without_bom(text)
    with bulk_allocation():
        root = None
        if not _maybe_anchored(text):
            root = _c_compose(text)
        if root is None:
            root, problems = _compose_events(text, strict=True)
            if problems:
                raise DocumentError(problems, name)
        if root is None or (root.tag is None and root.value == "" and _is_scalar(root)):
            raise DocumentError([Problem.of("", "empty", None, 1, 1)], name)
        value, problems = build_values(root)
    if problems:
        raise DocumentError(problems, name)
    return value


def yaml_locate(text: str, pointers: Iterable[str]) -> dict[str, tuple[int, int]]:
    """(line, column) where each pointer's value starts; those that do not resolve are left out.

    One compose serves all pointers; text that does not compose yields what was read before
    the problem (never an exception).

    >>> yaml_locate("a:\\n  - x\\n  - {b: 2}\\n", ["/a/1/b", "/a/5", ""])
    {'': (1, 1), '/a/1/b': (3, 9)}
    """
    trie: dict = {}
    for p in set(pointers):
        if p == "" or p.startswith("/"):
            node = trie
            for tok in p.split("/")[1:]:
                tok = tok.replace("~1", "/").replace("~0", "~")
                node = node.setdefault(tok, {})
            node[_HERE] = p
    if not trie:
        return {}
    with bulk_allocation():
        root = _compose_tolerant(_without_bom(text))
    found: dict[str, tuple[int, int]] = {}
    todo = [(root, trie)] if root is not None else []
    while todo:
        node, sub = todo.pop()
        if _HERE in sub:
            found[sub[_HERE]] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if _is_scalar(node):
            continue
        if _is_mapping(node):
            for knode, vnode in node.value:
                key = _json_key_or_none(knode)
                if key in sub:
                    todo.append((vnode, sub.pop(key)))  # the first of duplicate keys
        else:
            for tok in sub:
                if tok is not _HERE and _is_index(tok) and int(tok) < len(node.value):
                    todo.append((node.value[int(tok)], sub[tok]))
    return found


def yaml_pointer_at(text: str, offset: int) -> str:
    """The pointer of the innermost node spanning character ``offset`` of ``text`` (a key
    counts as its member); '' when nothing composes.

    >>> yaml_pointer_at("a:\\n  - x\\n  - {b: 2}\\n", 17)
    '/a/1/b'
    """
    if text.startswith("\ufeff"):
        text, offset = text[1:], offset - 1
    with bulk_allocation():
        node = _compose_tolerant(text)
    tokens: list[str | int] = []
    while node is not None and not _is_scalar(node):
        mapping, found = _is_mapping(node), None
        for i, item in enumerate(node.value):
            first, last = item if mapping else (item, item)
            if first.start_mark.index > offset:
                break
            if offset < _end(last):
                found = last
                tokens.append(_json_key_or_none(first) or "" if mapping else i)
                break
        node = found
    return _pointer(*tokens)


# -- composing ------------------------------------------------------------------------------
class _Resolve:
    """Resolution left to the walk: the C composer calls ``resolve`` for every node, and
    PyYAML's (path resolvers, a regex per scalar) took half the compose time."""

    def resolve(self, kind, value, implicit):
        # None: a plain scalar (the walk resolves it) or an untagged container
        return None if value is None or implicit[0] else _STR

    def descend_resolver(self, parent, index):
        pass

    def ascend_resolver(self):
        pass


class _PyLoader(_Resolve, yaml.SafeLoader):
    """The pure-Python parser: no libyaml, or libyaml gave up before its events reached depth."""


_Loader: Any = type("_Loader", (_Resolve, yaml.CSafeLoader), {}) if yaml.__with_libyaml__ else _PyLoader


def _c_compose(text: str) -> Any:
    """The node tree by libyaml's composer, or None when it failed (or is not there) and
    the event path must find out why. Its C recursion is bounded by libyaml's own nesting
    limit (checked once); without one it is not used."""
    if not _c_is_safe():
        return None
    loader = None
    try:
        loader = _Loader(text)
        return loader.get_single_node()
    except (yaml.YAMLError, UnicodeEncodeError):
        return None
    finally:
        if loader is not None:
            loader.dispose()


_C_SAFE: bool | None = None


def _c_is_safe() -> bool:
    global _C_SAFE
    if _C_SAFE is None:
        _C_SAFE = False
        if yaml.__with_libyaml__:
            loader = _Loader("[" * 1100 + "]" * 1100)  # deeper than libyaml's 1000, shallow for C
            try:
                loader.get_single_node()
            except yaml.YAMLError:
                _C_SAFE = True
            finally:
                loader.dispose()
    return _C_SAFE


def _compose_tolerant(text: str) -> Any:
    """The node tree, or as much of it as was read before a problem (aliases shared)."""
    root = _c_compose(text)
    return root if root is not None else _compose_events(text, strict=False)[0]


def _maybe_anchored(text: str) -> bool:
    """Whether an ``&`` could start an anchor (after a blank, a line break or an indicator, and
    before a name); only such texts take the slower path that refuses anchors with positions.
    An alias needs an anchor, so the C composer never shares a node for the others (and the
    walk checks that too)."""
    i = text.find("&")
    while i >= 0:
        if (i == 0 or text[i - 1] in _BEFORE_ANCHOR) and text[i + 1:i + 2] not in _NOT_ANCHOR_NAME:
            return True
        i = text.find("&", i + 1)
    return False


_BEFORE_ANCHOR = frozenset(" \t\r\n\x85\u2028\u2029[]{},:?-")
_NOT_ANCHOR_NAME = frozenset(("", " ", "\t", "\r", "\n", "[", "]", "{", "}", ","))


def _compose_events(text: str, strict: bool, loader_class: Any = None) -> tuple[Any, list[Problem]]:
    """(root, problems) by replaying the parser's events without recursion.

    ``strict``: anchors, aliases, nesting deeper than MAX_DEPTH, a second document and
    syntax errors are problems, each with the pointer of the node being read; else they are
    skipped (aliases shared) and the tree read so far, at most MAX_DEPTH deep, is returned.
    libyaml stops at 1000 levels and, in a flow collection, may do so before it has given
    any event: then the Python parser retries.
    """
    loader_class = loader_class or _Loader
    problems: list[Problem] = []
    stack: list[list] = []  # [node, pending key node, token in parent]
    anchors: dict[str, Any] = {}
    root, documents, loader = None, 0, None

    def problem(key: str, values: dict | None, mark: Any, node_token: Any = None) -> None:
        tokens = [f[2] for f in stack[1:] if f[2] is not None]
        if node_token is not None and stack:
            tokens.append(node_token)
        problems.append(Problem.of(_pointer(*tokens), key, values, mark.line + 1, mark.column + 1))

    try:
        loader = loader_class(text)
        while True:
            ev = loader.get_event()
            kind = type(ev)
            if kind is ScalarEvent or kind is SequenceStartEvent or kind is MappingStartEvent or kind is AliasEvent:
                token = None
                if stack:
                    parent, key = stack[-1][0], stack[-1][1]
                    token = (len(parent.value) if type(parent) is SequenceNode
                             else _json_key_or_none(key) or "" if key is not None else None)
                if kind is AliasEvent:
                    if strict:
                        problem("yaml_alias", {"anchor": escape(ev.anchor)}, ev.start_mark, token)
                    node = anchors.get(ev.anchor) or ScalarNode(_STR, "", ev.start_mark, ev.end_mark)
                else:
                    if ev.anchor is not None and strict:
                        problem("yaml_anchor", {"anchor": escape(ev.anchor)}, ev.start_mark, token)
                    tag = ev.tag
                    if kind is ScalarEvent:
                        if tag is None or tag == "!":
                            tag = None if ev.implicit[0] else _STR
                        node = ScalarNode(tag, ev.value, ev.start_mark, ev.end_mark, ev.style or "")
                    else:
                        node_class = SequenceNode if kind is SequenceStartEvent else MappingNode
                        node = node_class(None if tag == "!" else tag, [], ev.start_mark, None, ev.flow_style)
                    if ev.anchor is not None:
                        anchors[ev.anchor] = node
                if not stack:
                    root = node
                elif type(stack[-1][0]) is SequenceNode:
                    stack[-1][0].value.append(node)
                elif stack[-1][1] is None:
                    stack[-1][1] = node
                else:
                    stack[-1][0].value.append((stack[-1][1], node))
                    stack[-1][1] = None
                if kind is SequenceStartEvent or kind is MappingStartEvent:
                    if len(stack) >= limits.MAX_DEPTH:  # also when tolerant: PyYAML's scanner is quadratic in depth
                        if strict:
                            problem(*TOO_DEEP, ev.start_mark, token)
                        raise _Stop
                    stack.append([node, None, token])
            elif kind is SequenceEndEvent or kind is MappingEndEvent:
                stack.pop()[0].end_mark = ev.end_mark
            elif kind is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    if strict:
                        problem("yaml_documents", None, ev.start_mark)
                    break
            elif kind is StreamEndEvent:
                break
    except _Stop:
        pass
    except yaml.MarkedYAMLError as exc:
        if strict and loader_class is not _PyLoader and len(stack) < limits.MAX_DEPTH and \
                re.search("depth|nesting", str(exc.problem)):
            return _compose_events(text, strict, _PyLoader)
        if strict:
            mark = exc.problem_mark or exc.context_mark
            key, said = "malformed_yaml", {"detail": exc.problem or exc.context}
            if exc.context and exc.context_mark and exc.problem_mark and exc.context_mark.line != mark.line:
                key, said = "malformed_yaml_at", {**said, "context": exc.context, "line": exc.context_mark.line + 1,
                                                  "column": exc.context_mark.column + 1}
            problem(key, said, mark, _token_being_read(stack, exc, mark))
    except (yaml.reader.ReaderError, UnicodeEncodeError) as exc:
        if strict:
            problems.append(_reader_problem(text, exc))
    finally:
        if loader is not None:
            loader.dispose()
    return root, problems


def _token_being_read(stack: list[list], exc: Exception, mark: Any) -> Any:
    """The token, in the innermost open container, of the value being read at a syntax error:
    a mapping's value after its key; while the scanner reads a token (not when the parser
    finds the container itself wrong), the last child if the token continues it, else the
    next item of a sequence."""
    if not stack:
        return None
    container, key = stack[-1][0], stack[-1][1]
    mapping = type(container) is MappingNode
    if mapping and key is not None:
        return _json_key_or_none(key) or ""
    if not isinstance(exc, yaml.scanner.ScannerError):
        return None
    last = container.value[-1] if container.value else None
    if mapping:
        last = last[1] if last else None
    if last is not None and last.end_mark is not None and mark.index <= last.end_mark.index:
        return _json_key_or_none(container.value[-1][0]) or "" if mapping else len(container.value) - 1
    return None if mapping else len(container.value)


def _reader_problem(text: str, exc: Exception) -> Problem:
    """A character the YAML reader refuses, where it is (libyaml counts UTF-8 bytes)."""
    if isinstance(exc, UnicodeEncodeError):
        offset = exc.start
    elif getattr(exc, "encoding", None) == "unicode":
        offset = exc.position  # type: ignore[attr-defined]
    else:
        offset = len(text.encode("utf-8", "surrogatepass")[: exc.position].decode("utf-8", "ignore"))  # type: ignore[attr-defined]
    found = _NOT_PRINTABLE.search(text, offset) or _NOT_PRINTABLE.search(text)
    offset = found.start() if found else min(offset, len(text))
    code = ord(text[offset]) if offset < len(text) else 0
    breaks = [m.end() for m in _BREAK.finditer(text, 0, offset)]  # line breaks as YAML counts them
    line, column = len(breaks) + 1, offset - (breaks[-1] if breaks else 0) + 1
    # the pointer of the value it is in (or ends: glued to a token) in the same text with every such
    # character a space
    glued = offset > 0 and not text[offset - 1].isspace()
    ptr = yaml_pointer_at(_NOT_PRINTABLE.sub(" ", text), offset - glued)
    return Problem.of(ptr, "yaml_character", {"code": f"{code:04x}"}, line, column)


# -- small helpers --------------------------------------------------------------------------
def _without_bom(text: str) -> str:
    return text.removeprefix("\ufeff")


def _is_scalar(node: Any) -> bool:
    return type(node) is ScalarNode


def _is_mapping(node: Any) -> bool:
    return type(node) is MappingNode


def _is_index(token: str) -> bool:
    return token.isascii() and token.isdigit() and (token == "0" or token[0] != "0")


def _end(node: Any) -> float:
    """Where a node ends (an open container, read before a syntax error, never does)."""
    if node.end_mark is None:
        return float("inf")
    return max(node.end_mark.index, node.start_mark.index + 1)
