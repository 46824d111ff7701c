"""Rulesets: the numbers and type sets the rules read (docs/rulesets/, docs/sources.md).

A ruleset is a name plus a complete set of parameters. Built-ins live as JSON package
data (``topology/rulesets/*.json``); a user's ruleset file names its ``base`` and
overrides some parameters; ``--set key=value`` overrides one more. Every value is
resolved and validated here, so a rule never sees a bad number and a user sees the bad key.
The parameters and the checks of one value are :mod:`topology.parameters`; what a ruleset file
may hold (provenance, eras, sources) is :mod:`topology.ruleset_sources`.
"""

from __future__ import annotations

import functools
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .errors import RulesetError
from .parameters import (
    PARAMETER_NAMES,
    Parameters,
    check_key,
    coerce,
    shown_value,
    unknown_key_problem,
    validate_parameters,
    value_error,
)
from .positions import pointer
from .problems import located, validation_problems
from .ruleset_sources import Provenance, RulesetFile, builtin_names, builtin_raw, iso_date
from .sanitize import display_path, escape
from .vocab import LANGS, phrase

__all__ = ["PARAMETER_NAMES", "Parameters", "Ruleset", "builtin_names", "load_ruleset", "parse_assignment"]


class Ruleset:
    """A named, complete, validated set of parameters, resolved for one day.

    ``provenance`` says where each value comes from; ``rules_as_of`` is the day the values
    were taken for (None: the values in force now). :meth:`at` gives the same ruleset for
    another day; ``--set`` overrides hold on every day.
    """

    __slots__ = ("name", "parameters", "provenance", "description", "rules_as_of", "overrides")

    def __init__(self, name: str, parameters: Parameters, provenance: dict[str, Provenance] | None = None,
                 description: str | None = None, rules_as_of: date | None = None,
                 overrides: dict[str, Any] | None = None):
        self.name = name
        self.parameters = parameters
        self.provenance = provenance if provenance is not None else {
            k: Provenance.plain(v, "unrecorded") for k, v in parameters.model_dump().items()}
        self.description = description
        self.rules_as_of = rules_as_of
        self.overrides = dict(overrides or {})

    # Values are read one way: ``rs.parameters.max_same_subject_mini_programs``. No
    # ``__getattr__`` forwarding: on a ``__slots__`` class it made copy and pickle recurse.
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Ruleset):
            return NotImplemented
        return all(getattr(self, k) == getattr(other, k) for k in self.__slots__)

    __hash__ = None  # type: ignore[assignment]  # equal by value, and the values are mutable dicts

    @property
    def dated(self) -> bool:
        """Whether some value depends on the day (has a history)."""
        return any(p.history for k, p in self.provenance.items() if k not in self.overrides)

    def at(self, day: date | None) -> Ruleset:
        """The values in force on ``day`` (None: now), overrides on top."""
        if not self.dated:
            return self
        values = {k: p.at(day) for k, p in self.provenance.items()}
        values.update(self.overrides)
        when = f" on {day.isoformat()}" if day else ""
        return Ruleset(self.name, validate_parameters(values, f"{self.name}{when}"), self.provenance, self.description, day,
                       self.overrides)

    def off(self, names: tuple[str, ...] | list[str]) -> list[str]:
        """Those of ``names`` (a rule's ``parameters``) that are null here: a rule reading one is off,
        it finds nothing (JUnit lists it as skipped)."""
        return [n for n in names if getattr(self.parameters, n) is None]

    def sources(self) -> dict[str, Provenance]:
        """Each parameter's provenance, ``--set`` overrides shown as such."""
        out = dict(self.provenance)
        for key, value in self.overrides.items():
            out[key] = Provenance.plain(value, "--set on the command line")
        return out

    def to_dict(self) -> dict:
        out: dict[str, Any] = {"name": self.name}
        if self.dated and self.rules_as_of is not None:
            out["rules_as_of"] = self.rules_as_of.isoformat()
        out["parameters"] = self.parameters.model_dump(mode="json")
        return out

    def __repr__(self) -> str:
        return f"Ruleset({self.name!r})"


