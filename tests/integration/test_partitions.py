"""Partitioned tables and INHERITS children: read, compared, named and planned.

The reader tests run on the embedded PostgreSQL 18; with `DRIFT_PG_VERSIONS` set (see
test_versions.py) the fixture is also loaded into each live major and checked against
itself materialised on 18 (nothing found), then with `changes.sql` applied (each real
difference found once, and the plan converges).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from drift.check import run_check
from drift.diff.partitions import partitions_of
from drift.inspect import read_catalog
from drift.model import Catalog, Index
from drift.plan import build_plan
from drift.plan.partitions import partition_index_name
from drift.render.sql import render_sql
from drift.sources.sql import apply_sql
from tests.convergence.test_convergence import _psql

pytestmark = pytest.mark.integration

SOURCE = Path(__file__).resolve().parents[1] / "fixtures" / "partitions"
CHANGES = {
    ("DR141", "events", "events_old"),  # a default partition, missing: created
    ("DR141", "events", "events_2025_eu"),  # a detached sub-partition: attached again
    ("DR142", "events", "events_2024"),  # a bound
    ("DR144", "staff", ""),  # a lost INHERITS
}


def _catalog(url: str) -> Catalog:
    with psycopg.connect(url) as conn:
        return read_catalog(conn, ["part"])


def test_reader_hangs_partitions_under_their_parent(new_db: str) -> None:
    apply_sql(new_db, SOURCE / "schema.sql")
    catalog = _catalog(new_db)
    assert sorted(n for _, n in catalog.tables) == [
        "buckets", "contractors", "events", "people", "staff"]  # no partition is a table
    events = catalog.tables[("part", "events")]
    assert events.partition_key == "RANGE (happened)"
    assert [p.name for p in events.partitions] == ["events_2024", "events_2025", "events_old"]
    sub = events.partitions[1]
    assert sub.partition_key == "LIST (region)"
    assert [(p.name, p.bound) for p in sub.partitions] == [
        ("events_2025_eu", "FOR VALUES IN ('eu', 'uk')"), ("events_2025_rest", "DEFAULT")]
    assert events.partitions[2].bound == "DEFAULT"
    assert events.partitions[0].bound.startswith("FOR VALUES FROM ('2024-01-01")
    assert catalog.tables[("part", "buckets")].partitions[1].bound == \
        "FOR VALUES WITH (modulus 2, remainder 1)"
    staff = catalog.tables[("part", "staff")]
    assert staff.inherits == (("part", "people"),)
    assert [(c.name, c.inherited) for c in staff.columns] == [
        ("id", True), ("name", True), ("salary", False)]
    assert [(c.name, c.inherited) for c in staff.constraints] == [("people_name_check", True)]
    assert catalog.tables[("part", "people")].inherits == ()
    assert set(partitions_of(catalog.tables)) == {
        ("part", n) for n in ("events_2024", "events_2025", "events_2025_eu",
                              "events_2025_rest", "events_old", "buckets_0", "buckets_1")}
    assert Catalog.from_dict(catalog.to_dict()).tables == catalog.tables  # snapshot form


def test_partition_index_names_are_the_ones_postgres_gives(new_db: str) -> None:
    """drift names each partition's index as PostgreSQL would when it builds it from
    the parent's: long names cut the same way, INCLUDE columns, expressions, keys."""
    long = "p" * 40 + "_partition_with_a_name_far_too_long"
    apply_sql(new_db, SOURCE / "schema.sql")
    with psycopg.connect(new_db, autocommit=True) as conn:
        conn.execute(f"""
            CREATE TABLE part.t (a_rather_long_column_name integer NOT NULL,
                                 b integer NOT NULL, c text) PARTITION BY LIST (b);
            CREATE TABLE part.{long} PARTITION OF part.t FOR VALUES IN (1);
            CREATE TABLE part.short PARTITION OF part.t FOR VALUES IN (2);
            CREATE INDEX t_multi ON part.t (a_rather_long_column_name, b) INCLUDE (c);
            CREATE INDEX t_expr ON part.t (lower(c), b);
            ALTER TABLE part.t ADD CONSTRAINT t_u UNIQUE (b, a_rather_long_column_name);
            ALTER TABLE part.t ADD PRIMARY KEY (a_rather_long_column_name, b);""")
        rows = conn.execute("""
            SELECT c.relname, pi.relname, pc.contype
            FROM pg_inherits i JOIN pg_class ci ON ci.oid = i.inhrelid
            JOIN pg_index x ON x.indexrelid = i.inhrelid JOIN pg_class c ON c.oid = x.indrelid
            JOIN pg_class pi ON pi.oid = i.inhparent
            LEFT JOIN pg_constraint pc ON pc.conindid = i.inhparent AND pc.contype IN ('p', 'u')
            WHERE pi.relname IN ('t_multi', 't_expr', 't_u', 't_pkey')
            ORDER BY 1, 2""").fetchall()
        names = {(table, parent): child for table, parent, child in conn.execute("""
            SELECT c.relname, pi.relname, ci.relname
            FROM pg_inherits i JOIN pg_class ci ON ci.oid = i.inhrelid
            JOIN pg_index x ON x.indexrelid = i.inhrelid JOIN pg_class c ON c.oid = x.indrelid
            JOIN pg_class pi ON pi.oid = i.inhparent""").fetchall()}
    parent = _catalog(new_db).tables[("part", "t")]
    assert len(rows) == 8
    for table, parent_index, contype in rows:
        index: Index | None = parent.index(parent_index)
        assert index is not None
        kind = {"p": "primary_key", "u": "unique"}.get(contype or "")
        assert partition_index_name(table, index, kind) == names[(table, parent_index)], \
            (table, parent_index)


