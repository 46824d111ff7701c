"""``wxtopo report PATH -o report.html`` and ``wxtopo report OLD NEW -o diff.html``: arguments in,
exit code out.

Exit codes as ``validate``: 0 written and nothing at or above ``--fail-on`` (a diff page: no
error finding introduced or worsened, as ``diff`` judges); 1 written, and such findings; 2 a
document or usage error, and nothing written (the problems on standard error, as ``render``).
The page is computed in both languages (its language switch needs both texts).
"""

from __future__ import annotations

import argparse

from .cli_support import EXIT_ERROR, EXIT_OK, error_text, input_file, print_error, read_document
from .errors import UsageError

LANGS = ("en", "zh")
#: seconds Graphviz may take for the page's diagram: a report of 3·10^4 links is due within 60 s,
#: and a page without its diagram is better than no page
DIAGRAM_TIMEOUT = 40.0


def report(args: argparse.Namespace) -> int:
    if len(args.paths) > 2:
        raise UsageError(f"report takes PATH, or OLD NEW for a diff page; got {len(args.paths)} paths")
    if args.max_accounts < 1:
        raise UsageError(f"--max-accounts must be a whole number of accounts, 1 or more, got {args.max_accounts}")
    if len(args.paths) == 2:
        return _diff_page(args)
    return _report_page(args)


def _report_page(args: argparse.Namespace) -> int:
    from .formats.html import render_report, reports_in_both
    from .outputs import Outputs
    from .rules import resolve_selectors
    from .ruleset import load_ruleset
    from .suppressions import load_suppressions

    path = args.paths[0]
    out = Outputs()
    out.read(path, args.suppressions, input_file(args.ruleset))
    out.claim(args.output, "-o")
    for tokens in (args.select, args.ignore):  # a bad selector fails before anything is read
        if tokens:
            resolve_selectors(tokens)
    ruleset = load_ruleset(args.ruleset, args.overrides)
    suppressions = load_suppressions(args.suppressions) if args.suppressions else None
    eco = read_document(path)
    from .engine import Report

    if isinstance(eco, Report):
        print_error(error_text(eco, args.lang))
        return EXIT_ERROR
    reports = reports_in_both(eco, ruleset=ruleset, as_of=args.as_of, rules_as_of=args.rules_as_of,
                              select=args.select, ignore=args.ignore, suppressions=suppressions,
                              document=eco.source.name)
    room = None
    if args.with_headroom:
        from .planner.headroom import headroom

        room = headroom(eco, ruleset, as_of=args.as_of, rules_as_of=args.rules_as_of)
    page = render_report(eco, reports, lang=args.lang, fail_on=args.fail_on, headroom=room,
                         max_accounts=args.max_accounts, diagram=not args.no_diagram, timeout=args.timeout or DIAGRAM_TIMEOUT)
    out.write(args.output, page)
    out.commit()
    return EXIT_OK if args.fail_on == "never" else reports[args.lang].exit_code(args.fail_on)


def _diff_page(args: argparse.Namespace) -> int:
    from .engine import Report
    from .formats.html import render_diff
    from .outputs import Outputs
    from .planner.diff import diff
    from .ruleset import load_ruleset

    for option, given in (("--select", args.select), ("--ignore", args.ignore), ("--suppressions", args.suppressions),
                          ("--with-headroom", args.with_headroom)):
        if given:
            raise UsageError(f"{option} applies to the report of one document, not to `report OLD NEW`")
    old, new = args.paths
    out = Outputs()
    out.read(old, new, input_file(args.ruleset))
    out.claim(args.output, "-o")
    ruleset = load_ruleset(args.ruleset, args.overrides or None)
    ecos = [read_document(old), read_document(new)]
    unreadable = [e for e in ecos if isinstance(e, Report)]
    if unreadable:
        for r in unreadable:
            print_error(error_text(r, args.lang))
        return EXIT_ERROR
    results = {lang: diff(ecos[0], ecos[1], ruleset, as_of=args.as_of, rules_as_of=args.rules_as_of, lang=lang)
               for lang in LANGS}
    other = results["zh" if args.lang == "en" else "en"]
    out.write(args.output, render_diff(results[args.lang], other=other, diagram=not args.no_diagram))
    out.commit()
    return results[args.lang].exit_code()