def load_ruleset(
    ruleset: str | Path | Ruleset | None = None,
    overrides: dict[str, Any] | list[str] | None = None,
    as_of: date | str | None = None,
) -> Ruleset:
    """Resolve a built-in name or a ruleset file, apply overrides, take the values in force
    on ``as_of`` (default: now).

    ``overrides`` is a mapping of parameter → value, or a list of ``KEY=VALUE`` strings as
    given to ``--set`` (VALUE is read as JSON when it parses, else as a string; a comma
    list fills a list parameter).

    >>> load_ruleset("seed", ["max_same_subject_mini_programs=12"]).parameters.max_same_subject_mini_programs
    12
    >>> load_ruleset("wechat-2025", as_of="2017-06-01").parameters.max_officials_per_mini_program
    3
    """
    from . import arguments as check

    check.ruleset(ruleset, "load_ruleset")
    overrides = check.overrides(overrides, "load_ruleset")
    check.day(as_of, "load_ruleset", "as_of")

    day = _day(as_of)
    if isinstance(ruleset, Ruleset) and not overrides:
        return ruleset.at(day) if day is not None else ruleset
    if isinstance(ruleset, Ruleset):
        name, description, provenance, pinned = ruleset.name, ruleset.description, ruleset.provenance, dict(ruleset.overrides)
    else:
        name, description, provenance = _resolve(ruleset)
        pinned = {}
    if overrides:
        items = overrides.items() if isinstance(overrides, dict) else map(parse_assignment, overrides)
        for key, value in items:
            check_key(key, "--set")
            pinned[key] = coerce(key, value)
    values = {k: p.at(day) for k, p in provenance.items()}
    values.update(pinned)
    rs = Ruleset(name, validate_parameters(values, name), provenance, description, day, pinned)
    return rs


