"""A composed YAML node tree → JSON values, under the rules a JSON document obeys.

:mod:`topology.yaml_reader` composes the tree (libyaml, or a replay of the parser's events);
this walk builds the values with an explicit stack (no depth can crash it) and collects every
problem with its pointer, line and column: a duplicate key, an alias the C composer shared, a
merge key, a tag beyond the JSON-like ones, a number JSON cannot hold, nesting deeper than
:data:`topology.limits.MAX_DEPTH`. Scalars resolve as :mod:`topology.yaml_scalars` says.
"""

from __future__ import annotations

from typing import Any

from yaml.nodes import MappingNode, ScalarNode

from . import limits
from .errors import Problem
from .positions import pointer as _pointer
from .sanitize import escape
from .yaml_scalars import MAP_TAG as _MAP
from .yaml_scalars import MERGE as _MERGE
from .yaml_scalars import MISSING as _MISS
from .yaml_scalars import NUMBER_START as _NUMBER_START
from .yaml_scalars import SEQ_TAG as _SEQ
from .yaml_scalars import STR_TAG as _STR
from .yaml_scalars import WORDS as _WORDS
from .yaml_scalars import NotJSON as _Bad
from .yaml_scalars import json_key as _json_key
from .yaml_scalars import plain_number as _plain_number
from .yaml_scalars import scalar as _scalar
from .yaml_scalars import tag_name as _tag_name

#: the problem (key, values) of nesting deeper than :data:`topology.limits.MAX_DEPTH`
TOO_DEEP = ("yaml_too_deep", {"depth": limits.MAX_DEPTH})


def build_values(root: Any) -> tuple[Any, list[Problem]]:
    """The values of a node tree, walked depth first with an explicit stack, and the problems."""
    problems: list[Problem] = []

    def bad(tokens: list, node: Any, key: str, values: dict | None = None) -> None:
        mark = node.start_mark
        problems.append(Problem.of(_pointer(*tokens), key, values, mark.line + 1, mark.column + 1))

    if type(root) is ScalarNode:
        try:
            return _scalar(root), problems
        except _Bad as exc:
            bad([], root, exc.key, exc.values)
            return None, problems
    try:
        out = _container(root)
    except _Bad as exc:
        bad([], root, exc.key, exc.values)
        return None, problems
    words, miss, number_start, number = _WORDS, _MISS, _NUMBER_START, _plain_number
    max_depth = limits.MAX_DEPTH
    seen = {id(root)}
    path: list = []  # the token of each container on the stack but the root
    stack = [(iter(root.value), out, type(root) is MappingNode)]
    while stack:
        items, container, is_map = stack[-1]
        for item in items:
            if is_map:
                knode, node = item
                key = knode.value
                if type(knode) is not ScalarNode or (knode.tag != _STR if knode.tag is not None
                                                     else key in words or key[0] in number_start):
                    try:
                        key = _json_key(knode)
                    except _Bad as exc:
                        bad(path, knode, exc.key, exc.values)
                        continue
                if key in container:
                    bad(path + [key], knode, "duplicate_key", {"key": escape(key)})
                    continue
                token = key
            else:
                node, token = item, len(container)
            if type(node) is ScalarNode:
                text = node.value
                if node.tag is None:
                    value = words.get(text, miss)
                    if value is miss:
                        if text[0] in number_start:
                            try:
                                value = number(text)
                            except _Bad as exc:
                                bad(path + [token], node, exc.key, exc.values)
                                value = None
                        else:
                            value = text
                    elif value is _MERGE:
                        bad(path + [token], node, "yaml_merge")
                        value = None
                elif node.tag == _STR:
                    value = text
                else:
                    try:
                        value = _scalar(node)
                    except _Bad as exc:
                        bad(path + [token], node, exc.key, exc.values)
                        value = None
                if is_map:
                    container[token] = value
                else:
                    container.append(value)
                continue
            child = None
            if id(node) in seen:  # the C composer shares an aliased node
                bad(path + [token], node, "yaml_alias_shared")
            elif len(stack) >= max_depth:
                bad(path + [token], node, *TOO_DEEP)
                return None, problems
            else:
                seen.add(id(node))
                try:
                    child = _container(node)
                except _Bad as exc:
                    bad(path + [token], node, exc.key, exc.values)
            if is_map:
                container[token] = child
            else:
                container.append(child)
            if child is not None:
                path.append(token)
                stack.append((iter(node.value), child, type(child) is dict))
                break
        else:
            stack.pop()
            if path:
                path.pop()
    return out, problems


def _container(node: Any) -> Any:
    tag = node.tag
    mapping = type(node) is MappingNode
    if tag is not None and tag != (_MAP if mapping else _SEQ):
        raise _Bad("yaml_tag", tag=_tag_name(tag))
    return {} if mapping else []
