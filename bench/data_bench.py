"""Time drift's data checks for one table against the naive queries and the floor.

Why: issue 9's data scenario. One table of N rows gets, in the expected schema, three
new uniques (one partial), a new NOT NULL and a new foreign key, with a handful of
blocking rows for each. This prints, side by side in one run (medians of `--repeat`
whole-query wall times, same server, same work_mem):

- drift: `data_blockers` on the findings drift's own diff gives (every data check of
  the table: counts and samples), in its read-only snapshot;
- the same checks with the new uniques in one GROUPING SETS scan
  (`evaluate_together`), which drift does not use because it is slower;
- drift's checks the old way (a count scan plus a sample scan per check), for
  comparison;
- the naive `SELECT key, count(*) ... GROUP BY key HAVING count(*) > 1`, one per new
  unique (with the partial one's WHERE), added up, and the most expensive one;
- the naive queries added up again at the server's own work_mem (4MB by default),
  as a user would run them by hand;
- `SELECT count(*)` of the table: the floor.

Run: python bench/data_bench.py [--rows N] [--repeat N] [--work-mem SIZE] [--url URL]

Defaults (2M rows, 3 repeats) take about a minute on 2 cores; `--rows 10000000` is
the issue's scenario. Nothing here asserts on time: it only prints.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import psycopg

from drift.check import run_check
from drift.checks.base import Duplicates
from drift.checks.run import data_blockers, evaluate, evaluate_together
from drift.db import read_only_snapshot
from drift.options import MemorySize
from drift.plan.ops import Guard
from drift.scratch import embedded_url, scratch_database

EXPECTED = """
CREATE TABLE parent (id integer PRIMARY KEY);
CREATE TABLE t (
    id bigint PRIMARY KEY,
    a integer UNIQUE,
    b integer,
    c text,
    d integer,
    active boolean NOT NULL,
    parent_id integer REFERENCES parent (id),
    note text NOT NULL,
    UNIQUE (b, c)
);
CREATE UNIQUE INDEX t_d_active ON t (d) WHERE active;
"""

LIVE = """
CREATE TABLE parent (id integer PRIMARY KEY);
INSERT INTO parent SELECT g FROM generate_series(1, 1000) g;
CREATE TABLE t (id bigint PRIMARY KEY, a integer, b integer, c text, d integer,
                active boolean NOT NULL, parent_id integer, note text);
INSERT INTO t
SELECT g,
       CASE WHEN g % {every} = 7 THEN 1 ELSE g END,                  -- a: 1 duplicated
       g % 1000, (g / 1000)::text,                                    -- (b, c): unique
       CASE WHEN g % {every} = 11 THEN 2 ELSE g END,                  -- d: 2 duplicated
       g % 3 <> 0,                                                    -- active: 2/3
       CASE WHEN g % {every} = 13 THEN 5000 ELSE g % 1000 + 1 END,   -- orphans: 5000
       CASE WHEN g % {every} = 17 THEN NULL ELSE 'x' END              -- NULL notes
  FROM generate_series(1, {rows}) g;