def _day(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return iso_date(value)
    except ValueError:
        raise RulesetError(f"invalid date {value!r}: use YYYY-MM-DD") from None


def parse_assignment(text: str) -> tuple[str, Any]:
    """``'key=value'`` → (key, value), the value read as JSON when it parses."""
    key, sep, raw = text.partition("=")
    key = key.strip()
    if not sep or not key:
        raise RulesetError(f"--set expects KEY=VALUE, got {shown_value(text)}")
    from .loader import parse_value

    try:
        value = parse_value(raw)
    except ValueError as exc:
        if raw.lstrip()[:1] in ("[", "{", '"'):  # meant as JSON: say why it is not
            raise RulesetError(f"--set {escape(key)}: {exc}", key) from None
        value = raw
    return key, value


def _resolve(ruleset: str | Path | None) -> tuple[str, str | None, dict[str, Provenance]]:
    """(name, description, provenance of every parameter) of a built-in or a file over its base."""
    if ruleset is None:
        ruleset = "seed"
    text = str(ruleset)
    if text in builtin_names():
        name, description, provenance = _builtin(text)
        return name, description, dict(provenance)
    path = Path(text)
    if not path.suffix and not path.exists():
        raise RulesetError(
            f"unknown ruleset {escape(text)!r}; built-in rulesets: {', '.join(builtin_names())}, or give a file path"
        )
    name, description, base, own = _from_file(path)
    _, base_description, provenance = _resolve(base)
    return name, description or base_description, {**provenance, **own}


def _from_file(path: Path) -> tuple[str, str | None, str, dict[str, Provenance]]:
    """(name, description, base, provenance of the parameters it sets) of a ruleset file.

    Every problem of the file is collected, each with its pointer, line and column.
    """
    from .errors import DocumentError
    from .loader import read_data
    shown = display_path(path)
    try:
        data, src = read_data(path)
    except DocumentError as exc:
        raise RulesetError.of("ruleset_unreadable", {"name": escape(shown)}, exc.problems, shown) from None
    try:
        spec = RulesetFile.model_validate(data)
    except ValidationError as exc:
        problems = validation_problems(exc, src)
        raise RulesetError.of("ruleset_errors", {"name": escape(shown), "n": len(problems)}, problems,
                              shown) from None
    where = f"ruleset file {path.name}"
    problems: list[tuple[str | None, str, tuple[str, dict] | str]] = []  # (key, pointer, what)
    base = spec.base or "seed"
    if base not in builtin_names():
        problems.append(("base", "/base", ("unknown_base", {"base": base, "builtins": list(builtin_names())})))
    own: dict[str, Provenance] = {}
    for key, raw in spec.parameters.items():
        at = pointer("parameters", key)
        if key not in Parameters.model_fields:
            problems.append((key, at, unknown_key_problem(key)))
            continue
        if isinstance(raw, dict) and "value" in raw and "source" in raw:
            try:
                own[key] = Provenance.model_validate(raw)
            except ValidationError as exc:
                problems += [(key, p.pointer, (p.key, p.args) if p.key else p.message)
                             for p in validation_problems(exc, None, None, ("parameters", key))]
                continue
            checks = [(era.value, f"{at}/history/{i}/value", _from(era.effective_from))
                      for i, era in enumerate(own[key].history)]
            checks.append((own[key].value, f"{at}/value", ""))
        else:
            own[key] = Provenance.plain(raw, f"set in {where}")
            checks = [(raw, at, "")]
        for value, ptr, when in checks:
            error = value_error(key, value)
            if error:
                problems.append((key, ptr, ("bad_parameter_value", {"key": key, "when": when,
                                                                    "value": shown_value(value), "error": error})))
    if problems:
        found = located(src, [(ptr, msg, None) for _, ptr, msg in problems])
        raise RulesetError.of("ruleset_errors", {"name": escape(shown), "n": len(found)}, found, shown,
                              problems[0][0])
    return spec.name or path.stem, spec.description, base, own


def _from(day) -> dict[str, str] | str:
    """`` from 2017-04-20`` / `` from the start``, in each language (a part of a bad-value problem)."""
    if day is None:
        return {lang: phrase("ruleset", "value_from_start", lang) for lang in LANGS}
    return {lang: phrase("ruleset", "value_from", lang).format(day=day.isoformat()) for lang in LANGS}


@functools.cache
def _builtin(name: str) -> tuple[str, str | None, dict[str, Provenance]]:
    """A built-in ruleset, read and checked once per process (callers get a copy of the dict)."""
    spec = _spec(builtin_raw(name), f"built-in ruleset {name}")
    provenance = _provenances(spec, f"built-in ruleset {name}")
    _check_complete(provenance, name)
    return spec.name or name, spec.description, provenance


def _spec(data: Any, where: str) -> RulesetFile:
    try:
        return RulesetFile.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(str(x) for x in err["loc"])
        raise RulesetError(f"{where}: {key}: {err['msg']}", key) from None


def _provenances(spec: RulesetFile, where: str) -> dict[str, Provenance]:
    """The file's parameters as Provenance: objects with a ``value`` and ``source`` as written,
    bare values as set in that file."""
    out: dict[str, Provenance] = {}
    for key, raw in spec.parameters.items():
        check_key(key, where)
        if isinstance(raw, dict) and "value" in raw and "source" in raw:
            try:
                out[key] = Provenance.model_validate(raw)
            except ValidationError as exc:
                err = exc.errors(include_url=False)[0]
                loc = ".".join(str(x) for x in err["loc"])
                raise RulesetError(f"{where}: {key}{'.' + loc if loc else ''}: {err['msg']}", key) from None
        else:
            out[key] = Provenance.plain(raw, f"set in {where}")
    _check_eras(out, where)
    return out


def _check_eras(provenance: dict[str, Provenance], where: str) -> None:
    """Every era's value is a valid value of its parameter (checked alone, so the message names it)."""
    for key, p in provenance.items():
        for era in p.history:
            msg = value_error(key, era.value)
            if msg is not None:
                when = era.effective_from.isoformat() if era.effective_from else "the start"
                raise RulesetError(f"{where}: bad value for {key!r} from {when}: {shown_value(era.value)} ({msg})",
                                   key)


def _check_complete(provenance: dict[str, Provenance], name: str) -> None:
    missing = [k for k in PARAMETER_NAMES if k not in provenance]
    if missing:  # a packaging mistake, not a user's: say so plainly
        raise RulesetError(f"built-in ruleset {name} lacks {', '.join(missing)}", missing[0])

