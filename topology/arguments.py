"""Argument checks for the public functions, so a wrong argument fails at the call, named.

A value of the wrong type raises :class:`TypeError`; a value of the right type that cannot be
right raises :class:`ArgumentValueError` (a :class:`ValueError`, and a
:class:`~topology.errors.UsageError` so the command line reports it as it reports a bad
option: exit 2, no traceback). Each message names the function and the parameter:

>>> selectors([None], "validate", "select")
Traceback (most recent call last):
...
TypeError: validate() argument 'select' must be a string or an iterable of strings, got list containing None
>>> count(-1, "render", "depth")
Traceback (most recent call last):
...
topology.arguments.ArgumentValueError: render() argument 'depth' must be at least 0, got -1

What the checks leave to the code they guard keeps its own error: a document that is not an
ecosystem is a :class:`~topology.DocumentError`, an unknown rule selector, ruleset name or a
malformed date a :class:`~topology.errors.UsageError` (:class:`~topology.errors.RulesetError`).

Every check is O(1) in the size of its input, except that an iterable of selectors or of
``KEY=VALUE`` strings is checked element by element (and read once, into a list), and
:func:`each` checks the items of an iterable as the caller reads them. The classes of the heavier
modules (pydantic models, NetworkX) are imported on first use (:func:`lazy_class`), so importing
this module costs nothing at start-up.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from importlib import import_module
from pathlib import PurePath
from typing import Any

from .errors import UsageError

#: What a path argument may be (``str(path)`` names the input in messages and reports).
PATH_TYPES_TEXT = "a path (str or pathlib.Path)"
LANGS = ("en", "zh")


class ArgumentValueError(UsageError, ValueError):
    """An argument of the right type with a value that cannot be right (a negative depth)."""


def describe(value: Any) -> str:
    """How a message names what it got: the type, or None.

    >>> describe(None), describe(5), describe(True), describe([1])
    ('None', 'int', 'bool', 'list')
    """
    return "None" if value is None else type(value).__name__


def fail(function: str, parameter: str, expected: str, got: str) -> TypeError:
    """The TypeError of a check (returned, for ``raise``)."""
    return TypeError(f"{function}() argument {parameter!r} must be {expected}, got {got}")


def _is(value: Any, types: tuple[type, ...]) -> bool:
    """isinstance, except that a bool is not an int (nor a float) unless bool is asked for."""
    if isinstance(value, bool) and bool not in types:
        return False
    return isinstance(value, types)


def require(value: Any, types: type | tuple[type | None, ...], function: str, parameter: str,
            expected: str | None = None) -> Any:
    """``value`` itself when it is an instance of ``types`` (``None`` in the tuple admits None),
    else TypeError. A bool is not an int here.

    >>> require(3, int, "plan", "budget")
    3
    >>> require(True, int, "plan", "budget")
    Traceback (most recent call last):
    ...
    TypeError: plan() argument 'budget' must be int, got bool
    >>> require(None, (str, None), "load", "name") is None
    True
    """
    wanted = types if isinstance(types, tuple) else (types,)
    optional = None in wanted
    classes = tuple(t for t in wanted if t is not None)
    if (value is None and optional) or _is(value, classes):
        return value
    if expected is None:
        expected = " or ".join([t.__name__ for t in classes] + (["None"] if optional else []))
    raise fail(function, parameter, expected, describe(value))


_CLASSES: dict[tuple[str, str], type] = {}


def lazy_class(module: str, name: str) -> type:
    """A class of a heavier module of this package, imported on first use (pydantic, NetworkX).

    >>> lazy_class("topology.loader", "Source").__name__
    'Source'
    """
    key = (module, name)
    cls = _CLASSES.get(key)
    if cls is None:
        cls = _CLASSES[key] = getattr(import_module(module), name)
    return cls


def flag(value: Any, function: str, parameter: str) -> bool:
    """A bool (True or False; not 0, 1 or None)."""
    if value is True or value is False:
        return value
    raise fail(function, parameter, "True or False", describe(value))


def text(value: Any, function: str, parameter: str, *, optional: bool = True) -> str | None:
    """A string, or None when ``optional``."""
    if isinstance(value, str) or (value is None and optional):
        return value
    raise fail(function, parameter, "a string or None" if optional else "a string", describe(value))


def count(value: Any, function: str, parameter: str, minimum: int = 0) -> int:
    """An int (not a bool) of at least ``minimum``."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise fail(function, parameter, "an int", describe(value))
    if value < minimum:
        raise ArgumentValueError(f"{function}() argument {parameter!r} must be at least {minimum}, got {value}")
    return value


