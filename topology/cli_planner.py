"""The planner commands (``headroom``, ``repair``, ``diff``, ``plan``): arguments in, exit code out.

Each reads its documents as ``validate`` does (a document error: exit 2, with JSON when
``--format json``), takes the same ruleset options, and writes outputs atomically.
"""

from __future__ import annotations

import argparse
import sys

from .cli import EXIT_ERROR, _emit, _refuse_overwriting_inputs, write_atomic  # noqa: F401
from .errors import DocumentError

TYPE_CHECKING = False
if TYPE_CHECKING:  # pragma: no cover
    from .model import Ecosystem


def read_document(path: str, fmt: str, output: str | None = None) -> Ecosystem | int:
    """The ecosystem at ``path``, or EXIT_ERROR after reporting the document error: as JSON for
    ``--format json`` (into ``output`` when the report goes to a file, as ``validate`` does),
    else as text on standard error."""
    from .engine import Report
    from .formats import render
    from .loader import read_source
    from .model import parse

    try:
        return parse(read_source(path))
    except DocumentError as exc:
        if fmt == "json":
            _emit(render([Report.from_error(exc, path)], "json"), output)
        else:
            print(exc, file=sys.stderr)
        return EXIT_ERROR


def ruleset_kwargs(args: argparse.Namespace) -> dict:
    """``ruleset``, ``overrides``, ``as_of``, ``rules_as_of`` for the library calls."""
    return {"ruleset": args.ruleset, "overrides": args.overrides or None, "as_of": args.as_of,
            "rules_as_of": args.rules_as_of}


def headroom(args: argparse.Namespace) -> int:
    """``wxtopo headroom``: 0, or 2 on a document or usage error."""
    from .cli import EXIT_OK
    from .planner.headroom import headroom as compute

    if args.output:
        _refuse_overwriting_inputs(args.output, [args.path])
    eco = read_document(args.path, args.format, args.output)
    if isinstance(eco, int):
        return eco
    report = compute(eco, **ruleset_kwargs(args), account=args.account)
    _emit(report.render(args.format, args.lang), args.output)
    return EXIT_OK


def repair(args: argparse.Namespace) -> int:
    """``wxtopo repair``: 0 when the caps can be met (whether or not anything is dropped), 1 when
    pinned links alone exceed a cap (nothing written), 2 on a document or usage error."""
    from .cli import EXIT_FINDINGS, EXIT_OK
    from .planner.repair import repair as compute

    if args.output:
        _refuse_overwriting_inputs(args.output, [args.path])
    eco = read_document(args.path, args.format)
    if isinstance(eco, int):
        return eco
    result = compute(eco, **ruleset_kwargs(args))
    if result.feasible and args.output:
        yaml_out = args.output.lower().endswith((".yaml", ".yml"))
        write_atomic(args.output, result.repaired_text(format="yaml" if yaml_out else "json"))
        print(f"wxtopo: wrote {args.output} ({len(result.dropped_indexes())} link record(s) dropped)", file=sys.stderr)
    elif args.output:
        print(f"wxtopo: {args.output} not written: the pinned links alone exceed a cap", file=sys.stderr)
    _emit(result.render(args.format, args.lang))
    return EXIT_OK if result.feasible else EXIT_FINDINGS


def diff(args: argparse.Namespace) -> int:
    """``wxtopo diff OLD NEW``: the report on stdout, the drawing (if ``-o``) written atomically.

    Exit 1 when NEW introduces an error-severity finding, else 0; 2 when a document cannot be
    read (every unreadable one is reported: a JSON array when both are) or on a usage error.
    """
    import os

    from .engine import Report
    from .errors import UsageError
    from .formats import render
    from .loader import read_source
    from .model import parse
    from .planner.diff import diff as compare
    from .ruleset import load_ruleset

    if args.old == "-" and args.new == "-":
        raise UsageError("standard input ('-') can be read only once")
    drawing = None
    if args.output:
        from .diagrams import FORMATS

        drawing = os.path.splitext(args.output)[1].lstrip(".").lower()
        if drawing not in FORMATS:
            raise UsageError(f"cannot tell the diagram format from {args.output!r}; "
                             f"end it in .{', .'.join(FORMATS)}")
        inputs = [args.old, args.new] + ([args.ruleset] if args.ruleset and os.path.isfile(args.ruleset) else [])
        _refuse_overwriting_inputs(args.output, inputs)
    ruleset = load_ruleset(args.ruleset, args.overrides or None)  # a bad ruleset fails before any reading

    ecos, unreadable = [], []
    for path in (args.old, args.new):
        try:
            ecos.append(parse(read_source(path)))
        except DocumentError as exc:
            unreadable.append(Report.from_error(exc, path))
            if args.format != "json":
                print(exc, file=sys.stderr)
    if unreadable:
        if args.format == "json":
            sys.stdout.write(render(unreadable, "json"))
        return EXIT_ERROR

    result = compare(ecos[0], ecos[1], ruleset, as_of=args.as_of, rules_as_of=args.rules_as_of, lang=args.lang)
    # draw before printing: a drawing that cannot be made (too large, no Graphviz) prints nothing
    data = result.render(drawing) if drawing else None
    _emit({"text": result.to_text, "json": result.to_json, "markdown": result.to_markdown}[args.format]())
    if data is not None:
        write_atomic(args.output, data)
    return result.exit_code()


def plan(args: argparse.Namespace) -> int:
    """``wxtopo plan``: 0 no step breaks (with ``--reorder``: an order was found and no step of it
    breaks), 1 a step breaks (or no order was found), 2 a document, changes-file or usage error.

    A changes file that cannot be read, or a change that cannot be applied, is reported like a
    document error: JSON with ``--format json`` (into ``-o`` when given), else text on standard error.
    """
    from .errors import UsageError
    from .jsonfmt import dumps
    from .planner.plan import ChangesError, error_dict, load_changes, render
    from .planner.plan import plan as compute

    if args.path == "-" and args.changes == "-":
        raise UsageError("standard input ('-') can be read only once: give the document or the changes as a file")
    if args.output:
        _refuse_overwriting_inputs(args.output, [args.path, args.changes])
    eco = read_document(args.path, args.format, args.output)
    if isinstance(eco, int):
        return eco
    try:
        changes = load_changes(args.changes)
        result = compute(eco, changes, **ruleset_kwargs(args), reorder=args.reorder, lang=args.lang,
                         document=args.path)
    except ChangesError as exc:
        if args.format == "json":
            _emit(dumps(error_dict(exc, args.path)), args.output)
        else:
            print(exc, file=sys.stderr)
        return EXIT_ERROR
    _emit(render(result, args.format, args.lang), args.output)
    return result.exit_code()
