"""Large fan-ins collapse: "37 subscription accounts (s12)" instead of 37 nodes.

A mini-program linked from 50 officials, or a subject with 40 unlinked accounts, draws as a
wall of identical boxes that hides the rest of the picture. Accounts that are interchangeable
in the drawing (same type, same subject, the same links to the same neighbours, in the same
kind, direction and state) and that carry no finding of their own become one node, when there
are more than :data:`FAN_IN` of them. An account with a finding, or a link with one, is always
drawn as itself; so is a group of :data:`FAN_IN` or fewer.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..vocab import count, phrase

# Node and Edge are model.py's; made here with dataclasses.replace, so model.py (which calls
# collapse) and this module do not import each other.
Node = Edge = Any

#: More than this many interchangeable accounts draw as one node (``render`` and the CLI's default).
FAN_IN = 12


def collapse(nodes: list[Node], edges: list[Edge], limit: int, subject_names: dict[str, str], lang: str,
             taken: set[str]) -> tuple[list[Node], list[Edge]]:
    """The nodes and edges with each group of more than ``limit`` interchangeable accounts merged.

    A merged node's id is its first member's id followed by ``+N`` (N the other members), made
    unique against ``taken`` (every account id of the document) by adding ``'``: deterministic,
    and never an account's own id. Each of its edges stands for one edge per member and keeps the
    smallest document index among them (so its DOT id, ``link-N``, names a real link).
    """
    flagged = {e.source for e in edges if e.severity} | {e.target for e in edges if e.severity}
    signature: dict[str, list[tuple]] = {n.id: [] for n in nodes}
    for e in edges:
        if e.source == e.target:
            flagged.add(e.source)  # a loop is its own; never merge it away
        if e.source in signature:
            signature[e.source].append(("out", e.target, e.kind, e.status))
        if e.target in signature:
            signature[e.target].append(("in", e.source, e.kind, e.status))
    groups: dict[tuple, list[Node]] = {}
    for n in nodes:
        if n.severity is None and n.diff is None and n.type is not None and n.id not in flagged:
            groups.setdefault((n.type, n.subject, tuple(sorted(signature[n.id]))), []).append(n)

    merged: dict[str, str] = {}  # member id -> merged node id
    made: dict[str, Node] = {}
    for (type_, subject, _), members in groups.items():
        if len(members) <= limit:
            continue
        ids = sorted(m.id for m in members)
        ident = f"{ids[0]}+{len(ids) - 1}"
        while ident in taken or ident in made:
            ident += "'"
        label = count(len(ids), "type_" + type_, lang)
        if subject is not None:
            label = phrase("punct", "paren", lang).format(text=label, inner=subject_names.get(subject, subject))
        made[ident] = replace(members[0], id=ident, label=label, members=ids, messages=[], changes=[])
        merged.update(dict.fromkeys(ids, ident))
    if not made:
        return nodes, edges

    out_nodes = sorted([n for n in nodes if n.id not in merged] + list(made.values()), key=lambda n: n.id)
    kept: dict[tuple, Edge] = {}
    for e in edges:
        source, target = merged.get(e.source, e.source), merged.get(e.target, e.target)
        if source == e.source and target == e.target:
            kept[(source, target, e.kind, e.status, e.index, id(e))] = e
            continue
        key = (source, target, e.kind, e.status)
        first = kept.get(key)
        if first is None or (e.index is not None and (first.index is None or e.index < first.index)):
            kept[key] = replace(e, source=source, target=target, messages=[], changes=[])
    out_edges = sorted(kept.values(), key=lambda e: (e.source, e.target, e.kind, -1 if e.index is None else e.index))
    return out_nodes, out_edges
