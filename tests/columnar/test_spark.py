"""The Spark engine (local mode) gives the findings the DuckDB engine gives, from the same SQL.

Every sample through both engines; a table set read by Spark itself (Parquet, CSV, JSON Lines,
a directory of Parquet files); a SparkSession the caller owns is used and left running.

These skip, saying why, only when pyspark or a Java runtime is missing, and never under CI
(there they fail: CI installs both, ``sh scripts/setup.sh spark``). One session for the module.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

import topology
from tests.columnar.agree import cases as agreement_cases
from tests.columnar.agree import clamped
from tests.helpers import ROOT
from topology.columnar.validation import validate

#: the bounded subset Spark runs (each document costs seconds there): one broken sample per rule
#: family, and those with a ruleset file, a previous document and a suppressions file; every sample
#: runs on DuckDB against the memory engine (test_agreement.py)
SAMPLES = [ROOT / "samples" / "broken" / f"{name}.json"
           for name in ("integrity", "caps", "officials", "personal", "messaging", "enterprise", "advice",
                        "adoption", "type-change", "sourced")]


def _missing() -> str | None:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "pyspark is not installed (sh scripts/setup.sh spark)"
    java_home = os.environ.get("JAVA_HOME")
    if shutil.which("java") is None and not (java_home and (Path(java_home) / "bin" / "java").exists()):
        return "no Java runtime: java is not on the PATH and JAVA_HOME is not set (apt-get install default-jre-headless)"
    return None


@pytest.fixture(scope="module")
def spark():
    """One local SparkSession for the module, owned by the test (the engine must leave it running)."""
    reason = _missing()
    if reason is not None:
        if os.environ.get("CI", "").lower() not in ("", "0", "false"):
            pytest.fail(f"Spark cannot run under CI: {reason}")
        pytest.skip(reason)
    from pyspark.sql import SparkSession

    session = (SparkSession.builder.master("local[2]").appName("wxtopo-tests")
               .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
               # tiny documents: one partition, and no code generation or adaptive planning (each
               # costs more than it saves on a few rows; the engine's sessions copy these settings)
               .config("spark.sql.shuffle.partitions", "1").config("spark.sql.adaptive.enabled", "false")
               .config("spark.sql.codegen.wholeStage", "false").config("spark.sql.codegen.factoryMode", "NO_CODEGEN")
               # two dozen runs in one JVM: room for them, and no history of old queries kept
               .config("spark.driver.memory", "2g").config("spark.sql.ui.retainedExecutions", "10")
               .config("spark.ui.retainedJobs", "10").config("spark.ui.retainedStages", "10")
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _options(sample: Path) -> dict:
    """A sample's own ruleset, previous document and suppressions file, as the agreement test reads them."""
    stem = sample.name[: -len(".json")]
    options: dict = {"as_of": "2026-11-25"}
    if (ruleset := sample.with_name(f"{stem}.ruleset.json")).exists():
        options["ruleset"] = str(ruleset)
    if (previous := sample.with_name(f"{stem}.baseline.json")).exists():
        options["baseline"] = topology.load(previous)
    if (suppressions := sample.with_name(f"{stem}.suppressions.json")).exists():
        options["suppressions"] = str(suppressions)
    return options


def _agree(source, spark, **options) -> list:
    duck = validate(source, engine="duckdb", **options)
    on_spark = validate(source, engine="spark", session=spark, **options)
    assert on_spark.counts == duck.counts
    assert on_spark.findings == duck.findings
    return duck.findings


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.relative_to(ROOT / "samples").as_posix())
def test_every_sample_gives_the_same_findings_on_spark_and_duckdb(spark, sample):
    found = _agree(topology.load(sample), spark, **_options(sample))
    if sample.parent.name == "broken":
        assert found  # the agreement is not two empty lists


def test_the_subset_covers_every_rule_family():
    from topology.columnar.rules import QUERIES

    families = {rule[:3] for rule in QUERIES}
    tripped = set()
    for sample in SAMPLES:
        tripped |= {f.rule[:3] for f in topology.validate(topology.load(sample), **_options(sample)).findings}
    assert families <= tripped


@settings(max_examples=4, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture])
@given(case=agreement_cases())
def test_random_documents_give_the_same_findings_on_spark(spark, case):
    doc, options = case
    _agree(topology.load(clamped(doc)), spark, **options)


def test_a_document_path_is_read_and_its_header_kept(spark):
    sample = ROOT / "samples" / "mother-baby.json"
    duck = validate(sample, engine="duckdb")
    on_spark = validate(sample, engine="spark", session=spark)
    assert (on_spark.findings, on_spark.as_of, on_spark.document) == (duck.findings, duck.as_of, duck.document)


@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl"])
def test_a_table_set_read_by_spark_gives_the_duckdb_findings(spark, tmp_path, fmt):
    from topology.columnar.convert import to_table_set

    root = to_table_set(ROOT / "samples" / "broken" / "integrity.json", tmp_path / "set", fmt)
    assert _agree(root, spark)


def test_a_directory_of_parquet_files_is_one_table_in_file_name_order(spark, tmp_path):
    """Row numbers run on across the files (pointers like /accounts/5 agree)."""
    import duckdb

    from topology.columnar.convert import to_table_set

    root = to_table_set(ROOT / "samples" / "broken" / "caps.json", tmp_path / "set", "parquet")
    whole = root / "accounts.parquet"
    parts = root / "accounts"
    parts.mkdir()
    con = duckdb.connect()
    n = con.execute(f"SELECT count(*) FROM '{whole}'").fetchone()[0]
    read = f"read_parquet('{whole}', file_row_number = true)"
    for name, where in (("part-1.parquet", f"file_row_number >= {n // 2}"), ("part-0.parquet", f"file_row_number < {n // 2}")):
        con.execute(f"COPY (SELECT * EXCLUDE (file_row_number) FROM {read} WHERE {where} ORDER BY file_row_number) "
                    f"TO '{parts / name}' (FORMAT parquet)")
    con.close()
    whole.unlink()
    found = _agree(root, spark)
    assert any(f.pointer and f.pointer.startswith("/accounts/") and int(f.pointer.split("/")[2]) >= n // 2
               for f in found)


def test_a_bad_table_set_gets_the_duckdb_problems(spark, tmp_path):
    from topology.errors import DocumentError

    (tmp_path / "subjects.csv").write_text("id,kind\ns1,company\n")
    (tmp_path / "accounts.csv").write_text("id,type,subject\na1,nonsense,s1\n")
    (tmp_path / "links.csv").write_text("source,target,kind\n")
    with pytest.raises(DocumentError) as duck:
        validate(tmp_path, engine="duckdb")
    with pytest.raises(DocumentError) as on_spark:
        validate(tmp_path, engine="spark", session=spark)
    assert [p.pointer for p in on_spark.value.problems] == [p.pointer for p in duck.value.problems]
    assert on_spark.value.problems


def test_the_callers_session_is_left_running_with_its_views(spark):
    spark.range(3).createOrReplaceTempView("accounts")  # a name the engine uses too
    validate(topology.load(ROOT / "samples" / "bloom.json"), engine="spark", session=spark)
    assert not spark.sparkContext._jsc.sc().isStopped()
    assert spark.sql("SELECT count(*) FROM accounts").collect()[0][0] == 3
    assert {r.tableName for r in spark.sql("SHOW TABLES").collect()} == {"accounts"}  # the run's views were its own
    assert spark._jsparkSession.sharedState().cacheManager().isEmpty()  # and its cached tables freed