@pytest.fixture
def changed(new_db: str) -> Iterator[str]:
    apply_sql(new_db, SOURCE / "schema.sql")
    with psycopg.connect(new_db, autocommit=True) as conn:
        conn.execute((SOURCE / "changes.sql").read_text(encoding="utf-8").encode())
    yield new_db


def test_partition_differences_are_found_once_and_planned(changed: str, pg_server: str,
                                                         tmp_path: Path) -> None:
    result = run_check(SOURCE, changed, scratch_url=pg_server, data=False)
    found = sorted((f.code, f.table, f.object or "") for f in result.findings)
    assert found == sorted(CHANGES)
    plan = tmp_path / "plan.sql"
    plan.write_text(render_sql(build_plan(result.findings, result.live,
                                          target=result.expected.catalog)))
    run = _psql(changed, plan)
    assert run.returncode == 0, run.stderr
    assert run_check(SOURCE, changed, scratch_url=pg_server, data=False).findings == []


# -- every supported major (DRIFT_PG_VERSIONS, as in test_versions.py) ---------------

from tests.integration.test_versions import ENTRIES, _fresh_db, live  # noqa: E402,F401


@pytest.mark.skipif(not ENTRIES, reason="set DRIFT_PG_VERSIONS (e.g. 13,15,17)")
def test_every_major_reads_partitions_as_the_scratch_server_does(
        live: tuple[int, str], tmp_path: Path) -> None:  # noqa: F811
    """Bounds, keys and inheritance print alike on 13-18: no finding on the same
    schema; each real difference found once, and the plan converges there."""
    _, server = live
    same = _fresh_db(server, SOURCE / "schema.sql")
    assert run_check(SOURCE, same, data=False).findings == []
    url = _fresh_db(server, SOURCE / "schema.sql", SOURCE / "changes.sql")
    result = run_check(SOURCE, url, data=False)
    assert sorted((f.code, f.table, f.object or "") for f in result.findings) == \
        sorted(CHANGES)
    plan = tmp_path / "plan.sql"
    plan.write_text(render_sql(build_plan(result.findings, result.live,
                                          target=result.expected.catalog)))
    run = _psql(url, plan)
    assert run.returncode == 0, run.stderr
    assert run_check(SOURCE, url, data=False).findings == []


