"""The commands that check and show: ``validate``, ``render``, ``rules``, ``ruleset``,
``schema``: arguments in, exit code out. No logic the library lacks."""

from __future__ import annotations

import argparse
import os
import sys

from .cli_support import (
    EXIT_ERROR,
    EXIT_OK,
    emit,
    error_text,
    input_file,
    print_error,
    read_document,
    read_other_document,
)
from .errors import UsageError

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from .engine import Report
    from .outputs import Outputs
    from .suppressions import Suppressions


# -- validate -------------------------------------------------------------------------------
def validate(args: argparse.Namespace) -> int:
    from . import cli_columnar, engine, formats
    from .engine import Report
    from .outputs import Outputs
    from .rules import resolve_selectors
    from .ruleset import load_ruleset
    from .suppressions import load_suppressions

    out = Outputs()
    out.read(*args.paths)
    out.read(args.previous, args.suppressions, input_file(args.ruleset))
    out.claim_report(args.output)
    may_replace = (args.suppressions,) if args.suppressions else ()
    out.claim(args.write_suppressions, "--write-suppressions", may_replace=may_replace)
    for tokens in (args.select, args.ignore):  # fail on a bad selector before reading anything
        if tokens:
            resolve_selectors(tokens)
    engines = [(path, cli_columnar.engine_for(path, args.engine)) for path in args.paths]
    cli_columnar.refuse(args, {e for _, e in engines})
    ruleset = load_ruleset(args.ruleset, args.overrides)
    suppressions = load_suppressions(args.suppressions) if args.suppressions else None
    previous = read_other_document(args.previous, "--previous") if args.previous else None
    progress = cli_columnar.Progress.for_args(args)

    def in_memory(path: str) -> Report:
        eco = cli_columnar.read_table_set(path) if os.path.isdir(path) else read_document(path)
        if isinstance(eco, Report):
            return eco
        return engine.validate(eco, ruleset, baseline=previous, as_of=args.as_of, select=args.select,
                               ignore=args.ignore, lang=args.lang, document=path if eco.source is None else eco.source.name,
                               rules_as_of=args.rules_as_of,
                               suppressions=None if args.write_suppressions else suppressions)

    if args.format == "jsonl" and not args.write_suppressions:  # streamed: never held whole
        exit_codes: list[int] = []
        out.stream(args.output, cli_columnar.stream_lines(args, engines, ruleset, suppressions, previous, in_memory,
                                                          exit_codes, progress))
        out.commit()
        return max(exit_codes, default=EXIT_OK)
    reports = [in_memory(path) if chosen == "memory" else
               cli_columnar.validate_path(args, path, chosen, ruleset, suppressions, previous, progress)
               for path, chosen in engines]
    if args.write_suppressions:
        reports = _write_suppressions(out, args.write_suppressions, reports, suppressions)
    color = args.color == "always" or (
        args.color == "auto" and args.output in (None, "-") and sys.stdout is not None and sys.stdout.isatty()
        and not os.environ.get("NO_COLOR")
    )
    text = formats.render(reports, args.format, color=color, lang=args.lang, fail_on=args.fail_on)
    out.write(args.output, text, colour=color)
    out.commit()
    if args.format == "github" and os.environ.get("GITHUB_STEP_SUMMARY"):
        _append_step_summary(out, os.environ["GITHUB_STEP_SUMMARY"],
                             formats.render(reports, "markdown", lang=args.lang, fail_on=args.fail_on))
    return max(r.exit_code(args.fail_on) for r in reports)