UPDATE t SET c = '0', b = 1 WHERE id IN (1, 2);                       -- (b, c): 1 dup
UPDATE t SET active = true WHERE a = 1 OR d = 2;
VACUUM ANALYZE parent;
VACUUM ANALYZE t;
"""

NAIVE = {
    "a": "SELECT a, count(*) FROM t GROUP BY a HAVING count(*) > 1",
    "(b, c)": "SELECT b, c, count(*) FROM t GROUP BY b, c HAVING count(*) > 1",
    "d where active": "SELECT d, count(*) FROM t WHERE active GROUP BY d"
                      " HAVING count(*) > 1",
}


def fetch_all(conn: psycopg.Connection, sql: str) -> object:
    return conn.execute(sql.encode()).fetchall()


def interleaved(runs: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """Median wall time of each run, the runs interleaved round by round, so a change
    in the machine's load falls on all of them alike."""
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeat):
        for name, run in runs.items():
            started = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - started)
    return {name: statistics.median(t) for name, t in times.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work-mem", default="64MB",
                        help="work_mem for every query timed here (drift's default)")
    parser.add_argument("--url", help="a server to create the bench database on "
                                      "(default: the embedded PostgreSQL)")
    args = parser.parse_args()
    work_mem = MemorySize().convert(args.work_mem, None, None)
    server = args.url or embedded_url()
    with scratch_database(server, prefix="bench_data") as url, \
            tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        with psycopg.connect(url, autocommit=True) as conn:
            for statement in LIVE.format(rows=args.rows,
                                         every=max(args.rows // 5, 20)).split(";\n"):
                if statement.strip():
                    conn.execute(statement)
            version = conn.execute("SHOW server_version").fetchone()
        print(f"built {args.rows:,} rows in {time.perf_counter() - started:.1f}s", flush=True)
        expected = Path(tmp) / "schema.sql"
        expected.write_text(EXPECTED)
        findings = run_check(expected, url, data=False).findings
        guards = [op for f in findings for op in f.operations if isinstance(op, Guard)]

        with read_only_snapshot(url, work_mem=work_mem) as conn:
            blockers = data_blockers(conn, findings)
            conn.execute("SELECT set_config('work_mem', reset_val || unit, true)"
                         " FROM pg_settings WHERE name = 'work_mem'")
            shown = conn.execute("SHOW work_mem").fetchone()
            default_mem = str(shown[0]) if shown else "4MB"
            conn.execute("SELECT set_config('work_mem', %s, true)", (work_mem,))

            def old_way() -> None:  # a count scan, then a sample scan, per check
                for op in guards:
                    with conn.transaction():
                        counts = conn.execute(op.check.count_sql()).fetchone()
                        if counts and counts[0]:
                            conn.execute(op.check.samples_sql(5)).fetchall()

            uniques = [op.check for op in guards if isinstance(op.check, Duplicates)]
            others = [op.check for op in guards if not isinstance(op.check, Duplicates)]

            def grouping_sets() -> None:  # the uniques in one scan, the others alone
                evaluate_together(conn, uniques, samples=True)
                for check in others:
                    evaluate(conn, check, all_rows=False, samples=True)

            def naive_at_default() -> None:
                conn.execute("SELECT set_config('work_mem', %s, true)", (default_mem,))
                for sql in NAIVE.values():
                    conn.execute(sql).fetchall()
                conn.execute("SELECT set_config('work_mem', %s, true)", (work_mem,))

            runs: dict[str, Callable[[], object]] = {
                "drift": lambda: data_blockers(conn, findings),
                "together": grouping_sets,
                "old": old_way,
                **{key: partial(fetch_all, conn, sql) for key, sql in NAIVE.items()},
                "naive_default": naive_at_default,
                "floor": lambda: conn.execute("SELECT count(*) FROM t").fetchone(),
            }
            load = os.getloadavg()[0]
            medians = interleaved(runs, args.repeat)
            load = max(load, os.getloadavg()[0])
    drift, together, old = medians["drift"], medians["together"], medians["old"]
    naive = {key: medians[key] for key in NAIVE}
    naive_default, floor = medians["naive_default"], medians["floor"]

    naive_sum, naive_max = sum(naive.values()), max(naive.values())
    worst = max(naive, key=lambda k: naive[k])
    print(f"PostgreSQL {version[0] if version else '?'}, Python {platform.python_version()},"
          f" {args.rows:,} rows, work_mem {args.work_mem}, median of {args.repeat} interleaved"
          f" rounds, {os.cpu_count()} CPUs, load average up to {load:.1f}")
    print(f"checks: {len(guards)} ({len(uniques)} uniques, "
          f"{', '.join(sorted({op.check.kind for op in guards}))}); blockers found: "
          + ", ".join(f"{b.code} {b.evidence.get('duplicate_groups', '')}".strip()
                      for b in blockers))
    rows = [
        ("drift data checks (all checks of the table)", drift),
        ("  uniques in one GROUPING SETS scan instead", together),
        ("  the old way: count scan + sample scan per check", old),
        ("naive GROUP BY ... HAVING, 3 keys added up", naive_sum),
        *((f"  naive key {key}", seconds) for key, seconds in naive.items()),
        (f"naive added up at the server's work_mem ({default_mem})", naive_default),
        ("count(*) (the floor)", floor),
    ]
    for name, seconds in rows:
        print(f"{name:<52} {seconds:8.3f} s")
    print(f"drift / naive sum  {drift / naive_sum:6.2f}x   (goal <= 0.5x)")
    print(f"drift / max key    {drift / naive_max:6.2f}x   (goal <= 1.3x; max key: {worst})")
    print(f"drift / count(*)   {drift / floor:6.1f}x")
    print(f"drift / naive sum at the server's work_mem  {drift / naive_default:6.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
