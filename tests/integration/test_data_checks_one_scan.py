"""Data checks read each table once: counts and samples from the same scan; a
table's NULL, CHECK and orphan checks together in one scan, exactly equal to each
check alone (counts and samples) on randomized data; new uniques grouped from a
covering index or by sorting as the live catalog says, with the same results; and
checks on several connections that share one snapshot."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import psycopg
import pytest

from drift.check import Session
from drift.checks.base import (
    CheckViolations,
    DataCheck,
    Duplicates,
    Nulls,
    Orphans,
    row_checks_in_one_scan,
)
from drift.checks.run import data_blockers, evaluate, evaluate_rows_together, grouping
from drift.db import read_only_snapshot
from drift.findings import Code, Finding
from drift.inspect import read_catalog
from drift.plan.ops import Guard
from drift.spec import Priority
from drift.vocabulary import Phase


def _fill(url: str, seed: int, rows: int = 3000) -> None:
    rnd = random.Random(seed)

    def maybe(value: object, null: float) -> object:
        return None if rnd.random() < null else value

    data = [(i, maybe(rnd.randint(0, 300), 0.1), maybe(rnd.randint(0, 6), 0.2),
             maybe(rnd.choice(["a", "b", "C", "d", None]), 0.1), rnd.random() < 0.5,
             maybe(rnd.randint(0, 40), 0.3), maybe(rnd.randint(-3, 50), 0.1))
            for i in range(rows)]
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE parent (id int PRIMARY KEY, x int, y int)")
        conn.execute("INSERT INTO parent SELECT g, g % 5, g % 3 FROM generate_series(0, 30) g")
        conn.execute("CREATE TABLE t (id int PRIMARY KEY, a int, b int, c text,"
                     " active boolean, p int, n int)")
        with conn.cursor() as cur:
            cur.executemany("INSERT INTO t VALUES (%s, %s, %s, %s, %s, %s, %s)", data)
        conn.execute("CREATE TABLE nokey (a int, c text)")  # no key: samples by ctid
        conn.execute("INSERT INTO nokey SELECT a, c FROM t WHERE id % 7 = 0")
        conn.execute("ANALYZE")


def _row_checks() -> list[Any]:
    return [
        Nulls("public", "t", sample_key=("id",), column="p"),
        CheckViolations("public", "t", sample_key=("id",), expression="n >= 0"),
        Orphans("public", "t", columns=("p",), ref_schema="public", ref_table="parent",
                ref_columns=("id",)),
        Nulls("public", "t", sample_key=("id",), column="c"),
        CheckViolations("public", "t", sample_key=("id",), expression="c <> 'C'"),
        # MATCH SIMPLE on two columns, against a parent key that is not unique there
        Orphans("public", "t", columns=("b", "a"), ref_schema="public", ref_table="parent",
                ref_columns=("x", "y")),
    ]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_row_checks_in_one_scan_equal_each_alone(new_db: str, seed: int) -> None:
    _fill(new_db, seed)
    checks = _row_checks()
    ctid = [Nulls("public", "nokey", column="c"),
            CheckViolations("public", "nokey", expression="a < 250")]
    with read_only_snapshot(new_db) as conn:
        for group in (checks, ctid):
            for samples in (True, False):
                alone = [evaluate(conn, c, all_rows=False, samples=samples) for c in group]
                assert evaluate_rows_together(conn, group, samples=samples) == alone
                assert all(c.violated(e) for c, e in zip(group, alone, strict=True))
        # the old two-query way, as the reference for counts and samples
        for check in checks:
            found = evaluate(conn, check, all_rows=False, samples=True)
            counts = conn.execute(check.count_sql()).fetchone()
            assert counts is not None
            assert found == {**check.evidence(counts), "samples": found["samples"],
                             "query": check.violations_sql()}


def _scans(conn: psycopg.Connection, sql: str) -> list[str]:
    row = conn.execute("EXPLAIN (FORMAT JSON) " + sql).fetchone()
    assert row is not None
    plan = row[0] if not isinstance(row[0], str) else json.loads(row[0])
    scans: list[str] = []

    def walk(node: dict[str, Any]) -> None:
        if node.get("Relation Name") == "t":
            scans.append(str(node["Node Type"]))
        for child in node.get("Plans", []):
            walk(child)

    walk(plan[0]["Plan"])
    return scans


def test_row_checks_scan_the_table_once(new_db: str) -> None:
    _fill(new_db, 7)
    with read_only_snapshot(new_db) as conn:
        assert _scans(conn, row_checks_in_one_scan(_row_checks(), 5)) == ["Seq Scan"]


def _uniques() -> list[Duplicates]:
    return [
        Duplicates("public", "t", keys=("a",), labels=("a",)),
        Duplicates("public", "t", keys=("a", "b"), labels=("a", "b")),
        Duplicates("public", "t", keys=("b", "c"), labels=("b", "c"), nulls_not_distinct=True),
        Duplicates("public", "t", keys=("a",), labels=("a",), predicate="active"),
        Duplicates("public", "t", keys=("lower(c)", "b"), labels=("lower(c)", "b"),
                   predicate="b > 2"),
    ]


def test_uniques_grouped_as_the_live_catalog_says_give_the_same_results(new_db: str) -> None:
    """A legacy index leading with a new key's columns: the groups come from an
    index-only scan; int keys without one are sorted; text keys hashed. The results
    are the same every way."""
    _fill(new_db, 5)
    with psycopg.connect(new_db, autocommit=True) as conn:
        conn.execute("CREATE INDEX t_b_a_legacy ON t (b, a, id)")
        conn.execute("VACUUM ANALYZE t")
    with read_only_snapshot(new_db) as conn:
        table = read_catalog(conn, ["public"]).table("public", "t")
        ways = [grouping(c, table).how for c in _uniques()]
        assert ways == ["sort", "index", "sort", "sort", "hash"]
        assert [grouping(c, table).check.bytewise for c in _uniques()] == [
            (), (), (1,), (), ()]  # text c at the default collation: grouped under "C"
        for check in _uniques():
            how, settings, runs = grouping(check, table)
            assert runs == check
            default = evaluate(conn, check, all_rows=False, samples=True)
            assert evaluate(conn, runs, all_rows=False, samples=True,
                            settings=settings) == default
            assert evaluate(conn, runs, all_rows=False, samples=False, settings=settings) \
                == evaluate(conn, check, all_rows=False, samples=False)
            assert default["duplicate_groups"] > 0
            if how == "index":
                with conn.transaction(force_rollback=True):
                    for name, value in settings.items():
                        conn.execute("SELECT set_config(%s, %s, true)", (name, value))
                    assert _scans(conn, check.report_sql(5)) == ["Index Only Scan"]
        # the settings held for the check only
        assert conn.execute("SHOW enable_hashagg").fetchone() == ("on",)


def _sort_keys(conn: psycopg.Connection, sql: str) -> list[list[str]]:
    """The sort keys of every Sort node of `sql`'s plan, outermost first."""
    row = conn.execute("EXPLAIN (VERBOSE, FORMAT JSON) " + sql).fetchone()
    assert row is not None
    plan = row[0] if not isinstance(row[0], str) else json.loads(row[0])
    found: list[list[str]] = []

    def walk(node: dict[str, Any]) -> None:
        if node["Node Type"] in ("Sort", "Incremental Sort"):
            found.append([str(k) for k in node["Sort Key"]])
        for child in node.get("Plans", []):
            walk(child)

    walk(plan[0]["Plan"])
    return found


