"""The ``wxtopo`` command: arguments in, exit code out. No logic the library lacks.

Exit codes: 0 nothing at or above ``--fail-on``; 1 such findings; 2 a document error, an
unreadable file or a usage error. Outputs are written atomically; inputs never change.
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
    from .suppressions import Suppressions

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
SCHEMAS = ("ecosystem", "report", "ruleset", "suppressions", "changes")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse prints usage and exits 2: keep that, shorter
        self.print_usage(sys.stderr)
        self.exit(EXIT_ERROR, f"{self.prog}: error: {message}\n")


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
    v.add_argument("--baseline", metavar="OLD", help="previous version of the document (enables WX601)")
    v.add_argument("--suppressions", metavar="FILE",
                   help="findings baseline: drop the findings it lists; report entries that match nothing (WX007)")
    v.add_argument("--write-suppressions", metavar="FILE",
                   help="record the current findings in FILE (atomically), then report with them suppressed")
    v.add_argument("--as-of", metavar="DATE", help="evaluation date YYYY-MM-DD (default: the document's as_of, else today)")
    v.add_argument("--rules-as-of", metavar="DATE",
                   help="use the ruleset values in force on DATE (default: the evaluation date)")
    v.add_argument("--fail-on", choices=("error", "warning", "info"), default="error",
                   help="lowest severity that makes the exit code 1 (default: error)")
    v.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    v.add_argument("-o", "--output", metavar="FILE", help="write the report here (atomically) instead of stdout")

    d = sub.add_parser("render", help="draw a diagram (Graphviz or Mermaid) with the findings drawn in",
                       description="Draw an ecosystem. dot and mmd need no binary; svg, png and pdf need Graphviz.")
    d.add_argument("path", metavar="PATH")
    d.add_argument("-o", "--output", required=True, metavar="OUT", help="OUT.svg|png|pdf|dot|mmd (written atomically)")
    d.add_argument("--format", "-f", choices=("svg", "png", "pdf", "dot", "mmd"),
                   help="default: from OUT's suffix")
    d.add_argument("--layout", choices=("dot", "neato", "fdp", "sfdp"), default="dot")
    d.add_argument("--lang", choices=("en", "zh"), default="en")
    d.add_argument("--no-findings", action="store_true", help="draw the plain map")
    d.add_argument("--focus", metavar="ID", help="draw only this account's neighbourhood")
    d.add_argument("--depth", type=int, default=1, metavar="N", help="hops around --focus (default 1)")
    d.add_argument("--only-findings", action="store_true", help="draw only the accounts named by findings")
    d.add_argument("--ruleset", metavar="NAME|FILE")
    d.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE")
    d.add_argument("--select", action="append", metavar="IDS")
    d.add_argument("--ignore", action="append", metavar="IDS")
    d.add_argument("--as-of", metavar="DATE")
    d.add_argument("--rules-as-of", metavar="DATE")
    d.add_argument("--suppressions", metavar="FILE", help="findings baseline: suppressed findings are not drawn")

    r = sub.add_parser("rules", help="list the rule catalogue or explain one rule")
    r.add_argument("rule", nargs="?", metavar="ID", help="a rule ID or name to explain")
    r.add_argument("--format", "-f", choices=("text", "json"), default="text")
    r.add_argument("--lang", choices=("en", "zh"), default="en")
    r.add_argument("--ruleset", metavar="NAME|FILE", help="show parameter values and sources from this ruleset")
    r.add_argument("--rules-as-of", metavar="DATE", help="with the values in force on DATE")

    rs = sub.add_parser("ruleset", help="list the built-in rulesets or show where a ruleset's numbers come from")
    rs_sub = rs.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser)
    rs_sub.required = True
    rs_sub.add_parser("list", help="the built-in rulesets")
    show = rs_sub.add_parser("show", help="every parameter: value, source, confidence, history")
    show.add_argument("name", metavar="NAME|FILE")
    show.add_argument("--format", "-f", choices=("text", "json", "markdown"), default="text")
    show.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE")
    show.add_argument("--rules-as-of", metavar="DATE", help="also the values in force on DATE")

    h = sub.add_parser("headroom", help="what each account may still link: used / limit / free, tightest first")
    h.add_argument("path", metavar="PATH")
    h.add_argument("--format", "-f", choices=("text", "json", "markdown"), default="text")
    h.add_argument("--account", metavar="ID", help="only this account")
    _ruleset_options(h)
    h.add_argument("-o", "--output", metavar="FILE", help="write here (atomically) instead of stdout")

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
    pl.add_argument("-o", "--output", metavar="FILE", help="write the report here (atomically)")

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


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
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
        print(f"wxtopo: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:  # `wxtopo rules | head`
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        return 130


# -- validate -------------------------------------------------------------------------------
def _validate(args: argparse.Namespace) -> int:
    from .engine import Report, validate
    from .formats import render
    from .loader import read_source
    from .model import parse
    from .ruleset import load_ruleset

    if args.paths.count("-") > 1:
        raise UsageError("standard input ('-') can be read only once")
    inputs = args.paths + [p for p in (args.baseline, args.suppressions) if p]
    if args.output:
        _refuse_overwriting_inputs(args.output, inputs)
    if args.write_suppressions:
        # the baseline may be refreshed in place, so --suppressions is not an input here
        _refuse_overwriting_inputs(args.write_suppressions, args.paths + ([args.baseline] if args.baseline else []))
        if args.output:
            _refuse_overwriting_inputs(args.output, [args.write_suppressions])
    ruleset = load_ruleset(args.ruleset, args.overrides)
    from .suppressions import load_suppressions

    suppressions = load_suppressions(args.suppressions) if args.suppressions else None
    baseline = None
    if args.baseline:
        try:
            baseline = parse(read_source(args.baseline))
        except DocumentError as exc:
            raise UsageError(f"baseline {args.baseline} cannot be read:\n{exc}") from None
    from .rules import resolve_selectors

    for tokens in (args.select, args.ignore):  # fail on a bad selector before reading anything
        if tokens:
            resolve_selectors(tokens)

    reports = []
    for path in args.paths:
        try:
            eco = parse(read_source(path))
        except DocumentError as exc:
            reports.append(Report.from_error(exc, path))
            continue
        reports.append(validate(eco, ruleset, baseline=baseline, as_of=args.as_of, select=args.select,
                                ignore=args.ignore, lang=args.lang, document=path, rules_as_of=args.rules_as_of,
                                suppressions=None if args.write_suppressions else suppressions))
    if args.write_suppressions:
        reports = _write_suppressions(args.write_suppressions, reports, suppressions)
    color = args.color == "always" or (
        args.color == "auto" and not args.output and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    )
    text = render(reports, args.format, color=color, lang=args.lang)
    _emit(text, args.output)
    if args.format == "github" and os.environ.get("GITHUB_STEP_SUMMARY"):
        _append_step_summary(os.environ["GITHUB_STEP_SUMMARY"], render(reports, "markdown", lang=args.lang))
    return max(r.exit_code(args.fail_on) for r in reports)


def _write_suppressions(path: str, reports: list[Report], old: Suppressions | None) -> list[Report]:
    """Record every finding (per document when there are several), then suppress them.

    Nothing is written when a document could not be read: an old baseline is worth more
    than one that silently lost a document's entries.
    """
    from .engine import apply_suppressions
    from .suppressions import Suppressions

    unread = [r.document for r in reports if r.errors]
    if unread:
        print(f"wxtopo: {path} not written: {', '.join(map(str, unread))} could not be read", file=sys.stderr)
        return reports
    scoped = len(reports) > 1
    new = Suppressions.merge(Suppressions.from_findings(r.findings, r.document if scoped else None, reasons=old)
                             for r in reports)
    write_atomic(path, new.dumps())
    print(f"wxtopo: wrote {len(new)} suppression(s) to {path}", file=sys.stderr)
    return [apply_suppressions(r, new) for r in reports]


def _append_step_summary(path: str, markdown: str) -> None:
    """Append the Markdown report to the job summary; a failure warns and never changes the exit code."""
    try:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(markdown)
    except OSError as exc:
        print(f"wxtopo: warning: cannot append to GITHUB_STEP_SUMMARY {path}: {exc.strerror or exc}", file=sys.stderr)


# -- render ---------------------------------------------------------------------------------
def _render(args: argparse.Namespace) -> int:
    from .diagrams import FORMATS
    from .engine import validate
    from .loader import read_source
    from .model import parse

    if args.no_findings and args.only_findings:
        raise UsageError("--only-findings draws the accounts named by findings: drop --no-findings")
    fmt = args.format or os.path.splitext(args.output)[1].lstrip(".").lower()
    if fmt not in FORMATS:
        raise UsageError(f"cannot tell the format from {args.output!r}; give --format {'|'.join(FORMATS)}")
    _refuse_overwriting_inputs(args.output, [p for p in (args.path, args.suppressions) if p])
    from .suppressions import load_suppressions

    suppressions = load_suppressions(args.suppressions) if args.suppressions else None
    try:
        eco = parse(read_source(args.path))
    except DocumentError as exc:
        print(exc, file=sys.stderr)
        return EXIT_ERROR
    from .diagrams import render

    report = None if args.no_findings else validate(
        eco, args.ruleset, overrides=args.overrides, as_of=args.as_of, select=args.select, ignore=args.ignore,
        lang=args.lang, document=args.path, rules_as_of=args.rules_as_of, suppressions=suppressions)
    data = render(eco, report, format=fmt, layout=args.layout, lang=args.lang, focus=args.focus,
                  depth=args.depth, only_findings=args.only_findings)
    write_atomic(args.output, data)
    return EXIT_OK


# -- rules ----------------------------------------------------------------------------------
def _rules(args: argparse.Namespace) -> int:
    from . import catalogue

    ruleset = None
    if args.ruleset or args.rules_as_of:  # the default listing stays light: no pydantic
        from .ruleset import load_ruleset

        ruleset = load_ruleset(args.ruleset, as_of=args.rules_as_of)
    if args.rule:
        rule = catalogue.get_rule(args.rule)
        if rule is None:
            raise UsageError(f"unknown rule {args.rule!r}; `wxtopo rules` lists them")
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
        for name in builtin_names():
            rs = load_ruleset(name)
            _emit(f"{name:<14} {rs.description or ''}\n")
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
def _emit(text: str, output: str | None = None) -> None:
    if output:
        write_atomic(output, text)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


def write_atomic(path: str | os.PathLike, text: str | bytes) -> None:
    """Write through a temp file in the same folder and rename: readers see old or new, never half."""
    import tempfile
    from pathlib import Path

    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        data = text.encode("utf-8") if isinstance(text, str) else text
        # mkstemp makes the file 0600; give it the mode a plain open() would (or the old file's).
        try:
            mode = os.stat(target).st_mode & 0o7777
        except OSError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
        raise


def _refuse_overwriting_inputs(output: str, inputs: list[str]) -> None:
    from pathlib import Path

    out = Path(output).resolve()
    for p in inputs:
        if p != "-" and Path(p).resolve() == out:
            raise UsageError(f"-o {output} would overwrite the input {p}")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
