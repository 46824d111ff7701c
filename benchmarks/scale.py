"""How the engines scale: time and peak memory from 10^4 to 10^7 links (issue 12's targets).

    .venv/bin/python benchmarks/scale.py                       # 1e4,1e5,1e6 (a few minutes)
    .venv/bin/python benchmarks/scale.py --sizes 1e7 --keep /tmp/scale   # the platform target

For each size it generates a table set with DuckDB itself (never a Python object per row):
officials = mini-programs = links / 20, subjects = links / 100, mini_program links from each
official mostly to its own subject's mini-programs, a few pending, rejected or unlinked, plus one
admin per official. Then, each as a separate process under ``/usr/bin/time`` (wall, peak RSS):

- the floor: DuckDB counting the links per mini-program on the same Parquet files (one scan,
  one group-by), the baseline every other figure is a ratio to;
- ``wxtopo validate DIR --engine duckdb --format jsonl`` (the whole catalogue);
- ``--engine memory`` on the same ecosystem as a JSON document (up to 10^6 links), against a
  plain ``json.load`` of that file;
- ``--engine spark`` where ``--spark`` is given (local mode; up to 10^6 links);
- with ``--stages``, where the DuckDB run's time goes: each staging step and each rule's query,
  wall and CPU seconds, in one process.

Figures vary between runs on a shared machine: read the ratios, measured in the same run.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PY = sys.executable


def generate(root: Path, links: int, fmt: str = "parquet") -> None:
    """Write a table set of ``links`` links under ``root`` with DuckDB."""
    import duckdb

    root.mkdir(parents=True, exist_ok=True)
    officials = max(links // 20, 2)
    minis = max(links // 20, 2)
    subjects = max(links // 100, 1)
    con = duckdb.connect()
    con.execute("SET preserve_insertion_order = true")
    opts = "(FORMAT parquet, COMPRESSION zstd)" if fmt == "parquet" else "(FORMAT csv, HEADER)"
    suffix = ".parquet" if fmt == "parquet" else ".csv"
    con.execute(f"""COPY (SELECT 's' || i AS id, CASE WHEN i % 10 = 0 THEN 'individual' ELSE 'enterprise' END AS kind
                         FROM range({subjects}) t(i) ORDER BY i) TO '{root / ('subjects' + suffix)}' {opts}""")
    con.execute(f"""COPY (
        SELECT id, type, subject FROM (
            SELECT 0 AS part, i, 'o' || i AS id, CASE WHEN i % 3 = 0 THEN 'service' ELSE 'subscription' END AS type,
                   's' || (i % {subjects}) AS subject FROM range({officials}) t(i)
            UNION ALL
            SELECT 1, i, 'm' || i, 'mini_program', 's' || (i % {subjects}) FROM range({minis}) t(i)
            UNION ALL
            SELECT 2, i, 'p' || i, 'personal', NULL FROM range({officials // 10 + 1}) t(i))
        ORDER BY part, i) TO '{root / ('accounts' + suffix)}' {opts}""")
    # Each official links the mini-programs of its own subject (up to 5, live) and 3 of
    # neighbouring subjects (live); its other records are history: rejected invitations and
    # removed links (a nightly export keeps them). One official in 100 kept its history live,
    # so WX103 has something to find. Every official and mini-program has an admin.
    per_subject = max(minis // subjects, 1)
    mini_links = max(links - officials - minis, 0)
    con.execute(f"""COPY (
        SELECT kind, source, target, status, linked_on, unlinked_on FROM (
            SELECT 0 AS part, k, 'mini_program' AS kind, 'o' || o AS source,
                   'm' || CASE WHEN j < {per_subject} THEN (o % {subjects}) + {subjects} * j
                               ELSE ((o % {subjects}) + j * 7 + 1) % {subjects} + {subjects} * (hash(o) % {per_subject})
                          END % {minis} AS target,
                   CASE WHEN j >= {per_subject} + 3 AND hash(o) % 100 <> 0 AND j % 2 = 0 THEN 'rejected'
                        WHEN j = 1 AND hash(o) % 50 = 1 THEN 'pending' END AS status,
                   DATE '2020-01-01' + CAST(hash(k) % 2000 AS INTEGER) AS linked_on,
                   CASE WHEN j >= {per_subject} + 3 AND hash(o) % 100 <> 0 AND j % 2 = 1
                        THEN DATE '2026-06-01' END AS unlinked_on
            FROM (SELECT k, k % {officials} AS o, k // {officials} AS j FROM range({mini_links}) t(k))
            UNION ALL
            SELECT 1, i, 'admin', 'p' || (i % {officials // 10 + 1}), 'o' || i, NULL, NULL, NULL
            FROM range({officials}) t(i)
            UNION ALL
            SELECT 2, i, 'admin', 'p' || (i % {officials // 10 + 1}), 'm' || i, NULL, NULL, NULL
            FROM range({minis}) t(i))
        ORDER BY part, k) TO '{root / ('links' + suffix)}' {opts}""")
    (root / "ecosystem.json").write_text('{"schema_version": 1, "name": "scale", "as_of": "2026-11-25"}\n')
    con.close()


def timed(cmd: list[str], stdout: str = os.devnull) -> tuple[float, float, int]:
    """(wall seconds, peak RSS in MB, exit code) of a command, by /usr/bin/time."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t, open(stdout, "wb") as out:
        proc = subprocess.run(["/usr/bin/time", "-f", "%e %M", "-o", t.name, *cmd], stdout=out,
                              stderr=subprocess.PIPE, cwd=ROOT)
        wall, rss = t.read().split()[-2:]
    return float(wall), int(rss) / 1024, proc.returncode


def stages(root: Path) -> None:
    """Print where a DuckDB run on ``root`` spends its time, stage by stage (wall and CPU seconds,
    CPU of both threads: on a shared machine the CPU figures are the steadier ones)."""
    import time
    from types import SimpleNamespace

    from topology.columnar import checks, stage, views
    from topology.columnar.duck import DuckEngine
    from topology.columnar.layout import locate
    from topology.columnar.rules import QUERIES
    from topology.columnar.run import sql_of
    from topology.columnar.tables import stage_table_set
    from topology.engine import ruleset_for, selected_rules

    def timed_step(label: str, step):
        wall, cpu = time.perf_counter(), time.process_time()
        out = step()
        print(f"  {label:<34} {time.perf_counter() - wall:6.2f} s  cpu {time.process_time() - cpu:6.2f} s", flush=True)
        return out

    with DuckEngine() as eng:
        con = eng.con
        assert not timed_step("read + check cells", lambda: stage_table_set(con, root, defer_ends=True))
        timed_step("canonical tables", lambda: stage.canonical(con))
        made = timed_step("acct, subj, elinks", lambda: views.create(con))
        assert not timed_step("link ends no account has", lambda: checks.problems(
            con, "links", str(locate(root, "links")), ends=None))
        rs, when = ruleset_for(SimpleNamespace(as_of=None, name=None), None, None, None, None)
        timed_step("wlinks, slots", lambda: views.create(con, rs.parameters, skip=made))
        for rule in selected_rules(None, None):
            sql = sql_of(rule, rs.parameters, when) if rule.id in QUERIES and not rule.needs_baseline else None
            if sql is not None:
                timed_step(f"rule {rule.id}", lambda: con.execute(sql).fetchall())


FLOOR = ("import duckdb,sys; duckdb.sql(\"SELECT target, count(*) FROM read_parquet('\" + sys.argv[1] + "
         "\"') GROUP BY target\").fetchall()")
JSON_LOAD = "import json,sys; json.load(open(sys.argv[1], 'rb'))"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1e4,1e5,1e6", help="link counts, comma-separated (e.g. 1e4,1e7)")
    ap.add_argument("--keep", metavar="DIR", help="generate under DIR and keep it (default: a temporary folder)")
    ap.add_argument("--spark", action="store_true", help="also run --engine spark (local mode) up to 10^6")
    ap.add_argument("--memory-max", type=float, default=1e6, help="largest size for the memory engine")
    ap.add_argument("--stages", action="store_true", help="also time the DuckDB run's stages and rules (in-process)")
    ap.add_argument("--stages-of", metavar="DIR", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.stages_of:
        return stages(Path(args.stages_of))
    base = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="wxtopo-scale-"))
    wxtopo = [PY, "-m", "topology"]
    rows = []
    for size in (int(float(s)) for s in args.sizes.split(",")):
        root = base / f"links-{size}"
        if not (root / "links.parquet").exists():
            generate(root, size)
        floor, floor_rss, _ = timed([PY, "-c", FLOOR, str(root / "links.parquet")])
        found = str(base / f"findings-{size}.jsonl")
        wall, rss, code = timed(wxtopo + ["validate", str(root), "--engine", "duckdb", "--format", "jsonl",
                                          "-o", found, "--quiet"])
        lines = sum(1 for _ in open(found, "rb")) if os.path.exists(found) else 0
        rows.append((size, "duckdb", wall, rss, wall / floor, lines, code))
        print(f"{size:>10,} links  floor {floor:6.2f} s  duckdb {wall:7.2f} s ({wall / floor:5.1f}× floor) "
              f"{rss:7.0f} MB  {lines:,} findings  exit {code}", flush=True)
        if args.stages:
            subprocess.run([PY, __file__, "--stages-of", str(root)], cwd=ROOT, check=True)
        if size <= args.memory_max:
            doc = str(base / f"links-{size}.json")
            if not os.path.exists(doc):
                subprocess.run(wxtopo + ["convert", str(root), "-o", doc], check=True, cwd=ROOT)
            load, _, _ = timed([PY, "-c", JSON_LOAD, doc])
            mwall, mrss, mcode = timed(wxtopo + ["validate", doc, "--engine", "memory", "--format", "jsonl",
                                                 "--quiet"])
            rows.append((size, "memory", mwall, mrss, mwall / floor, None, mcode))
            print(f"{'':>10}        json.load {load:6.2f} s  memory {mwall:7.2f} s ({mwall / load:5.1f}× json.load, "
                  f"{mwall / floor:5.1f}× floor) {mrss:7.0f} MB  exit {mcode}", flush=True)
            dwall, drss, _ = timed(wxtopo + ["validate", doc, "--engine", "duckdb", "--format", "jsonl", "--quiet"])
            print(f"{'':>10}        same document, --engine duckdb {dwall:7.2f} s ({dwall / mwall:4.2f}× memory) "
                  f"{drss:7.0f} MB", flush=True)
        if args.spark and size <= 1e6:
            swall, srss, _ = timed(wxtopo + ["validate", str(root), "--engine", "spark", "--format", "jsonl",
                                             "--quiet"])
            rows.append((size, "spark", swall, srss, swall / floor, None, 0))
            print(f"{'':>10}        spark {swall:7.2f} s ({swall / floor:5.1f}× floor) {srss:7.0f} MB "
                  "(driver only: the JVM's memory is not counted)", flush=True)
    print("\n| links | engine | wall (s) | peak RSS (MB) | × floor |\n|---|---|---|---|---|")
    for size, engine, wall, rss, ratio, _, _ in rows:
        print(f"| {size:.0e} | {engine} | {wall:.1f} | {rss:.0f} | {ratio:.1f} |")


if __name__ == "__main__":
    main()