@pytest.mark.parametrize("seed", [21, 22])
def test_string_keys_grouped_bytewise_give_the_same_groups_and_samples(
        new_db: str, seed: int) -> None:
    """text, varchar and char(n) keys at the database's default collation are sorted
    under COLLATE "C" (byte equality is a deterministic collation's equality); counts
    and samples equal the check as written, on strings that differ by case, accents,
    trailing blanks and emptiness. The samples are still ordered at the column's own
    collation (the outer sort has no COLLATE "C"), and a column with a collation of
    its own is not rewritten."""
    rnd = random.Random(seed)
    words = ["a", "A", "a ", "", " ", "é", "e", "É", "b", "ß", "ss", "x" * 30, "Ω", None]
    data = [(i, rnd.choice(words), rnd.choice(words), rnd.choice(words), rnd.randint(0, 3),
             rnd.choice(words), rnd.choice(words)) for i in range(2000)]
    with psycopg.connect(new_db, autocommit=True) as conn:
        conn.execute('CREATE TABLE s (id int PRIMARY KEY, t text, v varchar(40), f char(40),'
                     ' n int, own text COLLATE "pg_c_utf8", posix text COLLATE "POSIX")'
                     if conn.info.server_version >= 170000 else
                     'CREATE TABLE s (id int PRIMARY KEY, t text, v varchar(40), f char(40),'
                     ' n int, own text COLLATE "C.utf8", posix text COLLATE "POSIX")')
        with conn.cursor() as cur:
            cur.executemany("INSERT INTO s VALUES (%s, %s, %s, %s, %s, %s, %s)", data)
        conn.execute("ANALYZE s")
    checks = [
        Duplicates("public", "s", keys=("t",), labels=("t",)),
        Duplicates("public", "s", keys=("n", "v"), labels=("n", "v")),
        Duplicates("public", "s", keys=("f", "t"), labels=("f", "t"), nulls_not_distinct=True),
        Duplicates("public", "s", keys=("v", "n"), labels=("v", "n"), predicate="n > 0"),
        Duplicates("public", "s", keys=("posix", "t"), labels=("posix", "t")),
        Duplicates("public", "s", keys=("own",), labels=("own",)),
    ]
    with read_only_snapshot(new_db) as conn:
        table = read_catalog(conn, ["public"]).table("public", "s")
        planned = [grouping(c, table) for c in checks]
        assert [(g.how, g.check.bytewise) for g in planned] == [
            ("sort", (0,)), ("sort", (1,)), ("sort", (0, 1)), ("sort", (0,)),
            ("sort", (1,)), ("hash", ())]
        for check, (_how, settings, runs) in zip(checks, planned, strict=True):
            for samples in (True, False):
                assert evaluate(conn, runs, all_rows=False, samples=samples,
                                settings=settings) == \
                    evaluate(conn, check, all_rows=False, samples=samples)
            found = evaluate(conn, runs, all_rows=False, samples=True, settings=settings)
            assert found["duplicate_groups"] > 0 and len(found["samples"]) == 5
            if not runs.bytewise:
                continue
            with conn.transaction(force_rollback=True):
                for name, value in settings.items():
                    conn.execute("SELECT set_config(%s, %s, true)", (name, value))
                sorts = _sort_keys(conn, runs.report_sql(5))
            assert not any('COLLATE "C"' in k for k in sorts[0])  # the samples' order
            assert any('COLLATE "C"' in k for keys in sorts[1:] for k in keys)  # groups


