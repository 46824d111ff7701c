"""Write a document as a workbook in the table-set layout: samples/tables/bloom.xlsx from samples/bloom.json.

    python scripts/make_workbook.py                       # regenerate samples/tables/bloom.xlsx
    python scripts/make_workbook.py DOC.json OUT.xlsx [--lang en|zh]

One sheet per table (subjects, accounts, links, broadcasts, bans; plus ``ecosystem`` for the
name and as-of date), the first row the headers: Chinese sheet names and headers with ``--lang zh``
(the sample's, as an ops team would keep it), the field names with ``en``. Booleans are Excel
booleans, dates Excel dates, lists ``a;b``. The bytes are the same on every run (fixed document
times and zip entry times), so the committed workbook only changes when the document does;
``tests/columnar/test_xlsx.py`` checks it reads back as samples/bloom.json.
"""

from __future__ import annotations

import io
import json
import re
import sys
import zipfile
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from topology.columnar import headers as H  # noqa: E402
from topology.columnar import layout as L  # noqa: E402

FIXED = datetime(2026, 1, 1)


def tables_of(doc: dict) -> dict[str, list[dict]]:
    """The rows of each table of a document (broadcasts and bans carry their account's id)."""
    ids = [a["id"] for a in doc.get("accounts", [])]
    if len(ids) != len(set(ids)):
        raise SystemExit("duplicated account ids need account_row: write a table set with wxtopo convert instead")
    out: dict[str, list[dict]] = {"subjects": list(doc.get("subjects", [])), "links": list(doc.get("links", [])),
                                  "accounts": [], "broadcasts": [], "bans": []}
    for a in doc.get("accounts", []):
        out["accounts"].append({k: v for k, v in a.items() if k not in ("broadcasts", "bans")})
        for nested in ("broadcasts", "bans"):
            out[nested] += [{"account": a["id"], **item} for item in a.get(nested, [])]
    return out


def _value(column: L.Column, value: object) -> object:
    if value is None:
        return None
    if column.kind == "list":
        return L.LIST_SEPARATOR.join(value) if value else "[]"  # type: ignore[arg-type]
    if column.kind == "date":
        return date.fromisoformat(str(value))
    return value


def write_workbook(doc: dict, lang: str = "zh") -> bytes:
    """The workbook's bytes (deterministic)."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    head = {f: doc[f] for f in ("schema_version", "name", "as_of") if f in doc}
    ws = wb.create_sheet(H.sheet_for("ecosystem", lang))
    ws.append([H.header_for("ecosystem", f, lang) for f in head])
    ws.append([date.fromisoformat(v) if f == "as_of" else v for f, v in head.items()])
    tables = tables_of(doc)
    for table in L.TABLES:
        rows = tables[table]
        if not rows and table not in L.REQUIRED:
            continue
        columns = L.columns()[table]
        used = [c for c in columns if any(c in r for r in rows) or columns[c].required]
        ws = wb.create_sheet(H.sheet_for(table, lang))
        ws.append([H.header_for(table, c, lang) for c in used])
        for r in rows:
            ws.append([_value(columns[c], r.get(c)) for c in used])
        for cells in ws.iter_rows(min_row=2):
            for cell in cells:
                if isinstance(cell.value, date):
                    cell.number_format = "yyyy-mm-dd"
    wb.properties.created = wb.properties.modified = FIXED
    raw = io.BytesIO()
    wb.save(raw)
    return _fixed_times(raw.getvalue())


def _fixed_times(data: bytes) -> bytes:
    """The same zip with every entry, and the document's times, dated FIXED (openpyxl stamps the time of writing)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl sets "modified" to now when saving
                body = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + FIXED.isoformat().encode() + b"Z", body)
            dst.writestr(fixed, body)
    return out.getvalue()


def main(argv: list[str]) -> int:
    lang = "zh"
    if "--lang" in argv:
        i = argv.index("--lang")
        lang = argv[i + 1]
        del argv[i:i + 2]
    source, target = (argv + [None, None])[:2] if argv else ("samples/bloom.json", "samples/tables/bloom.xlsx")
    if target is None:
        raise SystemExit("usage: make_workbook.py [DOC.json OUT.xlsx] [--lang en|zh]")
    doc = json.loads((ROOT / source if not Path(source).is_absolute() else Path(source)).read_text(encoding="utf-8"))
    out = Path(target) if Path(target).is_absolute() else ROOT / target
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(write_workbook(doc, lang))
    print(f"wrote {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
