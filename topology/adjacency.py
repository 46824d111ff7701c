"""Small mappings for the graph: an account's and a link's attributes, and a pair's key dict.

A 10^6-link graph holds two dicts per link: the edge's attributes (``{"kind", "link"}``, 184
bytes) and the key dict of its pair of accounts (``{index: attributes}``, 224 bytes), about
400 MB that put the whole run over 2 GB; each account adds one of 272 bytes. These classes hold
the same entries in slots (56, 56 and 88 bytes) and behave as the dicts they stand for: NetworkX
reads and writes them through the mapping protocol, ``==`` compares them with dicts, and keys
set beyond the usual ones go to a dict of their own. :func:`topology.graph.build_graph` makes them; a graph changed later with
NetworkX's own methods gets plain dicts, which every reader takes alike.
"""

from __future__ import annotations

from collections.abc import ItemsView, Iterator, MutableMapping
from typing import Any

#: the value of a slot whose key was deleted
_ABSENT: Any = object()


class _Mapping(MutableMapping):
    __slots__ = ()

    def copy(self) -> dict:
        return dict(self)

    def __repr__(self) -> str:
        return repr(dict(self))

    def get(self, key: Any, default: Any = None) -> Any:
        try:
            return self[key]
        except KeyError:
            return default

    def __reversed__(self) -> Iterator[Any]:
        return reversed(list(self))

    def popitem(self) -> tuple[Any, Any]:
        """The last item, as a dict pops it (NetworkX's ``remove_edge(u, v)`` removes the last edge added)."""
        keys = list(self)
        if not keys:
            raise KeyError("popitem(): mapping is empty")
        value = self[keys[-1]]
        del self[keys[-1]]
        return keys[-1], value

    def __contains__(self, key: Any) -> bool:
        try:
            self[key]
        except KeyError:
            return False
        return True


class _Attrs(_Mapping):
    """An attribute dict with a fixed set of keys (``KEYS``) in slots of the same names, any
    other key in ``more``."""

    __slots__ = ("more",)
    KEYS: tuple[str, ...] = ()

    def __getitem__(self, key: Any) -> Any:
        if key in self.KEYS:
            value = getattr(self, key)
            if value is not _ABSENT:
                return value
        if self.more is None:
            raise KeyError(key)
        return self.more[key]

    def get(self, key: Any, default: Any = None) -> Any:
        if key in self.KEYS:
            value = getattr(self, key)
            if value is not _ABSENT:
                return value
        return default if self.more is None else self.more.get(key, default)

    def __setitem__(self, key: Any, value: Any) -> None:
        if key in self.KEYS and getattr(self, key) is not _ABSENT:
            setattr(self, key, value)
        else:  # a new key, or one deleted and given again: it comes last, as in a dict
            if self.more is None:
                self.more = {}
            self.more[key] = value

    def __delitem__(self, key: Any) -> None:
        if key in self.KEYS and getattr(self, key) is not _ABSENT:
            setattr(self, key, _ABSENT)
        elif self.more is not None and key in self.more:
            del self.more[key]
        else:
            raise KeyError(key)

    def __iter__(self) -> Iterator[Any]:
        for key in self.KEYS:
            if getattr(self, key) is not _ABSENT:
                yield key
        if self.more:
            yield from self.more

    def __len__(self) -> int:
        return sum(getattr(self, key) is not _ABSENT for key in self.KEYS) + (len(self.more) if self.more else 0)


class LinkAttrs(_Attrs):
    """The attributes of a document link's edge: ``{"kind": kind, "link": model}``."""

    __slots__ = ("kind", "link")
    KEYS = __slots__

    def __init__(self, kind: str, link: Any) -> None:
        self.kind, self.link, self.more = kind, link, None


class AccountAttrs(_Attrs):
    """The attributes of a defined account's node (see :mod:`topology.graph`): 88 bytes, not 272."""

    __slots__ = ("node", "type", "name", "subject", "index", "model")
    KEYS = __slots__

    def __init__(self, type: str, name: str | None, subject: str | None, index: int, model: Any) -> None:
        self.node, self.type, self.name, self.subject, self.index, self.model = "account", type, name, subject, index, model
        self.more = None


class OneEdge(_Mapping):
    """The key dict of a pair of nodes, ``{key: attributes}``, holding its first key in slots and
    any later one in ``more`` (a dict), in insertion order as a dict keeps them."""

    __slots__ = ("key", "data", "more")

    def __init__(self, key: Any, data: Any) -> None:
        hash(key)
        self.key, self.data, self.more = key, data, None

    def __getitem__(self, key: Any) -> Any:
        if self.key is not _ABSENT and key == self.key:
            return self.data
        if self.more is not None:
            return self.more[key]
        raise KeyError(key)

    def __setitem__(self, key: Any, value: Any) -> None:
        hash(key)  # a dict's key must be hashable
        if self.key is _ABSENT:
            self.key, self.data = key, value
        elif key == self.key:
            self.data = value
        else:
            if self.more is None:
                self.more = {}
            self.more[key] = value

    def __delitem__(self, key: Any) -> None:
        if self.key is not _ABSENT and key == self.key:
            if self.more:  # the next key moves up: the order stays a dict's
                first = next(iter(self.more))
                self.key, self.data = first, self.more.pop(first)
            else:
                self.key = self.data = _ABSENT
        elif self.more is not None and key in self.more:
            del self.more[key]
        else:
            raise KeyError(key)

    def __iter__(self) -> Iterator[Any]:
        if self.key is not _ABSENT:
            yield self.key
        if self.more:
            yield from self.more

    def __len__(self) -> int:
        return (self.key is not _ABSENT) + (len(self.more) if self.more else 0)

    def items(self) -> ItemsView:
        return _Items(self)


class _Items(ItemsView):
    """``items()`` without a lookup per key (the index reads every pair's items)."""

    __slots__ = ()

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        m = self._mapping
        if m.key is not _ABSENT:
            yield m.key, m.data
        if m.more:
            yield from m.more.items()
