"""Findings: frozen values with a total order, serialised one way by every format."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple


@dataclass(frozen=True, slots=True)
class Hit:
    """What a rule check yields: the facts, before the engine stamps ID, severity and text.

    ``account`` names the primary account (or None where a subject or link fits better),
    ``pointer`` where in the document (defaults to the account's), ``args`` the extra
    values the rule's message template uses, ``variant`` an alternative message.
    """

    account: str | None = None
    related: tuple[str, ...] = ()
    pointer: str | None = None
    observed: int | None = None
    limit: int | None = None
    subject: str | None = None
    severity: str | None = None
    variant: str | None = None
    args: dict[str, Any] = field(default_factory=dict)


def pointer_key(pointer: str) -> tuple:
    """Sort key of a JSON pointer with array indexes in numeric order.

    >>> sorted(["/a/10", "/a/4", "/a/x"], key=pointer_key)
    ['/a/4', '/a/10', '/a/x']
    """
    return tuple((0, int(t), "") if t.isdigit() else (1, 0, t) for t in pointer.split("/")[1:])


class Identity(NamedTuple):
    """What a finding is about, apart from its wording and from where the file puts it.

    Each use keys on the parts it needs, and says which:

    - suppressions file entries: ``rule``, ``owner`` unless it is a pointer, ``related``
      (never a line or a pointer: both move with every edit);
    - SARIF fingerprints: ``rule`` and ``owner`` (no related ids: links come and go under one alert);
    - inline ``ignore`` lists: ``rule`` with ``account``, ``subject`` or ``entity``, whichever holds the list;
    - diff and plan (:mod:`topology.planner.compare`): ``rule`` and ``owner`` (``related`` when the
      owner is a pointer, as indexes shift between versions), then ``related`` and ``observed`` to
      tell a worsened finding from an eased one;
    - the diff drawing: ``entity``, to mark the link a new error names.
    """

    rule: str
    account: str | None
    subject: str | None
    #: the record the pointer lies in: ``/links/3``, ``/accounts/0`` (``""`` for the document)
    entity: str
    #: the related ids, sorted
    related: tuple[str, ...]

    @property
    def owner(self) -> tuple[str, str]:
        """The one thing the finding is about: ("account", id), else ("subject", id), else ("pointer", entity)."""
        if self.account is not None:
            return ("account", self.account)
        if self.subject is not None:
            return ("subject", self.subject)
        return ("pointer", self.entity)


@dataclass(frozen=True, slots=True)
class Finding:
    """One broken rule, as reported (``wxtopo schema report``). Slots: a large report holds tens of thousands, no dict each."""

    rule: str
    name: str
    severity: str
    message: str
    account: str | None
    related: tuple[str, ...]
    pointer: str
    observed: int | None = None
    limit: int | None = None
    subject: str | None = None

    def sort_key(self) -> tuple:
        """(rule, account, pointer), then everything else so the order is total.

        Pointer tokens compare as numbers where they are indexes: /broadcasts/4 before /broadcasts/10.
        """
        return (
            self.rule, self.account or "", pointer_key(self.pointer), self.related, self.message,
            self.subject or "", self.severity, self.observed or 0, self.limit or 0,
        )

    def identity(self) -> Identity:
        """Its :class:`Identity`: the one definition of "the same finding"."""
        return Identity(self.rule, self.account, self.subject, "/".join(self.pointer.split("/")[:3]),
                        tuple(sorted(self.related)))

    def __lt__(self, other: Finding) -> bool:
        return self.sort_key() < other.sort_key()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule,
            "name": self.name,
            "severity": self.severity,
            "message": self.message,
            "account": self.account,
            "related": list(self.related),
            "pointer": self.pointer,
        }
        if self.subject is not None:
            out["subject"] = self.subject
        if self.observed is not None:
            out["observed"] = self.observed
        if self.limit is not None:
            out["limit"] = self.limit
        return out
