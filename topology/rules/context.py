"""What a check sees: the graph, the document, the parameters and the evaluation date."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from .. import graph as g
from ..findings import Hit

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

    from ..model import Ecosystem
    from ..ruleset import Parameters


class Context:
    """Read-only inputs of a rule check, with shortcuts for the common questions."""

    def __init__(
        self,
        eco: Ecosystem,
        graph: nx.MultiDiGraph,
        params: Parameters,
        as_of: date,
        baseline: Ecosystem | None = None,
    ):
        self.eco = eco
        self.graph = graph
        self.params = params
        self.as_of = as_of
        self.baseline = baseline
        self._by_type: dict[str, list[str]] | None = None

    # -- accounts ---------------------------------------------------------------------------
    def accounts(self, *types: str) -> list[str]:
        """Sorted ids of the accounts of the given types (all types when none given)."""
        if self._by_type is None:
            by_type: dict[str, list[str]] = {}
            for n, d in self.graph.nodes(data=True):
                t = d.get("type")
                if t is not None and d.get("node") == "account":
                    by_type.setdefault(t, []).append(n)
            for ids in by_type.values():
                ids.sort()
            self._by_type = by_type
        if not types:
            return sorted(n for ids in self._by_type.values() for n in ids)
        if len(types) == 1:
            return self._by_type.get(types[0], [])
        return sorted(n for t in types for n in self._by_type.get(t, []))

    def officials(self) -> list[str]:
        """Accounts whose type is in the ruleset's ``linkable_official_types``."""
        return self.accounts(*self.params.linkable_official_types)

    def model(self, account: str) -> Any:
        """The pydantic model of an account (its first definition)."""
        return self.graph.nodes[account]["model"]

    def pointer(self, account: str) -> str:
        return self.graph.nodes[account]["pointer"]

    def type_of(self, account: str) -> str | None:
        return g.account_type(self.graph, account)

    def subject_kind(self, account: str) -> str | None:
        return g.subject_kind(self.graph, account)

    # -- output -----------------------------------------------------------------------------
    def finding(
        self,
        account: str | None = None,
        *,
        related: list[str] | tuple[str, ...] = (),
        pointer: str | None = None,
        observed: int | None = None,
        limit: int | None = None,
        subject: str | None = None,
        severity: str | None = None,
        variant: str | None = None,
        **args: Any,
    ) -> Hit:
        """A finding about ``account`` (pointer defaults to the account's)."""
        if pointer is None and account is not None and account in self.graph:
            pointer = self.graph.nodes[account].get("pointer")
        return Hit(
            account=account, related=tuple(related), pointer=pointer, observed=observed, limit=limit,
            subject=subject, severity=severity, variant=variant, args=args,
        )
