"""Optimal repair: the ``mini_program`` links to drop so that no WX101-WX103 finding remains,
keeping the most priority.

The decision is made per **unit**: a distinct (official account, mini-program) pair among the
link records that hold a cap slot (:func:`topology.links.takes_slot`; the source's type
in ``linkable_official_types``, the target a mini-program, both defined). Records of one pair
(WX003 duplicates) are one unit, as the caps count them once: its priority is the highest of
theirs and it is pinned when any of them is. Dropping a unit drops all its counting records;
records that hold no slot (rejected, unlinked, pending when that does not count) stay.

Every unit touches three caps: its official account's same-subject (WX102) or cross-subject
(WX103) cap, whichever tier it is in, and its mini-program's (WX101). Keeping a set of units
within every cap is a bipartite b-matching, solved exactly as a min-cost flow::

    S ──cap──▶ (official, tier) ──1 per unit, cost −weight──▶ mini-program ──cap──▶ T
    S ──────────────────────── bypass, cost 0 ──────────────────────────────▶ T

with demand −K at S and +K at T (K units): each unit of flow either keeps a unit or takes the
bypass, i.e. is dropped. Network simplex finds an integral optimum (the constraint matrix is
totally unimodular). The integer weight encodes the objective lexicographically: most priority
kept, then most units kept, then units earlier in (official, mini-program) order.

Exact decompositions keep it fast: pinned units are subtracted from the caps first; a cap that
the pairs at it do not exceed can never bind, so it is dropped as a constraint; what is left
splits into connected components of over-cap nodes, each solved on its own (the objective is a
sum over units), and a unit touching no over-cap node is kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .repair_solver import check_within_caps, over_cap_components, prune_dominated, solve_component
from .repair_units import CAPS, Cap, Unit, collect_units, node_caps

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Ecosystem
    from ..ruleset import Ruleset

__all__ = ["CAPS", "Cap", "Drop", "Infeasible", "RepairResult", "Unit", "collect_units", "node_caps",
           "over_cap_components", "repair", "repaired_document", "solve_component"]


@dataclass(frozen=True)
class Drop:
    """A dropped unit and the over-cap nodes its removal relieves."""

    unit: Unit
    relieves: tuple[Cap, ...]

    @property
    def why(self) -> str:
        return "; ".join(c.describe() for c in self.relieves)

    def to_dict(self) -> dict[str, Any]:
        u = self.unit
        return {"source": u.source, "target": u.target, "priority": u.priority, "why": self.why,
                "relieves": [c.to_dict() for c in self.relieves], "pointers": list(u.pointers)}


@dataclass(frozen=True)
class Infeasible:
    """A cap that pinned links alone exceed: no repair can keep them all."""

    cap: Cap
    links: tuple[Unit, ...]

    @property
    def why(self) -> str:
        return self.cap.describe(len(self.links), pinned=True)

    def to_dict(self) -> dict[str, Any]:
        return {"account": self.cap.account, "cap": self.cap.cap, "rule": self.cap.rule, "limit": self.cap.limit,
                "pinned": len(self.links), "why": self.why,
                "links": [{"source": u.source, "target": u.target, "pointers": list(u.pointers)} for u in self.links]}


@dataclass
class RepairResult:
    """What :func:`repair` decided; ``dropped`` is empty when the document is already within its caps."""

    document: str | None
    ruleset: Ruleset
    as_of: date
    units: list[Unit]
    dropped: list[Drop] = field(default_factory=list)
    infeasible: list[Infeasible] = field(default_factory=list)
    components: int = 0  # connected components of binding caps solved as flows
    largest_component: int = 0  # units in the largest of them
    pruned: int = 0  # units dropped by dominance, before any flow
    eco: Ecosystem | None = field(default=None, repr=False)

    @property
    def feasible(self) -> bool:
        return not self.infeasible

    @property
    def dropped_priority(self) -> int:
        return sum(d.unit.priority for d in self.dropped)

    @property
    def kept_priority(self) -> int:
        return sum(u.priority for u in self.units) - self.dropped_priority

    @property
    def kept(self) -> int:
        return len(self.units) - len(self.dropped)

    def dropped_indexes(self) -> set[int]:
        """Indexes in ``links`` of the dropped records."""
        return {int(p.rsplit("/", 1)[1]) for d in self.dropped for p in d.unit.pointers}

    def to_dict(self) -> dict[str, Any]:
        from ..engine import TOOL

        out: dict[str, Any] = {"tool": dict(TOOL), "document": self.document, "ruleset": self.ruleset.to_dict(),
                               "as_of": self.as_of.isoformat(), "feasible": self.feasible}
        if self.feasible:
            out["optimal"] = True
        out.update({"units": len(self.units), "kept": self.kept, "dropped_count": len(self.dropped),
                    "kept_priority": self.kept_priority, "dropped_priority": self.dropped_priority,
                    "solver": {"pruned": self.pruned, "components": self.components,
                               "largest_component": self.largest_component},
                    "dropped": [d.to_dict() for d in self.dropped]})
        if not self.feasible:
            out["infeasible"] = [x.to_dict() for x in self.infeasible]
        return out

    def to_json(self) -> str:
        """``to_dict`` as JSON, one dropped pair a line."""
        from .inputs import dumps_listing

        return dumps_listing(self.to_dict(), "dropped")

    def repaired_document(self, raw: dict | None = None) -> dict:
        """See :func:`repaired_document`."""
        return repaired_document(self, raw)

    def repaired_text(self, raw: dict | None = None, format: str = "json") -> str:
        """The repaired document as text: JSON with one line per list item (one diff line per
        link), or YAML (``format="yaml"``)."""
        doc = repaired_document(self, raw)
        if format == "yaml":
            import yaml

            return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
        from ..jsonfmt import compact_json

        return compact_json(doc) + "\n"


def repaired_document(result: RepairResult, raw: dict | None = None) -> dict:
    """The document mapping minus the dropped link records; every other key, value and order kept.

    ``raw`` is the document as parsed from its text (default: re-read from the ecosystem's
    source). An infeasible result drops nothing.
    """
    if raw is None:
        if result.eco is None or result.eco.source is None:
            raise ValueError("no raw document: pass the mapping the ecosystem was loaded from")
        from .inputs import raw_mapping

        raw = raw_mapping(result.eco.source)
    links = raw.get("links", [])
    if result.eco is not None and len(links) != len(result.eco.links):
        raise ValueError(f"the mapping has {len(links)} links, the ecosystem {len(result.eco.links)}: not its source")
    gone = result.dropped_indexes()
    return {k: ([x for i, x in enumerate(v) if i not in gone] if k == "links" else v) for k, v in raw.items()}


def repair(
    eco: Ecosystem | str | Path | dict,
    ruleset: str | Path | Ruleset | None = None,
    *,
    overrides: dict[str, Any] | list[str] | None = None,
    as_of: date | str | None = None,
    rules_as_of: date | str | None = None,
) -> RepairResult:
    """Choose the ``mini_program`` links to drop so no WX101-WX103 finding remains, keeping the
    most total ``priority`` (ties: more links kept, then earlier ids). Pinned links are never
    dropped; when pinned links alone exceed a cap the result is infeasible and drops nothing.

    >>> import topology
    >>> eco = topology.load({"schema_version": 1, "subjects": [{"id": "s", "kind": "enterprise"}],
    ...     "accounts": [{"id": "news", "type": "subscription", "subject": "s"},
    ...                  {"id": "a", "type": "mini_program", "subject": "s"},
    ...                  {"id": "b", "type": "mini_program", "subject": "s"}],
    ...     "links": [{"kind": "mini_program", "source": "news", "target": "a", "priority": 1},
    ...               {"kind": "mini_program", "source": "news", "target": "b", "priority": 3}]})
    >>> result = topology.repair(eco, overrides={"max_same_subject_mini_programs": 1})
    >>> [(d.unit.target, d.unit.pointers) for d in result.dropped], result.kept_priority
    ([('a', ('/links/0',))], 3)
    """
    from .. import arguments as check

    check.ecosystem(eco, "repair", "eco")
    overrides = check.ruleset_options("repair", ruleset, overrides, as_of, rules_as_of)

    from .._gc import bulk_allocation
    from .inputs import resolve

    eco, rs, when = resolve(eco, ruleset, overrides, as_of, rules_as_of)
    document = eco.source.name if eco.source else None
    with bulk_allocation():  # tens of thousands of units and tuples: keep the collector out
        return _repair(RepairResult(document, rs, when, [], eco=eco))


def _repair(result: RepairResult) -> RepairResult:
    params = result.ruleset.parameters
    units = result.units = collect_units(result.eco, params)
    caps = node_caps(units, params)
    result.infeasible = [
        Infeasible(cap, tuple(u for u in units if u.pinned and node in u.nodes))
        for node, cap in sorted(caps.items()) if cap.limit is not None and cap.pinned > cap.limit]
    if result.infeasible:
        return result
    over = {node for node, cap in caps.items() if cap.limit is not None and cap.units > cap.limit}
    free = [u for u in units if not u.pinned and (u.nodes[0] in over or u.nodes[1] in over)]
    pruned, binding = prune_dominated(free, caps, over)
    gone = {id(u) for u in pruned}
    components = over_cap_components([u for u in free if id(u) not in gone], binding)
    dropped = list(pruned)
    for component in components:
        dropped += solve_component(component, caps, binding, len(units))
    dropped.sort(key=lambda u: u.rank)
    result.components = len(components)
    result.largest_component = max((len(c) for c in components), default=0)
    result.pruned = len(pruned)
    result.dropped = [Drop(u, tuple(caps[n] for n in u.nodes if n in over)) for u in dropped]
    check_within_caps(dropped, caps, over)
    return result
