"""``wxtopo init``: a starter document, so that a newcomer does not begin from a blank file.

From ``--subject NAME`` and ``--kind KIND`` (asked for when missing, only if standard input is a
terminal: a script or CI gets exit 2 rather than a hang), it writes one subject and one account
of that subject (a personal account for an individual, a subscription account otherwise), no
links, and ``"$schema"`` naming ``ecosystem.schema.json`` beside it, which it writes too when
absent (the schema ``wxtopo schema`` prints), so that an editor completes and checks the file.
The starter is read back by :func:`topology.load` before anything is written, and validates
with exit 0. An existing file is never overwritten (exit 2).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from .cli_support import EXIT_ERROR, EXIT_OK, print_error
from .errors import UsageError
from .vocab import SUBJECT_KINDS, fill, join, phrase

DEFAULT_OUTPUT = "ecosystem.wxtopo.json"
SCHEMA_FILE = "ecosystem.schema.json"
DEFAULT_KIND = "enterprise"


def slug(name: str, fallback: str = "subject") -> str:
    """An id made of a name: lower-case ASCII words joined by ``-`` (``Bloom Baby Co.`` → ``bloom-baby-co``);
    ``fallback`` when the name has none (a Chinese name): ids are for machines, names for people.

    >>> slug("Bloom Baby Co., Ltd."), slug("李娜")
    ('bloom-baby-co-ltd', 'subject')
    """
    words = re.findall(r"[a-z0-9]+", name.lower())
    return "-".join(words)[:48].strip("-") or fallback


def starter(subject: str, kind: str, name: str | None = None, schema_ref: str = SCHEMA_FILE) -> dict:
    """The starter document (JSON values): one subject, one account of it, no links."""
    sid = slug(subject)
    if kind == "individual":
        account = {"id": f"{sid}-personal", "type": "personal", "subject": sid, "name": subject,
                   "real_name_verified": True, "phone_bound": True}
    else:
        account = {"id": f"{sid}-subscription", "type": "subscription", "subject": sid, "name": subject}
    return {"$schema": schema_ref, "schema_version": 1, "name": name or subject,
            "subjects": [{"id": sid, "kind": kind, "name": subject}], "accounts": [account], "links": []}


def document_text(doc: dict) -> str:
    """The document as the samples are written: a field a line, a record a line."""
    import json

    def dump(value: object) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = []
    for key, value in doc.items():
        if isinstance(value, list) and value:
            records = ",\n".join(f"    {dump(r)}" for r in value)
            lines.append(f"  {dump(key)}: [\n{records}\n  ]")
        else:
            lines.append(f"  {dump(key)}: {dump(value)}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


def _ask(prompt: str) -> str:
    try:
        return input(prompt).strip()
    except EOFError:
        raise UsageError.of("init_needs", {}) from None


def _answers(args: argparse.Namespace) -> tuple[str, str]:
    """(subject, kind) from the flags, asking for what is missing when a person is at the terminal."""
    subject, kind = args.subject, args.kind
    if (subject is None or kind is None) and not (sys.stdin is not None and sys.stdin.isatty()):
        raise UsageError.of("init_needs", {})
    while not subject or not subject.strip():
        subject = _ask(phrase("init", "ask_subject", args.lang))
    while kind is None:
        given = _ask(fill(phrase("init", "ask_kind", args.lang),
                          {"kinds": join(SUBJECT_KINDS, args.lang), "default": DEFAULT_KIND}, args.lang))
        if not given:
            kind = DEFAULT_KIND
        elif given in SUBJECT_KINDS:
            kind = given
        else:
            print_error(UsageError.of("init_bad_kind", {"given": repr(given), "kinds": join(SUBJECT_KINDS)})
                        .text(args.lang))
    return subject.strip(), kind


def init(args: argparse.Namespace) -> int:
    """Write the starter (and its schema, when absent); exit 2, writing nothing, if the file exists."""
    from .document import load
    from .errors import DocumentError
    from .sanitize import escape

    out = Path(args.output)
    if os.path.lexists(out):
        raise UsageError.of("init_exists", {"path": escape(str(out))})
    if not out.parent.is_dir():
        raise UsageError(f"{escape(str(out))}: no such directory {escape(str(out.parent))}")
    subject, kind = _answers(args)
    doc = starter(subject, kind, args.name)
    try:
        load(doc, name=str(out))  # what is written must read back
    except DocumentError as exc:
        print_error(exc.text(args.lang))
        return EXIT_ERROR
    schema = out.parent / SCHEMA_FILE
    data = document_text(doc).encode("utf-8")
    try:
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)  # never over a file made meanwhile
    except FileExistsError:
        raise UsageError.of("init_exists", {"path": escape(str(out))}) from None
    except OSError as exc:
        raise UsageError(f"{escape(str(out))}: {escape(exc.strerror or str(exc))}") from None
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    said = [fill(phrase("init", "wrote", args.lang), {"doc": escape(str(out))}, args.lang)]
    if not os.path.lexists(schema):
        from .schema import schema_text

        schema.write_text(schema_text("ecosystem"), encoding="utf-8")
        said.append(fill(phrase("init", "wrote_schema", args.lang),
                         {"schema": escape(str(schema)), "doc": escape(out.name)}, args.lang))
    said.append(fill(phrase("init", "next", args.lang), {"doc": escape(str(out))}, args.lang))
    print_error("\n".join(said))
    return EXIT_OK
