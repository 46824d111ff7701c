"""Plan states: a document as its mapping beside its validated model, and applying one change.

Each change is applied to the document mapping; the changed record is validated through the
document model (records are validated independently of each other, so this is exactly what
validating the whole mapping would say). A change that cannot apply raises :class:`ChangeFailed`.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from pydantic import TypeAdapter, ValidationError

from ..errors import InvalidValue
from ..links import stands
from ..model import Link
from ..vocab import LANGS, problem_text

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Ecosystem

_LINK = TypeAdapter(Link)


class ChangeFailed(Exception):
    """A change that cannot apply: the field of the change at fault (None: the whole change) and why."""

    def __init__(self, field: str | None, key: str, args: dict):
        self.field, self.key, self.values = field, key, args
        self.message = problem_text(key, args)

    def said(self) -> dict[str, str]:
        """Why, in each language (a part of the step's problem)."""
        return {lang: problem_text(self.key, self.values, lang) for lang in LANGS}


class State:
    """A document as its mapping (``accounts``, ``links`` as lists of dicts) beside its validated
    model; a change makes a new state and leaves this one as it was."""

    __slots__ = ("base", "accounts", "links", "eco")

    def __init__(self, base: dict, accounts: list[dict], links: list[dict], eco: Ecosystem):
        self.base, self.accounts, self.links, self.eco = base, accounts, links, eco

    @classmethod
    def of(cls, eco: Ecosystem) -> State:
        base = eco.model_dump(mode="json", by_alias=True, exclude_unset=True, exclude={"accounts", "links"})
        accounts = [a.model_dump(mode="json", exclude_unset=True) for a in eco.accounts]
        links = [x.model_dump(mode="json", exclude_unset=True) for x in eco.links]
        state = cls(base, accounts, links, eco.model_copy())
        state.eco.attach_source(None)
        return state

    def document(self) -> dict[str, Any]:
        """The state as a document mapping (what ``topology.load`` reads)."""
        return {**self.base, "accounts": list(self.accounts), "links": list(self.links)}

    def _with(self, accounts: list[tuple[dict, Any]] | None, links: list[tuple[dict, Any]] | None) -> State:
        update: dict[str, Any] = {}
        new_accounts, new_links = self.accounts, self.links
        if accounts is not None:
            new_accounts = [d for d, _ in accounts]
            update["accounts"] = [m for _, m in accounts]
        if links is not None:
            new_links = [d for d, _ in links]
            update["links"] = [m for _, m in links]
        eco = self.eco.model_copy(update=update)
        eco.attach_source(None)
        return State(self.base, new_accounts, new_links, eco)

    def ids(self) -> set[str]:
        return {a.id for a in self.eco.accounts}

    def apply(self, change: Any) -> tuple[State, int]:
        """The state after ``change`` and how many link records it removed; raises ChangeFailed."""
        op = change.op
        if op == "link":
            ids = self.ids()
            for end in ("source", "target"):
                if getattr(change, end) not in ids:
                    raise ChangeFailed(end, "change_unknown_account", {"id": getattr(change, end)})
            record = change.model_dump(mode="json", exclude_unset=True, exclude={"op", "note"})
            record = {"kind": change.kind, "source": change.source, "target": change.target, **record}
            return self._with(None, [*zip(self.links, self.eco.links), (record, validate_link(record))]), 0
        if op == "unlink":
            live = [i for i, x in enumerate(self.eco.links)
                    if x.kind == change.kind and x.source == change.source and x.target == change.target
                    and stands(x)]
            if not live:
                raise ChangeFailed(None, "change_no_live_link",
                                   {"kind": change.kind, "source": change.source, "target": change.target})
            pairs = list(zip(self.links, self.eco.links))
            on = getattr(change, "on", None)
            if on is None:
                drop = set(live)
                return self._with(None, [p for i, p in enumerate(pairs) if i not in drop]), len(live)
            for i in live:
                record = {**pairs[i][0], "unlinked_on": on.isoformat()}
                pairs[i] = (record, validate_link(record, "on"))
            return self._with(None, pairs), 0
        if op == "add_account":
            acct = change.account
            if acct.id in self.ids():
                raise ChangeFailed("account/id", "change_account_exists", {"id": acct.id})
            record = acct.model_dump(mode="json", exclude_unset=True)
            return self._with([*zip(self.accounts, self.eco.accounts), (record, acct)], None), 0
        # remove_account
        gone = change.id
        if gone not in self.ids():
            raise ChangeFailed("id", "change_unknown_account", {"id": gone})
        accounts = [(d, m) for d, m in zip(self.accounts, self.eco.accounts) if m.id != gone]
        links = [(d, m) for d, m in zip(self.links, self.eco.links) if gone not in (m.source, m.target)]
        return self._with(accounts, links), len(self.links) - len(links)


def validate_link(record: dict, field: str | None = None) -> Any:
    try:
        return _LINK.validate_json(json.dumps(record, ensure_ascii=False))
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        cause = (err.get("ctx") or {}).get("error", err["msg"])
        detail = {"en": str(cause)}
        if isinstance(cause, InvalidValue):  # a keyed problem says itself in Chinese too
            detail["zh"] = problem_text(cause.key, cause.values, "zh")
        raise ChangeFailed(field, "change_link_rejected", {"detail": detail}) from None
