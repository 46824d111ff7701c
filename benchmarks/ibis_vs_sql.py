"""Ibis or SQL + sqlglot for the columnar engine: the caps rules (WX101-WX103) written both ways.

IBIS IS NOT A PROJECT DEPENDENCY. This benchmark runs on demand in a venv of its own:

    python3 -m venv /tmp/ibisvenv
    /tmp/ibisvenv/bin/pip install 'ibis-framework[duckdb,pyspark]' duckdb sqlglot pyspark
    /tmp/ibisvenv/bin/python benchmarks/ibis_vs_sql.py            # 10^6 and 10^7 links, Spark at 10^6
    /tmp/ibisvenv/bin/python benchmarks/ibis_vs_sql.py --sizes 6 --no-spark   # quick

Spark needs a Java runtime (17). The table sets are written by DuckDB (no Python object per row)
as Parquet under ``--dir`` (default /tmp/scale/links-1e6 ...) and reused when present.

What it measures, in one run, each engine/approach in a fresh process (so peak RSS is its own):

- the floor: DuckDB counting the links per mini-program (one scan, one group-by);
- DuckDB: each rule as DuckDB SQL strings vs as an Ibis expression (wall time includes building
  the expression and Ibis' compile step), best of N; the findings of both must be identical;
- Spark local[2] at 10^6: the same SQL transpiled by ``sqlglot.transpile(read="duckdb",
  write="spark")`` vs the Ibis expression on Ibis' PySpark backend;
- compile cost (``ibis.to_sql`` for both dialects, ``sqlglot.transpile``), import times.

Times are printed as ratios to the floor measured in the same run. The SQL side reuses the
link meanings of :mod:`topology.links` (``sql_takes_slot``, ``sql_same_subject``); the Ibis side
has to restate them as expressions (that is one of the findings: see docs/columnar-engines.md).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from topology.links import sql_same_subject, sql_takes_slot  # noqa: E402  (no third-party import)

OFFICIAL_TYPES = ("service", "subscription")
LIMITS = {"WX101": 50, "WX102": 10, "WX103": 3}
RULES = tuple(LIMITS)


# -- the table set ------------------------------------------------------------------------------
def generate(directory: Path, exp: int) -> Path:
    """Write accounts/links/subjects for 10^exp links with DuckDB alone; skip if already there.

    Skewed on purpose so every rule has findings: 15 % of the links go to the hottest 1 % of the
    mini-programs (WX101), 10 % come from the busiest 1 % of the officials, 25 % stay inside the
    source's subject (WX102), subjects are drawn as floor(n·u²) (a few large ones) and 2 % are NULL.
    """
    import duckdb

    n_links = 10 ** exp
    n_off = n_mini = n_links // 20
    n_subj = n_links // 100
    out = directory / f"links-1e{exp}"
    if (out / "links.parquet").exists():
        return out
    out.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    subject = (f"CASE WHEN hash(i, 'null') % 50 = 0 THEN NULL ELSE 's' || "
               f"CAST(floor({n_subj} * pow((hash(i, 'subj') % 1000003) / 1000003.0, 2)) AS BIGINT) END")
    con.execute(f"""
        CREATE TABLE accounts AS
        SELECT i AS "row", 'o' || i AS id,
               CASE WHEN hash(i, 'type') % 3 = 0 THEN 'service' ELSE 'subscription' END AS type,
               {subject} AS subject
        FROM range({n_off}) t(i)
        UNION ALL
        SELECT {n_off} + i, 'm' || i, 'mini_program', {subject.replace("i,", "i + 7777777,")}
        FROM range({n_mini}) t(i)""")
    con.execute(f"""
        COPY (SELECT 's' || i AS id, CASE WHEN i % 4 = 0 THEN 'individual' ELSE 'enterprise' END AS kind
              FROM range({n_subj}) t(i)) TO '{out}/subjects.parquet' (FORMAT parquet)""")
    con.execute(f"""
        COPY (
          WITH minis AS (
            SELECT id, subject, row_number() OVER (PARTITION BY subject ORDER BY id) - 1 AS k,
                   count(*) OVER (PARTITION BY subject) AS n
            FROM accounts WHERE type = 'mini_program' AND subject IS NOT NULL),
          sizes AS (SELECT DISTINCT subject, n FROM minis),
          raw AS (
            SELECT i,
                   CASE WHEN hash(i, 'kind') % 20 = 0 THEN 'admin' ELSE 'mini_program' END AS kind,
                   'o' || CASE WHEN hash(i, 'busy') % 10 = 0 THEN hash(i, 'src') % {n_off // 100}
                               ELSE hash(i, 'src') % {n_off} END AS source,
                   hash(i, 'mode') % 100 AS mode, hash(i, 'tgt') AS h,
                   CASE WHEN hash(i, 'st') % 100 < 80 THEN 'linked'
                        WHEN hash(i, 'st') % 100 < 92 THEN 'pending' ELSE 'rejected' END AS status,
                   CASE WHEN hash(i, 'un') % 100 < 5 THEN DATE '2025-01-01' + CAST(hash(i, 'd') % 365 AS INTEGER)
                   END AS unlinked_on
            FROM range({n_links}) t(i))
          SELECT r.kind, r.source,
                 CASE WHEN r.mode >= 75 AND m.id IS NOT NULL THEN m.id
                      WHEN r.mode >= 60 THEN 'm' || (r.h % {n_mini // 100})
                      ELSE 'm' || (r.h % {n_mini}) END AS target,
                 r.status, r.unlinked_on
          FROM raw r
          LEFT JOIN accounts o ON o.id = r.source
          LEFT JOIN sizes z ON z.subject = o.subject
          LEFT JOIN minis m ON m.subject = o.subject AND m.k = r.h % z.n
          ORDER BY r.i
        ) TO '{out}/links.parquet' (FORMAT parquet)""")
    con.execute(f"COPY (SELECT * FROM accounts ORDER BY \"row\") TO '{out}/accounts.parquet' (FORMAT parquet)")
    con.close()
    return out


# -- approach (a): DuckDB SQL, transpiled by sqlglot for Spark ----------------------------------
def sql_views(pending: bool) -> list[tuple[str, str]]:
    """The shared views, as topology/columnar/views.py writes them (mini_program links only)."""
    types = ", ".join(f"'{t}'" for t in OFFICIAL_TYPES)
    return [
        ("acct", """SELECT id, type, subject AS owner FROM accounts
                    QUALIFY row_number() OVER (PARTITION BY id ORDER BY "row") = 1"""),
        ("wlinks", f"""SELECT l.*, s.type AS source_type, t.type AS target_type,
                              s.owner AS source_owner, t.owner AS target_owner
                       FROM links l JOIN acct s ON s.id = l.source JOIN acct t ON t.id = l.target
                       WHERE l.kind = 'mini_program' AND s.type IN ({types}) AND t.type = 'mini_program'"""),
        ("slots", f"""SELECT DISTINCT l.source, l.target, l.source_owner, l.target_owner
                      FROM wlinks l WHERE {sql_takes_slot(pending)}"""),
    ]


def sql_rules() -> dict[str, str]:
    """One SELECT per rule: account, sorted related ids, observed, limit."""
    same = sql_same_subject("l.source_owner", "l.target_owner")

    def cap(key: str, other: str, where: str, limit: int) -> str:
        return f"""SELECT l.{key} AS account, list_sort(list(l.{other})) AS related,
                          count(*) AS observed, {limit} AS "limit"
                   FROM slots l {where} GROUP BY l.{key} HAVING count(*) > {limit}"""

    return {"WX101": cap("target", "source", "", LIMITS["WX101"]),
            "WX102": cap("source", "target", f"WHERE {same}", LIMITS["WX102"]),
            "WX103": cap("source", "target", f"WHERE NOT coalesce({same}, FALSE)", LIMITS["WX103"])}


def transpile(sql: str) -> str:
    import sqlglot
    return sqlglot.transpile(sql, read="duckdb", write="spark")[0]


# -- approach (b): Ibis expressions -------------------------------------------------------------
def ibis_rules(accounts, links, pending: bool) -> dict:
    """The same three rules as Ibis expressions over two Ibis tables (any backend)."""
    import ibis

    first = accounts.filter(ibis.row_number().over(group_by=accounts.id, order_by=accounts["row"]) == 0)
    src = first.select(source=first.id, source_type=first.type, source_owner=first.subject)
    tgt = first.select(target=first.id, target_type=first.type, target_owner=first.subject)
    w = links.join(src, "source").join(tgt, "target")
    w = w.filter(w.kind == "mini_program", w.source_type.isin(OFFICIAL_TYPES), w.target_type == "mini_program")
    live = w.status.isin(("linked", "pending")) if pending else w.status == "linked"
    slots = w.filter(live, w.unlinked_on.isnull()).select(
        "source", "target", "source_owner", "target_owner").distinct()
    same = slots.source_owner.notnull() & (slots.source_owner == slots.target_owner)

    def cap(t, key: str, other: str, limit: int):
        g = t.group_by(account=t[key]).aggregate(related=t[other].collect().sort(), observed=t.count())
        return g.filter(g.observed > limit).mutate(limit=ibis.literal(limit, "int64"))

    return {"WX101": cap(slots, "target", "source", LIMITS["WX101"]),
            "WX102": cap(slots.filter(same), "source", "target", LIMITS["WX102"]),
            "WX103": cap(slots.filter(~ibis.coalesce(same, False)), "source", "target", LIMITS["WX103"])}


# -- workers (one process each) -----------------------------------------------------------------
def digest(rows) -> tuple[int, str]:
    """(row count, sha256) of findings as (account, related, observed, limit), order-free."""
    norm = sorted((str(r[0]), tuple(str(x) for x in r[1]), int(r[2]), int(r[3])) for r in rows)
    return len(norm), hashlib.sha256(repr(norm).encode()).hexdigest()[:16]


def arrow_rows(table) -> list[tuple]:
    cols = [table.column(i).to_pylist() for i in range(4)]
    return list(zip(*cols))


def best(fn, repeats: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeats):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), out


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def jvm_peak_mb(spark) -> float:
    pid = spark.sparkContext._jvm.java.lang.ProcessHandle.current().pid()
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def w_floor(d: Path, repeats: int, pending: bool) -> dict:
    import duckdb
    con = duckdb.connect()
    q = f"SELECT target, count(*) AS n FROM read_parquet('{d}/links.parquet') GROUP BY target"
    t, _ = best(lambda: con.sql(q).to_arrow_table(), repeats)
    return {"floor": t, "rss": peak_mb()}


def w_duck_sql(d: Path, repeats: int, pending: bool) -> dict:
    import duckdb
    con = duckdb.connect()
    t0 = time.perf_counter()
    for name in ("accounts", "links"):
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{d}/{name}.parquet')")
    for name, select in sql_views(pending):
        con.execute(f"CREATE TEMP VIEW {name} AS {select}")
    out = {"setup": time.perf_counter() - t0, "rules": {}}
    for rule, sql in sql_rules().items():
        t, table = best(lambda sql=sql: con.sql(sql).to_arrow_table(), repeats)
        out["rules"][rule] = {"wall": t, "findings": digest(arrow_rows(table))}
    out["rss"] = peak_mb()
    return out


def w_duck_ibis(d: Path, repeats: int, pending: bool) -> dict:
    import ibis
    con = ibis.duckdb.connect()
    t0 = time.perf_counter()
    accounts = con.read_parquet(f"{d}/accounts.parquet", table_name="accounts")
    links = con.read_parquet(f"{d}/links.parquet", table_name="links")
    out = {"setup": time.perf_counter() - t0, "rules": {}}
    for rule in RULES:
        def run(rule=rule):
            t = time.perf_counter()
            expr = ibis_rules(accounts, links, pending)[rule]
            built = time.perf_counter() - t
            return built, expr.to_pyarrow()
        t, (built, table) = best(run, repeats)
        compile_t, _ = best(lambda rule=rule: ibis.to_sql(ibis_rules(accounts, links, pending)[rule]), 5)
        out["rules"][rule] = {"wall": t, "build": built, "compile": compile_t,
                              "findings": digest(arrow_rows(table))}
    out["rss"] = peak_mb()
    return out


def spark_session():
    from pyspark.sql import SparkSession
    return (SparkSession.builder.master("local[2]").appName("ibis_vs_sql")
            .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false").config("spark.sql.shuffle.partitions", "4")
            .config("spark.driver.memory", "4g").getOrCreate())


def w_spark_sql(d: Path, repeats: int, pending: bool) -> dict:
    t0 = time.perf_counter()
    spark = spark_session()
    spark.sparkContext.setLogLevel("ERROR")
    out = {"start": time.perf_counter() - t0, "rules": {}}
    links = spark.read.parquet(f"{d}/links.parquet")
    out["floor"], _ = best(lambda: links.groupBy("target").count().toArrow(), repeats)
    t0 = time.perf_counter()
    spark.read.parquet(f"{d}/accounts.parquet").createOrReplaceTempView("accounts")
    links.createOrReplaceTempView("links")
    for name, select in sql_views(pending):
        spark.sql(f"CREATE OR REPLACE TEMP VIEW {name} AS {transpile(select)}")
    out["setup"] = time.perf_counter() - t0
    for rule, sql in sql_rules().items():
        def run(sql=sql):
            return spark.sql(transpile(sql)).toArrow()
        t, table = best(run, repeats)
        out["rules"][rule] = {"wall": t, "findings": digest(arrow_rows(table))}
    out["rss"] = peak_mb()
    out["jvm_rss"] = jvm_peak_mb(spark)
    spark.stop()
    return out


def w_spark_ibis(d: Path, repeats: int, pending: bool) -> dict:
    import ibis
    t0 = time.perf_counter()
    spark = spark_session()
    spark.sparkContext.setLogLevel("ERROR")
    con = ibis.pyspark.connect(spark)
    out = {"start": time.perf_counter() - t0, "rules": {}}
    t0 = time.perf_counter()
    accounts = con.read_parquet(f"{d}/accounts.parquet", table_name="accounts")
    links = con.read_parquet(f"{d}/links.parquet", table_name="links")
    out["setup"] = time.perf_counter() - t0
    for rule in RULES:
        t, table = best(lambda rule=rule: ibis_rules(accounts, links, pending)[rule].to_pyarrow(), repeats)
        out["rules"][rule] = {"wall": t, "findings": digest(arrow_rows(table))}
    out["rss"] = peak_mb()
    out["jvm_rss"] = jvm_peak_mb(spark)
    spark.stop()
    return out


def w_compile(d: Path, repeats: int, pending: bool) -> dict:
    """Build/compile cost alone, on unbound tables: ibis.to_sql (both dialects), sqlglot.transpile."""
    import ibis
    accounts = ibis.table({"row": "int64", "id": "string", "type": "string", "subject": "string"}, name="accounts")
    links = ibis.table({"kind": "string", "source": "string", "target": "string", "status": "string",
                        "unlinked_on": "date"}, name="links")
    sqls = [s for _, s in sql_views(pending)] + list(sql_rules().values())

    def med(fn, n=30):
        return statistics.median(best(fn, 1)[0] for _ in range(n))

    return {"ibis_build": med(lambda: ibis_rules(accounts, links, pending)),
            "ibis_to_sql_duckdb": med(lambda: [ibis.to_sql(e, dialect="duckdb")
                                               for e in ibis_rules(accounts, links, pending).values()]),
            "ibis_to_sql_pyspark": med(lambda: [ibis.to_sql(e, dialect="pyspark")
                                                for e in ibis_rules(accounts, links, pending).values()]),
            "sqlglot_transpile": med(lambda: [transpile(s) for s in sqls])}


WORKERS = {"floor": w_floor, "duck_sql": w_duck_sql, "duck_ibis": w_duck_ibis,
           "spark_sql": w_spark_sql, "spark_ibis": w_spark_ibis, "compile": w_compile}


# -- the driver ---------------------------------------------------------------------------------
def spawn(kind: str, d: Path, repeats: int, pending: bool) -> dict:
    cmd = [sys.executable, __file__, "--worker", kind, "--data", str(d), "--repeats", str(repeats)]
    if pending:
        cmd.append("--pending")
    done = subprocess.run(cmd, capture_output=True, text=True)
    lines = [x for x in done.stdout.splitlines() if x.startswith("RESULT ")]
    if done.returncode or not lines:
        sys.exit(f"worker {kind} failed:\n{done.stderr[-3000:]}")
    return json.loads(lines[-1][7:])


def import_time(stmt: str) -> float:
    code = f"import time; t = time.perf_counter(); {stmt}; print(time.perf_counter() - t)"
    return min(float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                    check=True).stdout) for _ in range(3))


def site_size_mb(names: list[str]) -> float:
    import site
    base = Path(site.getsitepackages()[0])
    total = 0
    for name in names:
        for p in base.glob(name):
            files = [p] if p.is_file() else p.rglob("*")
            total += sum(f.stat().st_size for f in files if f.is_file())
    return total / 2 ** 20


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="6,7", help="exponents of the link counts (default 6,7)")
    ap.add_argument("--dir", default="/tmp/scale", type=Path)
    ap.add_argument("--no-spark", action="store_true")
    ap.add_argument("--pending", action="store_true", help="pending links take a slot")
    ap.add_argument("--worker", choices=WORKERS)
    ap.add_argument("--data", type=Path)
    ap.add_argument("--repeats", type=int, default=3)
    a = ap.parse_args()
    if a.worker:
        print("RESULT " + json.dumps(WORKERS[a.worker](a.data, a.repeats, a.pending)), flush=True)
        return

    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}")
    print("imports (s): sqlglot %.3f, ibis %.3f, ibis+duckdb backend %.3f" % (
        import_time("import sqlglot"), import_time("import ibis"),
        import_time("import ibis; ibis.duckdb.connect()")))
    print("site-packages (MB): sqlglot %.1f, ibis %.1f, ibis' extra deps (pandas, pyarrow, rich, "
          "parsy, toolz, atpublic, dateutil, tzdata, pyarrow_hotfix, markdown_it, pygments) %.1f" % (
              site_size_mb(["sqlglot", "sqlglot*.so"]), site_size_mb(["ibis"]),
              site_size_mb(["pandas", "pyarrow", "rich", "parsy*", "toolz", "public", "dateutil",
                            "tzdata", "pyarrow_hotfix", "markdown_it", "pygments", "mdurl"])))
    c = spawn("compile", a.dir, 1, a.pending)
    print("compile, 3 rules (ms): ibis build %.1f, ibis.to_sql duckdb %.1f, pyspark %.1f; "
          "sqlglot.transpile (views+rules) %.1f" % tuple(1000 * c[k] for k in (
              "ibis_build", "ibis_to_sql_duckdb", "ibis_to_sql_pyspark", "sqlglot_transpile")))
    for exp in (int(x) for x in a.sizes.split(",")):
        t = time.perf_counter()
        d = generate(a.dir, exp)
        print(f"\n10^{exp} links: {d} (generated/reused in {time.perf_counter() - t:.1f} s)")
        reps = 5 if exp <= 6 else 3
        floor = spawn("floor", d, reps, a.pending)
        res = {k: spawn(k, d, reps, a.pending) for k in ("duck_sql", "duck_ibis")}
        if exp <= 6 and not a.no_spark:
            res.update({k: spawn(k, d, 2, a.pending) for k in ("spark_sql", "spark_ibis")})
        f = floor["floor"]
        print(f"floor (DuckDB count per mini-program): {f * 1000:.0f} ms, peak RSS {floor['rss']:.0f} MB")
        print(f"{'rule':6} {'findings':>9} " + " ".join(f"{k:>11}" for k in res) + "   (× floor)")
        for rule in RULES:
            found = {res[k]["rules"][rule]["findings"][1] for k in res}
            n = res["duck_sql"]["rules"][rule]["findings"][0]
            same = "identical" if len(found) == 1 else "DIFFER: " + repr({k: res[k]["rules"][rule]["findings"]
                                                                          for k in res})
            print(f"{rule:6} {n:>9} " + " ".join(f"{res[k]['rules'][rule]['wall'] / f:>11.2f}" for k in res)
                  + f"   {same}")
        tot = {k: sum(res[k]["rules"][r]["wall"] for r in RULES) for k in res}
        print(f"{'total':6} {'':>9} " + " ".join(f"{tot[k] / f:>11.2f}" for k in res))
        print("total seconds: " + ", ".join(f"{k} {tot[k]:.2f}" for k in res))
        print("ibis compile per rule (ms): " + ", ".join(
            f"{r} {1000 * res['duck_ibis']['rules'][r]['compile']:.1f}" for r in RULES))
        print("peak RSS (MB): " + ", ".join(
            f"{k} {res[k]['rss']:.0f}" + (f" + JVM {res[k]['jvm_rss']:.0f}" if "jvm_rss" in res[k] else "")
            for k in res))
        if "spark_sql" in res:
            sf = res["spark_sql"]["floor"]
            print(f"Spark floor (count per mini-program) {sf * 1000:.0f} ms; Spark totals × Spark floor: "
                  f"sql {tot['spark_sql'] / sf:.2f}, ibis {tot['spark_ibis'] / sf:.2f}; session start "
                  f"{res['spark_sql']['start']:.1f} s")


if __name__ == "__main__":
    main()