def language(value: Any, function: str, parameter: str = "lang") -> str:
    """``'en'`` or ``'zh'``; another string is "unknown language", a UsageError as it always was."""
    if isinstance(value, str) and value in LANGS:
        return value
    if not isinstance(value, str):
        raise fail(function, parameter, "'en' or 'zh'", describe(value))
    raise ArgumentValueError(f"{function}() argument {parameter!r}: unknown language {value!r}; use en or zh")


def day(value: Any, function: str, parameter: str) -> Any:
    """A date, a ``YYYY-MM-DD`` string or None (the string itself is read where it is used)."""
    if value is None or isinstance(value, (str, date)):
        return value
    raise fail(function, parameter, "a date, a 'YYYY-MM-DD' string or None", describe(value))


def selectors(value: Any, function: str, parameter: str) -> list[str] | None:
    """Rule selectors as the command line passes them: None, or a list of strings, each an ID, a
    name, a prefix or a comma list of those. One string is one such entry (``"WX1"`` selects the
    WX1 family, never W, X and 1); any other iterable is read once, into a list.

    >>> selectors("WX1", "validate", "select"), selectors(("WX102", "caps"), "validate", "ignore")
    (['WX1'], ['WX102', 'caps'])
    """
    if value is None:
        return None
    if isinstance(value, str):
        return [value]
    expected = "a string or an iterable of strings"
    if isinstance(value, (bytes, bytearray, Mapping)):
        raise fail(function, parameter, expected, describe(value))
    try:
        items = list(value)
    except TypeError:
        raise fail(function, parameter, expected, describe(value)) from None
    for item in items:
        if not isinstance(item, str):
            raise fail(function, parameter, expected, f"{describe(value)} containing {describe(item)}")
    return items


def overrides(value: Any, function: str, parameter: str = "overrides") -> dict[str, Any] | list[str] | None:
    """Ruleset overrides: None, a mapping of parameter → value, or ``KEY=VALUE`` strings as given
    to ``--set`` (one string is one assignment). A mapping that is not a dict is copied into one
    (its top level: a handful of keys); the keys and values are checked by the ruleset."""
    if value is None or isinstance(value, dict):
        return value
    if isinstance(value, str):
        return [value]
    if isinstance(value, Mapping):
        return dict(value)
    expected = "a mapping of parameter values or a list of 'KEY=VALUE' strings"
    if not isinstance(value, (list, tuple)):
        raise fail(function, parameter, expected, describe(value))
    for item in value:
        if not isinstance(item, str):
            raise fail(function, parameter, expected, f"{describe(value)} containing {describe(item)}")
    return value


def ruleset(value: Any, function: str, parameter: str = "ruleset") -> Any:
    """A built-in ruleset name, a ruleset file, a Ruleset, or None (the seed ruleset)."""
    if value is None or isinstance(value, (str, PurePath, lazy_class("topology.ruleset", "Ruleset"))):
        return value
    raise fail(function, parameter, f"a ruleset name, {PATH_TYPES_TEXT}, a Ruleset or None", describe(value))


def ruleset_options(function: str, ruleset_: Any, overrides_: Any, as_of: Any, rules_as_of: Any) -> Any:
    """The ruleset options every rule-evaluating call shares (``ruleset``, ``overrides``,
    ``as_of``, ``rules_as_of``); returns the overrides as the call should use them."""
    ruleset(ruleset_, function)
    checked = overrides(overrides_, function)
    day(as_of, function, "as_of")
    day(rules_as_of, function, "rules_as_of")
    return checked


def document(value: Any, function: str, parameter: str = "document") -> Any:
    """What :func:`topology.load` reads: a path (``'-'``: standard input), bytes, a mapping or a
    Source. A mapping that is not a dict is copied into one (its top level only)."""
    if isinstance(value, (str, PurePath, bytes, dict, lazy_class("topology.loader", "Source"))):
        return value
    if isinstance(value, Mapping):
        return dict(value)
    raise fail(function, parameter, f"{PATH_TYPES_TEXT}, bytes, a mapping or a Source", describe(value))