CASES = Path(__file__).resolve().parents[1] / "convergence"
MAJOR_CASES = sorted(p.name for p in CASES.iterdir()
                     if p.name.startswith(("part_", "inh_")) and (p / "before.sql").is_file())


@pytest.mark.skipif(not ENTRIES, reason="set DRIFT_PG_VERSIONS (e.g. 13,15,17)")
@pytest.mark.parametrize("case", MAJOR_CASES)
def test_partition_cases_converge_on_every_major(live: tuple[int, str], case: str,  # noqa: F811
                                                 tmp_path: Path) -> None:
    """The partition and inheritance convergence cases, live on each major (the target
    materialised on the scratch server): the plan applies, converges, and reruns."""
    _, server = live
    url = _fresh_db(server, CASES / case / "before.sql")
    target = tmp_path / "expected"
    target.mkdir()
    (target / "schema.sql").write_text((CASES / case / "after.sql").read_text())
    if (CASES / case / "drift.toml").is_file():
        (target / "drift.toml").write_text((CASES / case / "drift.toml").read_text())
    result = run_check(target, url, data=False)
    plan = tmp_path / "plan.sql"
    plan.write_text(render_sql(build_plan(result.findings, result.live,
                                          target=result.expected.catalog)))
    for _ in range(2):  # the second run is a no-op
        run = _psql(url, plan)
        assert run.returncode == 0, run.stderr + plan.read_text()
    left = [(f.code, f.table, f.object) for f in run_check(target, url, data=False).findings]
    assert left == []


def test_rows_of_a_new_bound_in_the_default_partition_block_before_any_ddl(
        new_db: str, pg_server: str, tmp_path: Path) -> None:
    """CREATE TABLE ... PARTITION OF fails when the default partition holds rows of the
    new bound: drift reports them as a data blocker, and the plan's preflight stops
    before it has changed anything."""
    table = ("CREATE TABLE part_g (k integer NOT NULL, v text) PARTITION BY RANGE (k);\n"
             "CREATE TABLE part_g_low PARTITION OF part_g FOR VALUES FROM (0) TO (10);\n"
             "CREATE TABLE part_g_rest PARTITION OF part_g DEFAULT;\n")
    (tmp_path / "before.sql").write_text(
        table + "INSERT INTO part_g VALUES (5, 'a'), (15, 'b'), (99, 'c');\n")
    target = tmp_path / "expected"
    target.mkdir()
    (target / "schema.sql").write_text(
        table + "CREATE TABLE part_g_mid PARTITION OF part_g FOR VALUES FROM (10) TO (20);\n")
    apply_sql(new_db, tmp_path / "before.sql")
    result = run_check(target, new_db, scratch_url=pg_server)
    blockers = [(f.code, f.table, f.evidence.get("violating_rows")) for f in result.findings
                if f.is_blocker]
    assert blockers == [("DR404", "part_g", 1)]  # the row of part_g_rest, under part_g_mid
    plan = tmp_path / "plan.sql"
    plan.write_text(render_sql(build_plan(result.findings, result.live,
                                          target=result.expected.catalog)))
    run = _psql(new_db, plan)
    assert run.returncode != 0 and "drift preflight DR404" in run.stderr
    assert ("public", "part_g_mid") not in partitions_of(_catalog_of(new_db).tables)
    with psycopg.connect(new_db, autocommit=True) as conn:  # the operator moves the row
        conn.execute("DELETE FROM part_g WHERE k = 15")
    assert _psql(new_db, plan).returncode == 0
    assert run_check(target, new_db, scratch_url=pg_server, data=False).findings == []


def _catalog_of(url: str) -> Catalog:
    with psycopg.connect(url) as conn:
        return read_catalog(conn)
