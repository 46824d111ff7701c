"""The planner commands (``headroom``, ``repair``, ``diff``, ``plan``): arguments in, exit code out.

Each reads its documents as ``validate`` does (a document error: exit 2, with JSON when
``--format json``), takes the same ruleset options, and writes through
:class:`topology.outputs.Outputs` (no input overwritten; all outputs or none).
"""

from __future__ import annotations

import argparse

from .cli_support import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, error_text, input_file, print_error, read_document
from .errors import UsageError

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from .engine import Report
    from .outputs import Outputs


def ruleset_kwargs(args: argparse.Namespace) -> dict:
    """``ruleset``, ``overrides``, ``as_of``, ``rules_as_of`` for the library calls."""
    return {"ruleset": args.ruleset, "overrides": args.overrides or None, "as_of": args.as_of,
            "rules_as_of": args.rules_as_of}


def _outputs(args: argparse.Namespace, *paths: str | None) -> Outputs:
    from .outputs import Outputs

    out = Outputs()
    out.read(*paths, input_file(args.ruleset))
    return out


def _failed(reports: list[Report], fmt: str, out: Outputs, output: str | None = None, lang: str = "en") -> int:
    """Report unreadable documents (in ``lang``): a JSON array/object under ``--format json`` (into
    ``output`` when the report goes to a file), else their problems on standard error. Exit 2."""
    from .formats import render

    if fmt == "json":
        out.write(output, render(reports, "json", lang=lang))
        out.commit()
    else:
        for r in reports:
            print_error(error_text(r, lang))
    return EXIT_ERROR


def headroom(args: argparse.Namespace) -> int:
    """``wxtopo headroom``: 0, or 2 on a document or usage error."""
    from .engine import Report
    from .formats.headroom import render
    from .planner.headroom import headroom as compute

    out = _outputs(args, args.path)
    out.claim_report(args.output)
    eco = read_document(args.path)
    if isinstance(eco, Report):
        return _failed([eco], args.format, out, args.output, args.lang)
    report = compute(eco, **ruleset_kwargs(args), account=args.account)
    out.write(args.output, render(report, args.format, args.lang))
    out.commit()
    return EXIT_OK


def repair(args: argparse.Namespace) -> int:
    """``wxtopo repair``: 0 when the caps can be met (whether or not anything is dropped), 1 when
    pinned links alone exceed a cap (nothing written), 2 on a document or usage error."""
    from .engine import Report
    from .formats.repair import render
    from .planner.repair import repair as compute
    from .sanitize import display_path, escape
    from .vocab import plural

    out = _outputs(args, args.path)
    out.claim("-", "the report")
    out.claim(args.output, "-o")
    eco = read_document(args.path)
    if isinstance(eco, Report):
        return _failed([eco], args.format, out, lang=args.lang)
    result = compute(eco, **ruleset_kwargs(args))
    if result.feasible and args.output:
        yaml_out = args.output.lower().endswith((".yaml", ".yml"))
        # a document, not a report: written as it is (its own format escapes what must be)
        out.write(args.output, result.repaired_text(format="yaml" if yaml_out else "json").encode("utf-8"))
        out.note(f"wxtopo: wrote {escape(display_path(args.output))} ({plural(len(result.dropped_indexes()), 'link record')} dropped)")
    elif args.output:
        print_error(f"wxtopo: {escape(display_path(args.output))} not written: the pinned links alone exceed a cap")
    out.write(None, render(result, args.format, args.lang))
    out.commit()
    return EXIT_OK if result.feasible else EXIT_FINDINGS


def diff(args: argparse.Namespace) -> int:
    """``wxtopo diff OLD NEW``: the report on stdout, the drawing (if ``-o``) written atomically.

    Exit 1 when NEW introduces or worsens an error-severity finding (as ``plan`` judges a step),
    else 0; 2 when a document cannot be read (every unreadable one is reported: a JSON array when
    both are) or on a usage error.
    """
    import os

    from .engine import Report
    from .formats.diff import render
    from .planner.diff import diff as compare
    from .ruleset import load_ruleset
    from .sanitize import escape

    out = _outputs(args, args.old, args.new)
    out.claim("-", "the report")
    out.claim(args.output, "-o")
    drawing = None
    if args.output:
        from .diagrams import FORMATS

        drawing = os.path.splitext(args.output)[1].lstrip(".").lower()
        if drawing not in FORMATS:
            raise UsageError(f"cannot tell the diagram format from {escape(args.output)!r}; "
                             f"end it in .{', .'.join(FORMATS)}")
    ruleset = load_ruleset(args.ruleset, args.overrides or None)  # a bad ruleset fails before any reading

    ecos = [read_document(args.old), read_document(args.new)]
    unreadable = [e for e in ecos if isinstance(e, Report)]
    if unreadable:
        return _failed(unreadable, args.format, out, lang=args.lang)
    result = compare(ecos[0], ecos[1], ruleset, as_of=args.as_of, rules_as_of=args.rules_as_of, lang=args.lang)
    # draw before printing: a drawing that cannot be made (too large, no Graphviz) prints nothing
    if drawing:
        from .diagrams.diff import render_diff

        out.write(args.output, render_diff(result, format=drawing))
    out.write(None, render(result, args.format))
    out.commit()
    return result.exit_code()


def plan(args: argparse.Namespace) -> int:
    """``wxtopo plan``: 0 no step breaks (with ``--reorder``: an order was found and no step of it
    breaks), 1 a step breaks (or no order was found), 2 a document, changes-file or usage error.

    A changes file that cannot be read, or a change that cannot be applied, is reported like a
    document error: JSON with ``--format json`` (into ``-o`` when given), else text on standard error.
    """
    from .engine import Report
    from .formats.plan import render
    from .jsonfmt import dumps
    from .planner.plan import ChangesError, error_dict, load_changes
    from .planner.plan import plan as compute

    out = _outputs(args, args.path, args.changes)
    out.claim_report(args.output)
    eco = read_document(args.path)
    if isinstance(eco, Report):
        return _failed([eco], args.format, out, args.output, args.lang)
    try:
        changes = load_changes(args.changes)
        result = compute(eco, changes, **ruleset_kwargs(args), reorder=args.reorder, lang=args.lang,
                         document=eco.source.name)
    except ChangesError as exc:
        if args.format == "json":
            out.write(args.output, dumps(error_dict(exc, eco.source.name, args.lang)))
            out.commit()
        else:
            print_error(exc.text(args.lang))
        return EXIT_ERROR
    out.write(args.output, render(result, args.format, args.lang))
    out.commit()
    return result.exit_code()
