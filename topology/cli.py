"""The ``wxtopo`` command: arguments in, exit code out. No logic the library lacks.

Exit codes: 0 nothing at or above ``--fail-on``; 1 such findings; 2 a document error, an
unreadable input or a usage error. No traceback, whatever the input: every problem with an
input is printed one way (:func:`topology.errors.problem_line`). Outputs go through
:class:`topology.outputs.Outputs`: no input is ever written, a failed run writes nothing.
Heavy imports (pydantic, NetworkX) happen only in the commands that need them.
"""

from __future__ import annotations

import argparse
import os
import sys

from . import __version__
from .errors import DocumentError, UsageError
from .formats import FORMATS

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (start-up time)
if TYPE_CHECKING:  # pragma: no cover
    from .engine import Report
    from .model import Ecosystem
    from .outputs import Outputs
    from .suppressions import Suppressions

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
SCHEMAS = ("ecosystem", "report", "ruleset", "suppressions", "changes")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse prints usage and exits 2: keep that, shorter
        from .sanitize import escape

        self.print_usage(sys.stderr)
        self.exit(EXIT_ERROR, f"{self.prog}: error: {escape(message)}\n")


def _size(text: str) -> int:
    from .loader import parse_size

    try:
        return parse_size(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _depth(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"--depth must be a whole number of hops, 0 or more, got {text!r}")
    return value


def _inputs(p: argparse.ArgumentParser) -> None:
    """The option every command that reads files has."""
    p.add_argument("--max-input-size", type=_size, metavar="SIZE",
                   help="refuse inputs larger than SIZE (bytes, or 64K, 512M, 1G; default 1G)")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="wxtopo", description="Validate WeChat account ecosystems against a rule catalogue.")
    p.add_argument("--version", action="version", version=f"wxtopo {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    v = sub.add_parser("validate", help="check documents and report findings",
                       description="Check ecosystem documents (JSON or YAML; '-' reads stdin).")
    v.add_argument("paths", nargs="+", metavar="PATH")
    v.add_argument("--format", "-f", choices=FORMATS, default="text")
    v.add_argument("--lang", choices=("en", "zh"), default="en", help="language of messages")
    v.add_argument("--ruleset", metavar="NAME|FILE", help="built-in ruleset name or ruleset file (default: seed)")
    v.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE",
                   help="override one ruleset parameter (repeatable)")
    v.add_argument("--select", action="append", metavar="IDS", help="only these rules (IDs, names, prefixes like WX1)")
    v.add_argument("--ignore", action="append", metavar="IDS", help="skip these rules")
    v.add_argument("--previous", "--baseline", dest="baseline", metavar="OLD",
                   help="previous version of the document (enables WX601; --baseline is its old name)")
    v.add_argument("--suppressions", metavar="FILE",
                   help="findings baseline: drop the findings it lists; report entries that match nothing (WX007)")
    v.add_argument("--write-suppressions", metavar="FILE",
                   help="record the current findings in FILE (after everything else succeeded), then report "
                        "with them suppressed")
    v.add_argument("--as-of", metavar="DATE", help="evaluation date YYYY-MM-DD (default: the document's as_of, else today)")
    v.add_argument("--rules-as-of", metavar="DATE",
                   help="use the ruleset values in force on DATE (default: the evaluation date)")
    v.add_argument("--fail-on", choices=("error", "warning", "info"), default="error",
                   help="lowest severity that makes the exit code 1 (default: error)")
    v.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    v.add_argument("-o", "--output", metavar="FILE", help="write the report here (atomically; '-': stdout)")
    _inputs(v)

    d = sub.add_parser("render", help="draw a diagram (Graphviz or Mermaid) with the findings drawn in",
                       description="Draw an ecosystem. dot and mmd need no binary; svg, png and pdf need Graphviz.")
    d.add_argument("path", metavar="PATH")
    d.add_argument("-o", "--output", required=True, metavar="OUT",
                   help="OUT.svg|png|pdf|dot|mmd (written atomically; '-' with --format: stdout)")
    d.add_argument("--format", "-f", choices=("svg", "png", "pdf", "dot", "mmd"),
                   help="default: from OUT's suffix")
    d.add_argument("--layout", choices=("dot", "neato", "fdp", "sfdp"), default="dot")
    d.add_argument("--lang", choices=("en", "zh"), default="en")
    d.add_argument("--no-findings", action="store_true", help="draw the plain map")
    d.add_argument("--focus", metavar="ID", help="draw only this account's neighbourhood")
    d.add_argument("--depth", type=_depth, metavar="N", help="hops around --focus (default 1)")
    d.add_argument("--only-findings", action="store_true", help="draw only the accounts named by findings")
    d.add_argument("--ruleset", metavar="NAME|FILE")
    d.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE")
    d.add_argument("--select", action="append", metavar="IDS")
    d.add_argument("--ignore", action="append", metavar="IDS")
    d.add_argument("--as-of", metavar="DATE")
    d.add_argument("--rules-as-of", metavar="DATE")
    d.add_argument("--suppressions", metavar="FILE", help="findings baseline: suppressed findings are not drawn")
    _inputs(d)

    r = sub.add_parser("rules", help="list the rule catalogue or explain one rule")
    r.add_argument("rule", nargs="?", metavar="ID", help="a rule ID or name to explain")
    r.add_argument("--format", "-f", choices=("text", "json"), default="text")
    r.add_argument("--lang", choices=("en", "zh"), default="en")
    r.add_argument("--ruleset", metavar="NAME|FILE", help="show parameter values and sources from this ruleset")
    r.add_argument("--rules-as-of", metavar="DATE", help="with the values in force on DATE")
    _inputs(r)

    rs = sub.add_parser("ruleset", help="list the built-in rulesets or show where a ruleset's numbers come from")
    rs_sub = rs.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser)
    rs_sub.required = True
    rs_sub.add_parser("list", help="the built-in rulesets")
    show = rs_sub.add_parser("show", help="every parameter: value, source, confidence, history")
    show.add_argument("name", metavar="NAME|FILE")
    show.add_argument("--format", "-f", choices=("text", "json", "markdown"), default="text")
    show.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE")
    show.add_argument("--rules-as-of", metavar="DATE", help="also the values in force on DATE")
    _inputs(show)

    h = sub.add_parser("headroom", help="what each account may still link: used / limit / free, tightest first")
    h.add_argument("path", metavar="PATH")
    h.add_argument("--format", "-f", choices=("text", "json", "markdown"), default="text")
    h.add_argument("--account", metavar="ID", help="only this account")
    _ruleset_options(h)
    h.add_argument("-o", "--output", metavar="FILE", help="write here (atomically; '-': stdout)")

    rp = sub.add_parser("repair", help="drop the mini_program links that break WX101-WX103, keeping the most priority")
    rp.add_argument("path", metavar="PATH")
    rp.add_argument("--format", "-f", choices=("text", "json"), default="text")
    _ruleset_options(rp)
    rp.add_argument("-o", "--output", metavar="REPAIRED.json",
                    help="write the document minus the dropped links (atomically)")

    df = sub.add_parser("diff", help="what changed between two versions of a document, and its findings")
    df.add_argument("old", metavar="OLD")
    df.add_argument("new", metavar="NEW")
    df.add_argument("--format", "-f", choices=("text", "json", "markdown"), default="text")
    _ruleset_options(df)
    df.add_argument("-o", "--output", metavar="DIFF.svg|.dot|.mmd", help="also draw the diff (atomically)")

    pl = sub.add_parser("plan", help="apply an ordered list of changes step by step and say which one breaks")
    pl.add_argument("path", metavar="PATH")
    pl.add_argument("--changes", required=True, metavar="CHANGES.json")
    pl.add_argument("--reorder", action="store_true",
                    help="find an order of the same changes in which no step leaves a cap error")
    pl.add_argument("--format", "-f", choices=("text", "json", "markdown"), default="text")
    _ruleset_options(pl)
    pl.add_argument("-o", "--output", metavar="FILE", help="write the report here (atomically; '-': stdout)")

    s = sub.add_parser("schema", help="print a JSON Schema")
    s.add_argument("which", nargs="?", choices=SCHEMAS, default="ecosystem")
    return p