def _findings(checks: list[DataCheck]) -> list[Finding]:
    return [Finding(code=Code.MISSING_UNIQUE_CONSTRAINT, priority=Priority.MUST, schema="public",
                    table=c.table, object=f"c{i}", columns=(),
                    message="test", evidence={},
                    operations=(Guard(phase=Phase.EXPAND, check=c, schema="public",
                                      table=c.table, reason="test"),))
            for i, c in enumerate(checks)]


def test_jobs_share_one_snapshot_and_give_the_same_blockers(new_db: str) -> None:
    _fill(new_db, 9)
    findings = _findings([*_row_checks(), *_uniques()])
    session = Session(new_db, statement_timeout=None, lock_timeout="5s")
    try:
        one = data_blockers(session, findings)
        with psycopg.connect(new_db, autocommit=True) as conn:  # after the snapshot
            conn.execute("UPDATE t SET p = NULL, a = 1, n = -1")
        with session.twins(2) as twins:
            assert len(twins) == 2
            for twin in twins:  # they see what the session sees, not the update
                row = twin.conn.execute("SELECT count(*) FROM t WHERE p IS NULL").fetchone()
                assert row == session.conn.execute(
                    "SELECT count(*) FROM t WHERE p IS NULL").fetchone()
                assert twin.conn.execute("SHOW transaction_read_only").fetchone() == ("on",)
                assert twin.conn.execute("SHOW transaction_isolation").fetchone() == (
                    "repeatable read",)
        three = data_blockers(session, findings, jobs=3)
    finally:
        session.close()
    assert [f.evidence for f in three] == [f.evidence for f in one]
    assert len(one) == len(findings)  # every check has blocking rows in this data


def test_counts_and_samples_from_one_query(new_db: str) -> None:
    _fill(new_db, 11)
    checks = [
        Nulls("public", "t", sample_key=("id",), column="p"),
        CheckViolations("public", "t", sample_key=("id",), expression="n >= 0"),
        Orphans("public", "t", columns=("p",), ref_schema="public", ref_table="parent",
                ref_columns=("id",)),
        Duplicates("public", "t", keys=('"a"',), labels=("a",)),
    ]
    with read_only_snapshot(new_db) as conn:
        for check in checks:
            found = evaluate(conn, check, all_rows=False, samples=True)
            counts = conn.execute(check.count_sql()).fetchone()
            assert counts is not None
            assert found == {**check.evidence(counts), "samples": found["samples"],
                             "query": check.violations_sql()}
            assert check.violated(found)
            order = "rows DESC, " if not isinstance(check, Nulls | CheckViolations) else ""
            keys = ", ".join(str(i + 1) for i in range(len(found["samples"][0]["key"])))
            expected = conn.execute(f"SELECT * FROM ({check.violations_sql()}) v"
                                    f" ORDER BY {order}{keys} LIMIT 5").fetchall()
            assert [tuple(s["key"].values()) + (s["count"],) for s in found["samples"]] == \
                [tuple(r) for r in expected]
            # and when nothing violates: zeros and no samples, from the same query
        clean = CheckViolations("public", "t", sample_key=("id",), expression="id >= 0")
        assert evaluate(conn, clean, all_rows=False, samples=True)["violating_rows"] == 0