def ecosystem(value: Any, function: str, parameter: str, *, optional: bool = False, loadable: bool = True) -> Any:
    """An Ecosystem; with ``loadable`` also what :func:`topology.load` reads (it is loaded later
    by the function checked); with ``optional`` None too."""
    if isinstance(value, lazy_class("topology.model", "Ecosystem")) or (value is None and optional):
        return value
    if loadable and isinstance(value, (str, PurePath, bytes, Mapping, lazy_class("topology.loader", "Source"))):
        return value
    expected = (f"an Ecosystem, {PATH_TYPES_TEXT}, bytes, a mapping or a Source" if loadable
                else "an Ecosystem (topology.load reads one)")
    raise fail(function, parameter, expected + (" or None" if optional else ""), describe(value))


def report(value: Any, function: str, parameter: str = "report") -> Any:
    """A Report (from :func:`topology.validate`) or None."""
    if value is None or isinstance(value, lazy_class("topology.engine", "Report")):
        return value
    raise fail(function, parameter, "a Report (from topology.validate) or None", describe(value))


def graph(value: Any, function: str, parameter: str = "graph") -> Any:
    """A ``networkx.MultiDiGraph`` (from :func:`topology.build_graph`) or None."""
    if value is None or isinstance(value, lazy_class("networkx", "MultiDiGraph")):
        return value
    raise fail(function, parameter, "a networkx.MultiDiGraph (from topology.build_graph) or None", describe(value))


#: Parsed JSON values: what a suppressions file may be given as, besides a path or a Suppressions.
JSON_TYPES = (dict, list, str, int, float, bool, type(None))


def suppressions(value: Any, function: str, parameter: str) -> Any:
    """A Suppressions, a path, or parsed JSON data (its model says what is wrong with data of the
    wrong shape, a UsageError; only a value no JSON parser gives, like bytes, is a TypeError)."""
    if isinstance(value, (*JSON_TYPES, PurePath, lazy_class("topology.suppressions", "Suppressions"))):
        return value
    raise fail(function, parameter, f"a Suppressions, {PATH_TYPES_TEXT} or parsed JSON data (a mapping)",
               describe(value))


def changes(value: Any, function: str, parameter: str) -> Any:
    """What :func:`topology.planner.plan.load_changes` reads: Changes, a ChangesFile, a path
    (``'-'``: standard input), a mapping, a list of changes or a Source. A mapping that is not a
    dict is copied into one (its top level only)."""
    if isinstance(value, (str, PurePath, dict, list)):
        return value
    if isinstance(value, Mapping):
        return dict(value)
    plan = "topology.planner.plan"
    if isinstance(value, (lazy_class(plan, "Changes"), lazy_class(plan, "ChangesFile"),
                          lazy_class("topology.loader", "Source"))):
        return value
    raise fail(function, parameter,
               f"Changes, a ChangesFile, {PATH_TYPES_TEXT}, a mapping, a list of changes or a Source", describe(value))


def each(items: Any, types: type | tuple[type, ...], function: str, parameter: str, expected: str) -> Iterator[Any]:
    """The items of ``items``, each checked as it is read (a generator: no second walk).

    >>> list(each([1, 2], int, "f", "xs", "an iterable of ints"))
    [1, 2]
    >>> list(each([1, None], int, "f", "xs", "an iterable of ints"))
    Traceback (most recent call last):
    ...
    TypeError: f() argument 'xs' must be an iterable of ints, got list containing None
    """
    if isinstance(items, (str, bytes, bytearray, Mapping)) or not isinstance(items, Iterable):
        raise fail(function, parameter, expected, describe(items))
    wanted = types if isinstance(types, tuple) else (types,)
    return _each(items, wanted, function, parameter, expected)


def _each(items: Iterable[Any], types: tuple[type, ...], function: str, parameter: str,
          expected: str) -> Iterator[Any]:
    container = describe(items)
    for item in items:
        if not _is(item, types):
            raise fail(function, parameter, expected, f"{container} containing {describe(item)}")
        yield item