def _write_suppressions(out: Outputs, path: str, reports: list[Report], old: Suppressions | None) -> list[Report]:
    """Record every finding (per document when there are several, or when the old file is
    per document), keep the old entries this run could not re-check (rules that did not run,
    documents not in this run), then suppress them.

    Nothing is written when a document could not be read: an old suppressions file is worth
    more than one that silently lost a document's entries.
    """
    from .engine import apply_suppressions
    from .sanitize import display_path, escape
    from .suppressions import Suppressions
    from .vocab import plural

    unread = [r.document for r in reports if r.errors]
    if unread:
        print_error(f"wxtopo: {escape(display_path(path))} not written: {', '.join(map(escape, unread))} "
                    "could not be read")
        return reports
    scoped = len(reports) > 1 or bool(old and any(e.document for e in old.entries))
    fresh = [Suppressions.from_findings(r.findings, r.document if scoped else None, reasons=old) for r in reports]
    if old is not None:
        fresh.append(old.unchecked(reports))
    new = Suppressions.merge(fresh)
    out.write(path, new.dumps(), "--write-suppressions")
    out.note(f"wxtopo: wrote {plural(len(new), 'suppression')} to {escape(display_path(path))}")
    return [apply_suppressions(r, new) for r in reports]


def _append_step_summary(out: Outputs, path: str, markdown: str) -> None:
    """Append the Markdown report to the job summary; a failure warns and never changes the exit
    code. A summary file that is one of the run's inputs is left alone."""
    from .sanitize import display_path, escape, terminal_text

    if out.is_input(path):
        print_error(f"wxtopo: warning: GITHUB_STEP_SUMMARY {escape(display_path(path))} is an input of this run; "
                    "not appending to it")
        return
    try:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(terminal_text(markdown))
    except OSError as exc:
        print_error(f"wxtopo: warning: cannot append to GITHUB_STEP_SUMMARY {escape(display_path(path))}: "
                    f"{exc.strerror or exc}")


# -- render ---------------------------------------------------------------------------------
def render(args: argparse.Namespace) -> int:
    from . import diagrams, engine
    from .diagrams import FORMATS
    from .engine import Report
    from .outputs import Outputs
    from .sanitize import escape
    from .suppressions import load_suppressions

    if args.no_findings and args.only_findings:
        raise UsageError("--only-findings draws the accounts named by findings: drop --no-findings")
    if args.depth is not None and args.focus is None and args.subject is None:
        raise UsageError("--depth counts hops around --focus (or --subject): give --focus ID too")
    fmt = args.format or os.path.splitext(args.output)[1].lstrip(".").lower()
    if fmt not in FORMATS:
        raise UsageError(f"cannot tell the format from {escape(args.output)!r}; give --format {'|'.join(FORMATS)}")
    if fmt not in diagrams.TEXT_FORMATS and args.output == "-" and sys.stdout is not None and sys.stdout.isatty():
        raise UsageError(f"-o - would write {fmt} (binary) to the terminal: redirect it to a file or a pipe, "
                         "or draw --format dot or mmd (text)")
    out = Outputs()
    out.read(args.path, args.suppressions, input_file(args.ruleset))
    out.claim(args.output, "-o")
    suppressions = load_suppressions(args.suppressions) if args.suppressions else None
    eco = read_document(args.path)
    if isinstance(eco, Report):
        print_error(error_text(eco, args.lang))
        return EXIT_ERROR
    report = None if args.no_findings else engine.validate(
        eco, args.ruleset, overrides=args.overrides, as_of=args.as_of, select=args.select, ignore=args.ignore,
        lang=args.lang, document=eco.source.name, rules_as_of=args.rules_as_of, suppressions=suppressions)
    limits = {k: v for k, v in (("max_accounts", args.max_accounts), ("timeout", args.timeout)) if v is not None}
    fan_in = diagrams.FAN_IN if args.fan_in is None else args.fan_in or None  # --fan-in 0: every account
    if fmt in diagrams.BINARY_FORMATS:  # Chinese without a CJK font draws boxes: say so (diagrams/fonts.py)
        from .diagrams import fonts

        if (note := fonts.warning(args.lang, fonts.document_texts(eco))) is not None:
            print_error(note)
    data = diagrams.render(eco, report, format=fmt, layout=args.layout, lang=args.lang, focus=args.focus,
                  subject=args.subject, depth=1 if args.depth is None else args.depth, only_findings=args.only_findings,
                  group_by=args.group_by, rankdir=args.rankdir, fan_in=fan_in, **limits)
    out.write(args.output, data)
    out.commit()
    return EXIT_OK


