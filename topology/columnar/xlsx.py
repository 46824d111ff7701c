"""Reading a workbook (``.xlsx``) as a table set: one sheet per table, the first row its headers.

Each sheet is read with openpyxl (read-only, cached values of formulas) and written as the CSV
table of a temporary table set, which the table-set reader (:mod:`.tables`, :mod:`.checks`) then
reads like any other: a workbook is checked by exactly the same checks as a folder of CSVs. Its
problems are then put back where the user looks: ``accounts.xlsx [accounts] row 5 column 账号类型``
(the sheet's own row number, the header as written). Headers and sheet names may be Chinese
(:mod:`.headers`). An unknown sheet is refused rather than skipped (a typo in a sheet's name
would otherwise drop its rows without a word), unless it is blank.
"""

from __future__ import annotations

import tempfile
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from ..errors import DocumentError, Problem
from . import headers as H
from . import layout as L

SUFFIXES: tuple[str, ...] = (".xlsx", ".xlsm")
#: the workbook sheet of the document-level fields (``name``, ``as_of``): one data row
DOCUMENT_SHEET = "ecosystem"


def is_workbook(path: str | Path) -> bool:
    """Whether ``path`` names a workbook this module reads (by its suffix)."""
    return Path(path).suffix.lower() in SUFFIXES


class _Sheet:
    """One sheet as read: its name, the table it holds, the headers as written (by field) and the
    rows to write (each with its row number in the sheet)."""

    def __init__(self, title: str, table: str):
        self.title, self.table = title, table
        self.fields: list[str] = []
        self.written: dict[str, str] = {}  # field → header as written
        self.rows: list[tuple[int, list[Any]]] = []
        self.keep: list[int] = []  # which of the sheet's columns are written


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _read_sheet(ws: Any, title: str, table: str, where: str) -> tuple[_Sheet, list[Problem]]:
    sheet = _Sheet(title, table)
    problems: list[Problem] = []
    rows = ws.iter_rows(values_only=True)
    head = next(rows, None) or ()
    body = [(n, list(values)) for n, values in enumerate(rows, start=2) if any(_filled(v) for v in values)]
    width = max([len(head)] + [len(v) for _, v in body])
    for i in range(width):
        header = head[i] if i < len(head) else None
        if not _filled(header):
            if not any(i < len(v) and _filled(v[i]) for _, v in body):
                continue  # an unused column
            header = f"({_letter(i)})"
        written = str(header).strip()
        field = H.canonical(table, written)
        if field in sheet.written:
            problems.append(Problem.of(f"/{table}", "duplicate_column", {"column": written}).at(where, 1, written))
            continue
        sheet.fields.append(field)
        sheet.written[field] = written
        sheet.keep.append(i)
    sheet.rows = [(n, [v[i] if i < len(v) else None for i in sheet.keep]) for n, v in body]
    return sheet, problems