def test_work_mem_is_local_to_the_audit_transaction(new_db: str) -> None:
    with read_only_snapshot(new_db, work_mem="65536kB") as conn:
        assert conn.execute("SHOW work_mem").fetchone() == ("64MB",)
        assert conn.execute("SHOW transaction_read_only").fetchone() == ("on",)
    with read_only_snapshot(new_db) as conn:  # not the session's, nor the server's
        assert conn.execute("SHOW work_mem").fetchone() != ("64MB",)


def test_check_sessions_keep_work_mem_across_a_reconnect(new_db: str) -> None:
    from drift.check import WORK_MEM, Session

    session = Session(new_db, statement_timeout=None, lock_timeout="5s", work_mem=WORK_MEM)
    try:
        assert session.conn.execute("SHOW work_mem").fetchone() == ("64MB",)
        session.PAUSE = 0.01
        assert session.reconnect("a test")
        assert session.conn.execute("SHOW work_mem").fetchone() == ("64MB",)
        assert session.conn.execute("SHOW transaction_read_only").fetchone() == ("on",)
    finally:
        session.close()


def test_check_work_mem_option_reaches_the_audit_transaction(new_db: str, pg_server: str,
                                                             tmp_path: Path) -> None:
    """An invariant that reads work_mem in drift's own snapshot: broken unless it is
    the --work-mem given (or drift's default)."""
    schema = "CREATE TABLE t (id int PRIMARY KEY);\n"
    with psycopg.connect(new_db, autocommit=True) as conn:
        conn.execute(schema)
    (tmp_path / "schema.sql").write_text(schema)
    (tmp_path / "drift.toml").write_text(
        '[[invariants]]\nname = "work_mem"\ntable = "t"\npriority = "must"\n'
        "query = \"SELECT current_setting('work_mem') AS work_mem"
        " WHERE current_setting('work_mem') <> '128MB'\"\n")
    report = tmp_path / "report.json"

    def run(*extra: str) -> list[dict[str, object]]:
        done = subprocess.run([sys.executable, "-m", "drift", "check", "--expected",
                               str(tmp_path), "--db", new_db, "--scratch-url", pg_server,
                               "--json", str(report), *extra], capture_output=True,
                              text=True, check=False, timeout=120)
        assert done.returncode in (0, 1), done.stderr
        findings = json.loads(report.read_text())["findings"]
        return [f for f in findings if f["code"].startswith("DR50")]

    assert run("--work-mem", "128MB") == []
    broken = run()  # the default, 64MB
    assert [f["code"] for f in broken] == ["DR501"]
    assert broken[0]["evidence"]["samples"] == [{"key": {"work_mem": "64MB"}, "count": 1}]


def test_check_jobs_on_one_database_gives_the_same_report(new_db: str, pg_server: str,
                                                          tmp_path: Path) -> None:
    _fill(new_db, 13)
    (tmp_path / "schema.sql").write_text(
        "CREATE TABLE parent (id int PRIMARY KEY, x int, y int);\n"
        "CREATE TABLE t (id int PRIMARY KEY, a int UNIQUE, b int, c text, active boolean,"
        " p int NOT NULL REFERENCES parent (id), n int CHECK (n >= 0), UNIQUE (b, c));\n"
        "CREATE TABLE nokey (a int, c text);\n")

    def run(*extra: str) -> list[dict[str, object]]:
        report = tmp_path / f"report{len(extra)}.json"
        done = subprocess.run([sys.executable, "-m", "drift", "check", "--expected",
                               str(tmp_path), "--db", new_db, "--scratch-url", pg_server,
                               "--json", str(report), *extra], capture_output=True,
                              text=True, check=False, timeout=300)
        assert done.returncode == 3, done.stderr
        return list(json.loads(report.read_text())["findings"])

    one, three = run(), run("--jobs", "3")
    assert three == one
    assert {f["code"] for f in one} >= {"DR401", "DR402", "DR403", "DR404"}
