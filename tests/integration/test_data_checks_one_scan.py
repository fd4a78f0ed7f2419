"""Data checks read each table once: counts and samples from the same scan, and
several new uniques of one table in one GROUPING SETS scan, exactly equal to the
per-key queries (counts and samples) on randomized data with NULLs and partial
predicates."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from drift.checks.base import (
    CheckViolations,
    Duplicates,
    Nulls,
    Orphans,
    duplicates_in_one_scan,
)
from drift.checks.run import evaluate, evaluate_together
from drift.db import read_only_snapshot


def _fill(url: str, seed: int, rows: int = 3000) -> None:
    rnd = random.Random(seed)

    def maybe(value: object, null: float) -> object:
        return None if rnd.random() < null else value

    data = [(i, maybe(rnd.randint(0, 300), 0.1), maybe(rnd.randint(0, 6), 0.2),
             maybe(rnd.choice(["a", "b", "C", "d", None]), 0.1), rnd.random() < 0.5,
             maybe(rnd.randint(0, 40), 0.3), maybe(rnd.randint(-3, 50), 0.1))
            for i in range(rows)]
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE parent (id int PRIMARY KEY)")
        conn.execute("INSERT INTO parent SELECT g FROM generate_series(0, 30) g")
        conn.execute("CREATE TABLE t (id int PRIMARY KEY, a int, b int, c text,"
                     " active boolean, p int, n int)")
        with conn.cursor() as cur:
            cur.executemany("INSERT INTO t VALUES (%s, %s, %s, %s, %s, %s, %s)", data)
        conn.execute("ANALYZE t")


def _checks() -> list[Duplicates]:
    return [
        Duplicates("public", "t", keys=('"a"',), labels=("a",)),
        Duplicates("public", "t", keys=('"a"', '"b"'), labels=("a", "b")),
        Duplicates("public", "t", keys=('"b"', '"c"'), labels=("b", "c"),
                   nulls_not_distinct=True),
        Duplicates("public", "t", keys=('"a"',), labels=("a",), predicate='"active"'),
        Duplicates("public", "t", keys=("lower(c)", '"b"'), labels=("lower(c)", "b"),
                   predicate="b > 2"),  # NULL b: the predicate is NULL, the row is out
        Duplicates("public", "t", keys=('"c"',), labels=("c",), nulls_not_distinct=True,
                   predicate='"active"'),
    ]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_one_scan_equals_each_key_alone(new_db: str, seed: int) -> None:
    _fill(new_db, seed)
    checks = _checks()
    with read_only_snapshot(new_db) as conn:
        alone = [evaluate(conn, c, all_rows=False, samples=True) for c in checks]
        together = evaluate_together(conn, checks, samples=True)
        # the old two-scan way, as the reference for counts and samples
        for check, found in zip(checks, alone, strict=True):
            groups, rows = conn.execute(check.count_sql()).fetchone() or (0, 0)
            assert (found["duplicate_groups"], found["duplicate_rows"]) == (groups, rows)
            expected = conn.execute(check.samples_sql(5)).fetchall()
            assert [tuple(s["key"].values()) + (s["count"],) for s in found["samples"]] == \
                [tuple(r) for r in expected]
    assert together == alone
    assert all(e["duplicate_groups"] > 0 for e in alone)  # the data does have duplicates
    with read_only_snapshot(new_db) as conn:  # NULLs group only when asked to
        distinct = evaluate(conn, Duplicates("public", "t", keys=('"b"', '"c"'),
                                             labels=("b", "c")), all_rows=False, samples=False)
    assert alone[2]["duplicate_rows"] > distinct["duplicate_rows"] > 0

def test_one_scan_is_one_scan(new_db: str) -> None:
    _fill(new_db, 7)
    with read_only_snapshot(new_db) as conn:
        row = conn.execute("EXPLAIN (FORMAT JSON) "
                           + duplicates_in_one_scan(_checks(), 5)).fetchone()
    assert row is not None
    plan = row[0] if not isinstance(row[0], str) else json.loads(row[0])
    scans: list[str] = []

    def walk(node: dict[str, object]) -> None:
        if node.get("Relation Name") == "t":
            scans.append(str(node["Node Type"]))
        for child in node.get("Plans", []):  # type: ignore[attr-defined]
            walk(child)

    walk(plan[0]["Plan"])
    assert scans == ["Seq Scan"]


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
