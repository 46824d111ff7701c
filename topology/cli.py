"""The ``wxtopo`` command: the parser, and dispatch to :mod:`topology.cli_commands` and
:mod:`topology.cli_planner`.

Exit codes: 0 nothing at or above ``--fail-on``; 1 such findings; 2 a document error, an
unreadable input or a usage error. No traceback, whatever the input: every problem with an
input is printed one way (:func:`topology.errors.problem_line`). Outputs go through
:class:`topology.outputs.Outputs`: no input is ever written, a failed run writes nothing.
Heavy imports (pydantic, NetworkX) happen only in the commands that need them.
"""

from __future__ import annotations

import argparse
import sys

from .cli_support import EXIT_ERROR, EXIT_OK, print_error, usage_error, utf8_streams
from .errors import DocumentError, UsageError
from .formats import FORMATS
from .version import __version__
from .vocab import SUBJECT_KINDS

SCHEMAS = ("ecosystem", "report", "ruleset", "suppressions", "changes", "headroom")


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


def _depth_like(option: str):
    """An argparse type: a whole number, 0 or more, named in its error."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = -1
        if value < 0:
            raise argparse.ArgumentTypeError(f"{option} must be a whole number, 0 or more, got {text!r}")
        return value
    return parse


def _positive(option: str, kind: type):
    """An argparse type: a positive number of ``kind`` (int or float), named in its error."""
    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            value = 0
        if not value > 0 or value != value or value == float("inf"):
            raise argparse.ArgumentTypeError(f"{option} must be a positive {'whole ' if kind is int else ''}number, "
                                             f"got {text!r}")
        return value
    return parse


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
    v.add_argument("--previous", "--baseline", dest="previous", metavar="OLD",
                   help="previous version of the document (enables WX601; --baseline is its old name)")
    v.add_argument("--suppressions", metavar="FILE",
                   help="suppressions file: drop the findings it lists; report entries that match nothing (WX007)")
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
    v.add_argument("--engine", choices=("auto", "memory", "duckdb", "spark"), default="auto",
                   help="auto (default): memory for a document, duckdb for a table set (a directory)")
    v.add_argument("--spark-master", metavar="URL",
                   help="with --engine spark: the cluster to run on (default: local[2])")
    v.add_argument("--memory-limit", metavar="SIZE",
                   help="with --engine duckdb: the memory DuckDB may use before spilling to disk (e.g. 4GB)")
    v.add_argument("--quiet", "-q", action="store_true", help="no progress on standard error")
    _inputs(v)

    d = sub.add_parser("render", help="draw a diagram (Graphviz or Mermaid) with the findings drawn in",
                       description="Draw an ecosystem. dot and mmd need no binary; svg, png and pdf need Graphviz.")
    d.add_argument("path", metavar="PATH")
    d.add_argument("-o", "--output", required=True, metavar="OUT",
                   help="OUT.svg|png|pdf|dot|mmd (written atomically; '-' with --format: stdout)")
    d.add_argument("--format", "-f", choices=("svg", "png", "pdf", "dot", "mmd"),
                   help="default: from OUT's suffix")
    d.add_argument("--layout", choices=("dot", "fdp"), default="dot",
                   help="dot: ranked (default); fdp: force-directed (neato and sfdp were withdrawn)")
    d.add_argument("--lang", choices=("en", "zh"), default="en")
    d.add_argument("--no-findings", action="store_true", help="draw the plain map")
    d.add_argument("--focus", metavar="ID", help="draw only this account's neighbourhood")
    d.add_argument("--subject", metavar="ID", help="draw one subject's accounts and their neighbourhood")
    d.add_argument("--depth", type=_depth, metavar="N", help="hops around --focus or --subject (default 1)")
    d.add_argument("--only-findings", action="store_true", help="draw only the accounts named by findings")
    d.add_argument("--group-by", choices=("subject",), help="one node per subject: its accounts by type, "
                   "links between subjects counted (for ecosystems too big to draw account by account)")
    d.add_argument("--max-accounts", type=_positive("--max-accounts", int), metavar="N",
                   help="refuse to draw more than N accounts, whatever the view (default 1500)")
    d.add_argument("--timeout", type=_positive("--timeout", float), metavar="SECONDS",
                   help="stop Graphviz after SECONDS (default 120) and exit 2")
    d.add_argument("--rankdir", choices=("LR", "TB"), help="rank direction (default: from the picture's shape)")
    d.add_argument("--fan-in", type=_depth_like("--fan-in"), metavar="N",
                   help="draw more than N interchangeable accounts without findings as one node "
                        "(default 12; 0: every account as itself)")
    d.add_argument("--ruleset", metavar="NAME|FILE")
    d.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE")
    d.add_argument("--select", action="append", metavar="IDS")
    d.add_argument("--ignore", action="append", metavar="IDS")
    d.add_argument("--as-of", metavar="DATE")
    d.add_argument("--rules-as-of", metavar="DATE")
    d.add_argument("--suppressions", metavar="FILE", help="suppressions file: the findings it lists are not drawn")
    _inputs(d)

    rep = sub.add_parser("report", help="one self-contained HTML page: findings, rule pages, the diagram",
                         description="Write an HTML report of PATH, or of the diff between OLD and NEW "
                                     "(`report OLD NEW`). The page fetches nothing and works offline.")
    rep.add_argument("paths", nargs="+", metavar="PATH", help="PATH, or OLD NEW for a diff page")
    rep.add_argument("-o", "--output", required=True, metavar="REPORT.html", help="written atomically ('-': stdout)")
    rep.add_argument("--fail-on", choices=("error", "warning", "info", "never"), default="error",
                     help="lowest severity that makes the exit code 1 (default: error)")
    rep.add_argument("--select", action="append", metavar="IDS")
    rep.add_argument("--ignore", action="append", metavar="IDS")
    rep.add_argument("--suppressions", metavar="FILE", help="suppressions file: the findings it lists are left out")
    rep.add_argument("--with-headroom", action="store_true", help="each account's headroom in its panel")
    rep.add_argument("--max-accounts", type=_positive("--max-accounts", int), default=1500, metavar="N",
                     help="above N accounts draw one node per subject (default 1500)")
    rep.add_argument("--no-diagram", action="store_true", help="leave the diagram out (no Graphviz run)")
    rep.add_argument("--timeout", type=_positive("--timeout", float), metavar="SECONDS",
                     help="seconds Graphviz may take for the diagram (default 40); then the page has none")
    _ruleset_options(rep)

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
    show.add_argument("--lang", choices=("en", "zh"), default="en", help="language of the text and Markdown")
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

    cv = sub.add_parser("convert", help="a document as a table set (Parquet, CSV, JSON Lines) or a table set as a document",
                        description="Convert a document (JSON or YAML) to a table set directory, or a table set "
                                    "directory to a JSON document (when SRC is a directory and DST ends in .json). "
                                    "SRC may also be a workbook (.xlsx) with sheets subjects, accounts, links "
                                    "(broadcasts, bans optional; Chinese sheet names and headers accepted).")
    cv.add_argument("source", metavar="SRC")
    cv.add_argument("-o", "--output", required=True, metavar="DST",
                    help="a new (or empty) directory for the table set, or DOC.json ('-': standard output), "
                         "written atomically")
    cv.add_argument("--to", choices=("parquet", "csv", "jsonl"), help="table format (default: parquet)")
    cv.add_argument("--format", "-f", choices=("text", "json"), default="text", help="how problems are reported")
    cv.add_argument("--lang", choices=("en", "zh"), default="en")
    _inputs(cv)

    ini = sub.add_parser("init", help="write a starter document (with \"$schema\") to begin from",
                         description="Write a starter ecosystem document: one subject and one account of it. "
                                     "Asks for --subject and --kind when they are missing and standard input "
                                     "is a terminal. Never overwrites a file.")
    ini.add_argument("--subject", metavar="NAME", help="the subject's name (the company or person)")
    ini.add_argument("--kind", choices=SUBJECT_KINDS, help="the subject's kind (asked for when missing)")
    ini.add_argument("--name", metavar="TEXT", help="the document's name (default: the subject's name)")
    ini.add_argument("-o", "--output", default="ecosystem.wxtopo.json", metavar="FILE",
                     help="the document to write (default: ecosystem.wxtopo.json); "
                          "ecosystem.schema.json is written beside it when absent")
    ini.add_argument("--lang", choices=("en", "zh"), default="en")

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
    utf8_streams()
    args = build_parser().parse_args(argv)
    try:
        if getattr(args, "max_input_size", None):
            from .limits import set_max_input_size

            set_max_input_size(args.max_input_size)
        if args.command == "report":
            from . import cli_report

            return cli_report.report(args)
        if args.command == "init":
            from . import cli_init

            return cli_init.init(args)
        if args.command in ("headroom", "repair", "diff", "plan"):
            from . import cli_planner

            return getattr(cli_planner, args.command)(args)
        from . import cli_commands

        return getattr(cli_commands, args.command)(args)
    except UsageError as exc:
        usage_error(exc, getattr(args, "format", None), getattr(args, "lang", "en"))
        return EXIT_ERROR
    except DocumentError as exc:  # an input the command reads whole (a previous document)
        print_error(exc.text(getattr(args, "lang", "en")))
        return EXIT_ERROR
    except BrokenPipeError:  # `wxtopo rules | head`
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
    finally:
        from .limits import DEFAULT_MAX_INPUT_SIZE, set_max_input_size

        set_max_input_size(DEFAULT_MAX_INPUT_SIZE)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