def _ruleset_options(p: argparse.ArgumentParser) -> None:
    """The options every command that evaluates rules shares with ``validate``."""
    p.add_argument("--ruleset", metavar="NAME|FILE", help="built-in ruleset name or ruleset file (default: seed)")
    p.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE",
                   help="override one ruleset parameter (repeatable)")
    p.add_argument("--as-of", metavar="DATE", help="evaluation date (default: the document's as_of, else today)")
    p.add_argument("--rules-as-of", metavar="DATE", help="ruleset values in force on DATE (default: the evaluation date)")
    p.add_argument("--lang", choices=("en", "zh"), default="en")
    _inputs(p)


def main(argv: list[str] | None = None) -> int:
    from .outputs import utf8_streams

    utf8_streams()
    args = build_parser().parse_args(argv)
    try:
        if getattr(args, "max_input_size", None):
            from .limits import set_max_input_size

            set_max_input_size(args.max_input_size)
        if args.command == "validate":
            return _validate(args)
        if args.command == "rules":
            return _rules(args)
        if args.command == "render":
            return _render(args)
        if args.command == "ruleset":
            return _ruleset(args)
        if args.command in ("headroom", "repair", "diff", "plan"):
            from . import cli_planner

            return getattr(cli_planner, args.command)(args)
        return _schema(args)
    except UsageError as exc:
        _usage_error(exc, getattr(args, "format", None))
        return EXIT_ERROR
    except DocumentError as exc:  # an input the command reads whole (a baseline)
        print_error(str(exc))
        return EXIT_ERROR
    except BrokenPipeError:  # `wxtopo rules | head`
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
    finally:
        from .limits import DEFAULT_MAX_INPUT_SIZE, set_max_input_size

        set_max_input_size(DEFAULT_MAX_INPUT_SIZE)


