"""``validate`` on a columnar engine: the same report as the in-memory engine, from set-wise queries.

What is shared with :func:`topology.engine.validate`, and so cannot differ: rule selection
(:func:`~topology.engine.selected_rules`), the ruleset and evaluation date
(:func:`~topology.engine.ruleset_for`), stamping, inline ``ignore`` lists
(:class:`~topology.engine.InlineIgnores`), the suppressions file
(:meth:`~topology.suppressions.Suppressions.matcher`) and WX007, which runs its own check over
what the file left stale. What differs is only where the findings come from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..engine import InlineIgnores, Report, ruleset_for, selected_rules, stamp
from ..errors import DocumentError, UsageError
from ..findings import Finding, Hit
from .run import findings as run_findings
from .run import unsupported

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from ..model import Ecosystem
    from ..ruleset import Ruleset
    from ..suppressions import Suppressions

ENGINES: tuple[str, ...] = ("duckdb", "spark")


@dataclass
class Run:
    """A columnar run under way: the report's header, and its findings as they are produced.

    Iterate :meth:`findings` once; ``counts`` is complete after that.
    """

    report: Report
    _produce: Callable[[], Iterator[Finding]] = field(repr=False)

    def findings(self) -> Iterator[Finding]:
        yield from self._produce()


@dataclass
class _Header:
    as_of: date | None = None
    name: str | None = None


def open_engine(engine: str, **options: Any) -> Any:
    """A fresh engine by name (``duckdb``, ``spark``)."""
    if engine == "duckdb":
        from .duck import DuckEngine

        return DuckEngine(**{k: v for k, v in options.items() if k in ("memory_limit", "threads")})
    if engine == "spark":
        from .spark import SparkEngine

        return SparkEngine(**{k: v for k, v in options.items() if k in ("session", "master")})
    raise UsageError(f"unknown engine {engine!r}; use one of: memory, {', '.join(ENGINES)}")


def _load(eng: Any, source: Ecosystem | str | Path) -> tuple[str | None, _Header]:
    """Stage ``source``; (its name, its document-level fields). Raises DocumentError on bad input."""
    from ..model import Ecosystem

    if isinstance(source, Ecosystem):
        eng.load_ecosystem(source)
        return (source.source.name if source.source else None), _Header(source.as_of, source.name)
    path = Path(source)
    name = str(source)
    if path.is_dir():
        problems = eng.load_table_set(path)
        header = _header(path / "ecosystem.json") if not problems else _Header()
    else:
        problems = eng.load_document(path)
        header = _Header()
        if not problems:
            found = eng.rows("SELECT as_of, name FROM raw_document") if _has(eng, "raw_document") else []
            if found:
                header = _Header(*found[0])
    if problems:
        raise DocumentError(problems, name)
    return name, header


def _load_previous(eng: Any, engine: str, baseline: Ecosystem | str | Path) -> None:
    """Stage the previous document's accounts (WX601's input); a bad one raises DocumentError."""
    from ..document import load
    from ..model import Ecosystem

    if not hasattr(eng, "load_previous"):
        raise UsageError(f"the {engine} engine cannot compare with a previous document; use --engine memory")
    eng.load_previous(baseline if isinstance(baseline, Ecosystem) else load(baseline))


def _has(eng: Any, table: str) -> bool:
    try:
        eng.rows(f"SELECT 1 FROM {table} LIMIT 0")
    except Exception:  # noqa: BLE001 - any engine's "no such table"
        return False
    return True


def _header(path: Path) -> _Header:
    from .tables import read_header

    as_of, name = read_header(path)
    return _Header(as_of, name)


def start(source: Ecosystem | str | Path, ruleset: str | Path | Ruleset | None = None, *, engine: str = "duckdb",
          as_of: date | str | None = None, rules_as_of: date | str | None = None,
          select: Iterable[str] | None = None, ignore: Iterable[str] | None = None,
          overrides: dict[str, Any] | list[str] | None = None, lang: str = "en",
          suppressions: Suppressions | str | Path | dict | None = None, document: str | None = None,
          progress: Callable[[str, int], None] | None = None, baseline: Ecosystem | str | Path | None = None,
          **engine_options: Any) -> Run:
    """Stage ``source`` on ``engine`` and return the :class:`Run` that yields its findings.

    Raises :class:`~topology.errors.DocumentError` for a bad document or table set, and
    :class:`~topology.errors.UsageError` for an option the engine cannot honour. ``baseline`` is the
    previous document (``--previous``): staged as ``prev_accounts``, it enables WX601.
    """
    from ..suppressions import load_suppressions

    eng = open_engine(engine, **engine_options)
    try:
        name, header = _load(eng, source)
        if baseline is not None:
            _load_previous(eng, engine, baseline)
    except BaseException:
        eng.close()
        raise
    name = document or name
    rs, when = ruleset_for(header, ruleset, overrides, as_of, rules_as_of)  # type: ignore[arg-type]
    file = load_suppressions(suppressions) if suppressions is not None else None
    chosen = [r for r in selected_rules(select, ignore)
              if (baseline is not None or not r.needs_baseline) and (file is not None or not r.needs_suppressions)]
    missing = unsupported(chosen)
    if missing:
        eng.close()
        raise UsageError(f"the {engine} engine has no set-wise form of {', '.join(missing)}; "
                         f"use --engine memory, or --ignore them")
    eng.prepare(rs.parameters)
    counts = {t: eng.rows(f"SELECT count(*) FROM {t}")[0][0] for t in ("subjects", "accounts", "links")}
    counts.update({"error": 0, "warning": 0, "info": 0, "suppressed": 0})
    report = Report(document=name, findings=[], ruleset=rs, as_of=when, counts=counts,
                    rules_run=tuple((r.id, r.name) for r in chosen))
    inline = InlineIgnores()
    for table in ("subjects", "accounts", "links"):
        key = "NULL" if table == "links" else "id"
        inline.add(table, eng.rows(f"SELECT row, {key}, ignore FROM {table} WHERE len(ignore) > 0 ORDER BY row"))

    def produce() -> Iterator[Finding]:
        match = file.matcher(name, (r.id for r in chosen)) if file is not None else None
        try:
            for _, f in run_findings(eng.execute, [r for r in chosen if not r.needs_suppressions],
                                     rs.parameters, when, lang, progress):
                if inline.covers(f) or (match is not None and match.drops(f)):
                    counts["suppressed"] += 1
                    continue
                counts[f.severity] += 1
                yield f
            if match is not None:
                for rule in (r for r in chosen if r.needs_suppressions):
                    ctx = _StaleContext(eng, match.stale(), file.name or "suppressions")
                    for hit in rule.check(ctx):
                        f = stamp(rule, hit, lang)
                        if inline.covers(f):
                            counts["suppressed"] += 1
                            continue
                        counts[f.severity] += 1
                        yield f
        finally:
            eng.close()

    return Run(report, produce)


def validate(source: Ecosystem | str | Path, ruleset: str | Path | Ruleset | None = None, **options: Any) -> Report:
    """The whole :class:`~topology.engine.Report` of a columnar run (findings sorted as the
    in-memory engine sorts them). Takes :func:`start`'s arguments."""
    run = start(source, ruleset, **options)
    found = sorted(run.findings(), key=Finding.sort_key)
    run.report.findings = found
    return run.report


class _StaleContext:
    """What WX007's check asks of a context, answered by the engine (few lookups: one per stale entry)."""

    def __init__(self, eng: Any, stale: list, name: str):
        self.stale_suppressions = tuple(stale)
        self.suppressions_name = name
        wanted = sorted({e.account for _, e in stale if e.account is not None})
        self._rows: dict[str, int] = {}
        if wanted:
            from .stage import lit

            self._rows = dict(eng.rows(f"SELECT id, row FROM acct WHERE id IN ({', '.join(lit(a) for a in wanted)})"))

    def type_of(self, account: str) -> str | None:
        return "account" if account in self._rows else None

    def finding(self, account: str | None = None, *, pointer: str | None = None, related: Any = (),
                **kw: Any) -> Hit:
        if pointer is None and account in self._rows:
            pointer = f"/accounts/{self._rows[account]}"
        fields = {k: kw.pop(k) for k in ("observed", "limit", "subject", "severity", "variant") if k in kw}
        return Hit(account=account, related=tuple(related), pointer=pointer, args=kw, **fields)