def _filled(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _cell(value: Any) -> str:
    """A cell as CSV text: empty unquoted (absent), text always quoted (so ``""`` stays the empty text)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, datetime):
        value = value.date().isoformat() if value.time() == time(0) else value.isoformat()
    elif isinstance(value, (date, time)):
        value = value.isoformat()
    text = str(value)
    return text if isinstance(value, int) else '"' + text.replace('"', '""') + '"'


def _document_value(field: str, value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, datetime) and field == "as_of" and value.time() == time(0):
        return value.date().isoformat()
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    return value


def _write(sheet: _Sheet, root: Path) -> None:
    if sheet.table == DOCUMENT_SHEET:
        import orjson

        values = sheet.rows[0][1] if sheet.rows else [None] * len(sheet.fields)
        doc = {"schema_version": 1}
        doc.update({f: _document_value(f, v) for f, v in zip(sheet.fields, values) if v is not None})
        (root / "ecosystem.json").write_bytes(orjson.dumps(doc))
        return
    lines = [",".join('"' + f.replace('"', '""') + '"' for f in sheet.fields)] if sheet.fields else []
    lines += [",".join(_cell(v) for v in values) for _, values in sheet.rows]
    (root / f"{sheet.table}.csv").write_text("\n".join(lines) + ("\n" if lines else ""), encoding="utf-8")


def _open(path: Path, name: str) -> Any:
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        return load_workbook(path, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, InvalidFileException, KeyError, ValueError) as exc:
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DocumentError([Problem.of("", "bad_workbook", {"detail": detail}).at(name)], name) from None


def read_workbook(path: str | Path, name: str | None = None) -> tuple[dict[str, _Sheet], list[Problem]]:
    """The workbook's sheets by table, and the problems of their names and headers."""
    path = Path(path)
    name = name or str(path)
    book = _open(path, name)
    sheets: dict[str, _Sheet] = {}
    problems: list[Problem] = []
    try:
        for ws in book.worksheets:
            title = ws.title
            table = H.sheet_table(title)
            where = _where(name, title)
            if table is None:  # refused, unless blank (Excel's own "Sheet1" of a new workbook)
                if any(_filled(v) for row in ws.iter_rows(values_only=True) for v in row):
                    problems.append(Problem.of("", "unknown_sheet", {"sheet": title}).at(where))
                continue
            if table in sheets:
                problems.append(Problem.of(f"/{table}", "duplicate_sheet",
                                           {"sheet": title, "other": sheets[table].title}).at(where))
                continue
            sheet, found = _read_sheet(ws, title, table, where)
            sheets[table] = sheet
            problems += found
    finally:
        book.close()
    for table in L.REQUIRED:
        if table not in sheets:
            problems.append(Problem.of(f"/{table}", "missing_sheet", {"table": table,
                                                                       "zh": H.sheet_for(table, "zh")}).at(name))
    return sheets, problems


def _where(name: str, sheet: str) -> str:
    return f"{name} [{sheet}]"


def workbook_data(path: str | Path, name: str | None = None) -> dict[str, Any]:
    """The document (as JSON values) a workbook holds; DocumentError naming sheet, row and column."""
    from .convert import table_set_data

    name = name or str(path)
    sheets, problems = read_workbook(path, name)
    if problems:
        raise DocumentError(problems, name)
    with tempfile.TemporaryDirectory(prefix="wxtopo-xlsx-") as tmp:
        root = Path(tmp)
        for sheet in sheets.values():
            _write(sheet, root)
        try:
            return table_set_data(root)
        except DocumentError as exc:
            raise DocumentError([_placed(p, sheets, name) for p in exc.problems], name) from None


def _placed(p: Problem, sheets: dict[str, _Sheet], name: str) -> Problem:
    """A problem of the temporary table set, placed in the workbook: sheet, sheet row, header as written."""
    if p.file is None:  # the document sheet (read as ecosystem.json): its one data row
        sheet = sheets.get(DOCUMENT_SHEET)
        field = p.pointer.strip("/").split("/")[0]
        out = Problem(p.pointer, p.message, None, None, p.key, p.args)
        if sheet is None:
            return out.at(name)
        return out.at(_where(name, sheet.title), 2 if sheet.rows else None, sheet.written.get(field, field) or None)
    table = Path(p.file).stem
    sheet = sheets.get(table)
    if sheet is None:
        return p.at(name, p.row, p.field)
    row = sheet.rows[p.row - 1][0] if p.row is not None and 0 < p.row <= len(sheet.rows) else p.row
    return p.at(_where(name, sheet.title), row, sheet.written.get(p.field, p.field) if p.field else None)


def workbook_bytes(path: str | Path, name: str | None = None) -> bytes:
    """The JSON document of a workbook, as ``wxtopo convert`` writes it for a table set."""
    import orjson

    return orjson.dumps(workbook_data(path, name), option=orjson.OPT_INDENT_2) + b"\n"