# -- rules ----------------------------------------------------------------------------------
def rules(args: argparse.Namespace) -> int:
    from . import catalogue
    from .sanitize import escape

    ruleset = None
    if args.ruleset or args.rules_as_of:  # the default listing stays light: no pydantic
        from .ruleset import load_ruleset

        ruleset = load_ruleset(args.ruleset, as_of=args.rules_as_of)
    if args.rule:
        rule = catalogue.get_rule(args.rule)
        if rule is None:
            raise UsageError(f"unknown rule {escape(args.rule)!r}; `wxtopo rules` lists them")
        if args.format == "json":
            emit(catalogue.dumps(catalogue.rule_dict(rule, ruleset)))
        else:
            emit(catalogue.rule_page(rule, args.lang, ruleset))
        return EXIT_OK
    if args.format == "json":
        emit(catalogue.dumps([catalogue.rule_dict(r, ruleset) for r in catalogue.all_rules()]))
    else:
        emit(catalogue.rule_table(args.lang, ruleset))
    return EXIT_OK


# -- ruleset --------------------------------------------------------------------------------
def ruleset(args: argparse.Namespace) -> int:
    from .ruleset import builtin_names, load_ruleset

    if args.action == "list":
        emit("".join(f"{name:<14} {load_ruleset(name).description or ''}\n" for name in builtin_names()))
        return EXIT_OK
    from . import provenance

    rs = load_ruleset(args.name, args.overrides, as_of=args.rules_as_of)
    if args.format == "json":  # data as the ruleset gives it: no language
        emit(provenance.ruleset_json(rs))
    else:
        show = provenance.ruleset_text if args.format == "text" else provenance.ruleset_markdown
        emit(show(rs, lang=args.lang))
    return EXIT_OK


# -- convert --------------------------------------------------------------------------------
def convert(args: argparse.Namespace) -> int:
    """A document → a table set (``--to``), or a table set → a document (DST ending in .json).
    Bad input: exit 2 with every problem, nothing written."""
    from .columnar import convert as C
    from .columnar.xlsx import is_workbook, workbook_bytes
    from .engine import Report
    from .errors import DocumentError
    from .formats import render
    from .outputs import Outputs, safe_text, write_stdout
    from .sanitize import display_path, escape

    book = is_workbook(args.source) and not os.path.isdir(args.source)
    to_document = (os.path.isdir(args.source) or book) and (args.output.lower().endswith(".json") or args.output == "-")
    if to_document and args.to:
        raise UsageError("--to names a table format: drop it to write a JSON document, or give a directory")
    if not os.path.isdir(args.source) and not book and args.output.lower().endswith((".json", ".yaml", ".yml")):
        raise UsageError(f"{escape(args.source)} is a document: -o names the directory of the table set to write")
    if args.output != "-" and os.path.realpath(args.output).startswith(os.path.join(os.path.realpath(args.source), "")):
        raise UsageError(f"-o {escape(args.output)} is inside the input {escape(args.source)}; write it elsewhere")
    out = Outputs()
    out.read(args.source)
    try:
        if to_document:
            out.claim(args.output, "-o")
            data = workbook_bytes(args.source, display_path(args.source)) if book else C.document_bytes(args.source)
            out.write(args.output, data)
            out.commit()
        else:
            if book:  # a workbook → a table set: through the document it holds
                from .columnar.xlsx import workbook_data
                from .document import load

                source = load(workbook_data(args.source, display_path(args.source)), name=display_path(args.source))
                C.to_table_set(source, args.output, args.to or "parquet")
            else:
                C.to_table_set(args.source, args.output, args.to or "parquet")
    except DocumentError as exc:
        shown = exc.document if exc.document and os.path.isdir(args.source) else display_path(args.source)
        print_error(DocumentError(exc.problems, shown).text(args.lang))
        if args.format == "json":
            write_stdout(safe_text(render([Report(document=shown, errors=exc.problems)], "json", lang=args.lang)))
        return EXIT_ERROR
    return EXIT_OK


# -- schema ---------------------------------------------------------------------------------
def schema(args: argparse.Namespace) -> int:
    from .schema import schema_text

    emit(schema_text(args.which))
    return EXIT_OK