def print_error(text: str) -> None:
    """A message on standard error, control characters shown escaped."""
    from .sanitize import terminal_text

    sys.stderr.write(terminal_text(text.rstrip("\n")) + "\n")
    sys.stderr.flush()


def _usage_error(exc: UsageError, fmt: str | None) -> None:
    """``wxtopo: error: …`` with one line per problem of an input file; with ``--format json``
    an input file's problems are also a JSON error report on standard output."""
    print_error(f"wxtopo: error: {exc}")
    if exc.problems and fmt == "json":
        from .engine import Report
        from .formats import render
        from .outputs import safe_text, write_stdout

        write_stdout(safe_text(render([Report(document=exc.document, errors=list(exc.problems))], "json")))


def input_file(value: str | None) -> str | None:
    """A ``--ruleset`` value that names a file (not a built-in), else None."""
    if value is None:
        return None
    from .ruleset import builtin_names

    return None if value in builtin_names() else value


def read_document(path: str) -> Ecosystem | Report:
    """The ecosystem at ``path``, or its error report (a Report with ``errors``)."""
    from .engine import Report
    from .loader import read_source
    from .model import parse
    from .sanitize import display_path

    try:
        return parse(read_source(path))
    except DocumentError as exc:
        return Report.from_error(exc, "-" if path == "-" else display_path(path))


def read_other_document(path: str, option: str):
    """A document read beside the main one (``--baseline``): its problems are a usage error."""
    from .engine import Report

    eco = read_document(path)
    if isinstance(eco, Report):
        raise UsageError(f"{option} {eco.document} cannot be read", eco.errors, eco.document)
    return eco


# -- validate -------------------------------------------------------------------------------
def _validate(args: argparse.Namespace) -> int:
    from .engine import Report, validate
    from .formats import render
    from .outputs import Outputs
    from .rules import resolve_selectors
    from .ruleset import load_ruleset
    from .suppressions import load_suppressions

    out = Outputs()
    out.read(*args.paths)
    out.read(args.baseline, args.suppressions, input_file(args.ruleset))
    out.claim("-" if args.output is None else args.output, "the report" if args.output is None else "-o")
    may_replace = (args.suppressions,) if args.suppressions else ()
    out.claim(args.write_suppressions, "--write-suppressions", may_replace=may_replace)
    for tokens in (args.select, args.ignore):  # fail on a bad selector before reading anything
        if tokens:
            resolve_selectors(tokens)
    ruleset = load_ruleset(args.ruleset, args.overrides)
    suppressions = load_suppressions(args.suppressions) if args.suppressions else None
    baseline = read_other_document(args.baseline, "--baseline") if args.baseline else None

    reports = []
    for path in args.paths:
        eco = read_document(path)
        if isinstance(eco, Report):
            reports.append(eco)
            continue
        reports.append(validate(eco, ruleset, baseline=baseline, as_of=args.as_of, select=args.select,
                                ignore=args.ignore, lang=args.lang, document=eco.source.name,
                                rules_as_of=args.rules_as_of,
                                suppressions=None if args.write_suppressions else suppressions))
    if args.write_suppressions:
        reports = _write_suppressions(out, args.write_suppressions, reports, suppressions)
    color = args.color == "always" or (
        args.color == "auto" and args.output in (None, "-") and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    )
    text = render(reports, args.format, color=color, lang=args.lang, fail_on=args.fail_on)
    out.write(args.output, text, colour=color)
    out.commit()
    if args.format == "github" and os.environ.get("GITHUB_STEP_SUMMARY"):
        _append_step_summary(os.environ["GITHUB_STEP_SUMMARY"],
                             render(reports, "markdown", lang=args.lang, fail_on=args.fail_on))
    return max(r.exit_code(args.fail_on) for r in reports)


def _write_suppressions(out: Outputs, path: str, reports: list[Report], old: Suppressions | None) -> list[Report]:
    """Record every finding (per document when there are several, or when the old file is
    per document), keep the old entries this run could not re-check (rules that did not run,
    documents not in this run), then suppress them.

    Nothing is written when a document could not be read: an old baseline is worth more
    than one that silently lost a document's entries.
    """
    from .engine import apply_suppressions
    from .sanitize import escape
    from .suppressions import Suppressions
    from .vocab import plural

    unread = [r.document for r in reports if r.errors]
    if unread:
        print_error(f"wxtopo: {escape(path)} not written: {', '.join(map(str, unread))} could not be read")
        return reports
    scoped = len(reports) > 1 or bool(old and any(e.document for e in old.entries))
    fresh = [Suppressions.from_findings(r.findings, r.document if scoped else None, reasons=old) for r in reports]
    if old is not None:
        fresh.append(old.unchecked(reports))
    new = Suppressions.merge(fresh)
    out.write(path, new.dumps(), "--write-suppressions")
    out.note(f"wxtopo: wrote {plural(len(new), 'suppression')} to {escape(path)}")
    return [apply_suppressions(r, new) for r in reports]


def _append_step_summary(path: str, markdown: str) -> None:
    """Append the Markdown report to the job summary; a failure warns and never changes the exit code."""
    from .sanitize import terminal_text

    try:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(terminal_text(markdown))
    except OSError as exc:
        print_error(f"wxtopo: warning: cannot append to GITHUB_STEP_SUMMARY {path}: {exc.strerror or exc}")


# -- render ---------------------------------------------------------------------------------
def _render(args: argparse.Namespace) -> int:
    from .diagrams import FORMATS
    from .engine import Report, validate
    from .outputs import Outputs
    from .sanitize import escape
    from .suppressions import load_suppressions

    if args.no_findings and args.only_findings:
        raise UsageError("--only-findings draws the accounts named by findings: drop --no-findings")
    if args.depth is not None and args.focus is None:
        raise UsageError("--depth counts hops around --focus: give --focus ID too")
    fmt = args.format or os.path.splitext(args.output)[1].lstrip(".").lower()
    if fmt not in FORMATS:
        raise UsageError(f"cannot tell the format from {escape(args.output)!r}; give --format {'|'.join(FORMATS)}")
    out = Outputs()
    out.read(args.path, args.suppressions, input_file(args.ruleset))
    out.claim(args.output, "-o")
    suppressions = load_suppressions(args.suppressions) if args.suppressions else None
    eco = read_document(args.path)
    if isinstance(eco, Report):
        print_error(_error_text(eco))
        return EXIT_ERROR
    from .diagrams import render

    report = None if args.no_findings else validate(
        eco, args.ruleset, overrides=args.overrides, as_of=args.as_of, select=args.select, ignore=args.ignore,
        lang=args.lang, document=eco.source.name, rules_as_of=args.rules_as_of, suppressions=suppressions)
    data = render(eco, report, format=fmt, layout=args.layout, lang=args.lang, focus=args.focus,
                  depth=1 if args.depth is None else args.depth, only_findings=args.only_findings)
    out.write(args.output, data)
    out.commit()
    return EXIT_OK


def _error_text(report: Report) -> str:
    """A document's problems as printed on standard error (the text report's first lines)."""
    from .errors import DocumentError

    return str(DocumentError(report.errors, report.document))


# -- rules ----------------------------------------------------------------------------------
def _rules(args: argparse.Namespace) -> int:
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
            _emit(catalogue.dumps(catalogue.rule_dict(rule, ruleset)))
        else:
            _emit(catalogue.rule_page(rule, args.lang, ruleset))
        return EXIT_OK
    if args.format == "json":
        _emit(catalogue.dumps([catalogue.rule_dict(r, ruleset) for r in catalogue.all_rules()]))
    else:
        _emit(catalogue.rule_table(args.lang, ruleset))
    return EXIT_OK


# -- ruleset --------------------------------------------------------------------------------
def _ruleset(args: argparse.Namespace) -> int:
    from .ruleset import builtin_names, load_ruleset

    if args.action == "list":
        _emit("".join(f"{name:<14} {load_ruleset(name).description or ''}\n" for name in builtin_names()))
        return EXIT_OK
    from . import provenance

    rs = load_ruleset(args.name, args.overrides, as_of=args.rules_as_of)
    show = {"text": provenance.ruleset_text, "json": provenance.ruleset_json,
            "markdown": provenance.ruleset_markdown}[args.format]
    _emit(show(rs))
    return EXIT_OK


# -- schema ---------------------------------------------------------------------------------
def _schema(args: argparse.Namespace) -> int:
    from .schema import schema_text

    _emit(schema_text(args.which))
    return EXIT_OK


# -- output ---------------------------------------------------------------------------------
def _emit(text: str) -> None:
    """Text to standard output: UTF-8, control characters shown escaped."""
    from .outputs import safe_text, write_stdout

    write_stdout(safe_text(text))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
