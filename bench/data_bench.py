"""Time drift's data checks for one table against the naive queries and the floor.

Why: issue 9's data scenario. One table of N rows gets, in the expected schema, three
new uniques (one partial), a new NOT NULL and a new foreign key, with a handful of
blocking rows for each. It runs two scenarios on the same rows: first with no index
that covers a new key, then with legacy (non-unique) indexes on `a` and on `(b, c)`,
as a table about to get those uniques often has. Each prints, side by side in one
run (medians of `--repeat` whole-call wall times, rounds interleaved, same server,
same snapshot, same work_mem for drift and the naive queries):

- drift: `data_blockers` on the findings drift's own diff gives (every data check of
  the table: counts and samples), with the live catalog, on 1 connection and on
  `--jobs` connections sharing one snapshot;
- the naive `SELECT key, count(*) ... GROUP BY key HAVING count(*) > 1`, one per new
  unique (with the partial one's WHERE), added up, and the most expensive one;
- the naive queries added up again at the server's own work_mem (4MB by default),
  as a user would run them by hand;
- `SELECT count(*)` of the table: the floor;
- with the legacy indexes: drift's check of key `a` alone (grouped from the index);
- when the server is a local process: the server CPU seconds of each line (its
  backends and parallel workers): the work done, apart from waits for a core or a
  disk.

Run: python bench/data_bench.py [--rows N] [--repeat N] [--work-mem SIZE] [--jobs N]
[--url URL]

Defaults (2M rows, 3 repeats) take about 3 minutes on 2 loaded cores; `--rows
10000000` is the issue's scenario. Nothing here asserts on time: it only prints.
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

from drift.check import Session, run_check
from drift.checks.base import Duplicates
from drift.checks.run import data_blockers, evaluate, grouping
from drift.inspect import read_catalog
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


def _stat(pid: int | str) -> list[str]:
    """Fields of /proc/PID/stat after the command name (state is [0], ppid [1])."""
    with open(f"/proc/{pid}/stat") as f:
        return f.read().rsplit(")", 1)[1].split()


def server_cpu(postmaster: int | None) -> float | None:
    """CPU seconds the server has used so far: its processes alive (backends, parallel
    workers) and those it has reaped; None when the server is not a local process."""
    if postmaster is None:
        return None
    tick = os.sysconf("SC_CLK_TCK")
    try:
        own = _stat(postmaster)
    except OSError:
        return None
    total = sum(int(f) for f in own[11:15])  # utime, stime, cutime, cstime
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                fields = _stat(entry.name)
            except OSError:
                continue  # ended meanwhile
            if fields[1] == str(postmaster):
                total += int(fields[11]) + int(fields[12])
    return total / tick


def postmaster_of(conn: psycopg.Connection) -> int | None:
    """The local server's postmaster pid (the parent of this session's backend)."""
    row = conn.execute("SELECT pg_backend_pid()").fetchone()
    try:
        return int(_stat(row[0])[1]) if row else None
    except OSError:
        return None


def interleaved(runs: dict[str, Callable[[], object]], repeat: int,
                postmaster: int | None = None) -> tuple[dict[str, float], dict[str, float]]:
    """Median wall time of each run, the runs interleaved round by round, so a change
    in the machine's load falls on all of them alike; and the median server CPU
    seconds of each run (the server's processes, parallel workers included; empty
    when the server is not local): the work done, without the waits for a core or a
    disk that wall time includes."""
    times: dict[str, list[float]] = {name: [] for name in runs}
    cpu: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeat):
        for name, run in runs.items():
            before = server_cpu(postmaster)
            started = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - started)
            after = server_cpu(postmaster)
            if before is not None and after is not None:
                cpu[name].append(after - before)
    return ({name: statistics.median(t) for name, t in times.items()},
            {name: statistics.median(t) for name, t in cpu.items() if t})


LEGACY = ["CREATE INDEX t_a_legacy ON t (a)", "CREATE INDEX t_b_c_legacy ON t (b, c)",
          "VACUUM ANALYZE t"]


def scenario(url: str, findings: list, work_mem: str, jobs: int, repeat: int,
             ) -> tuple[tuple[dict[str, float], dict[str, float]], str, str, list[str]]:
    """Medians of every run of one scenario (wall and server CPU), the server's
    work_mem, the blockers found and how drift grouped each new unique."""
    guards = [op for f in findings for op in f.operations if isinstance(op, Guard)]
    session = Session(url, statement_timeout=None, lock_timeout="5s", work_mem=work_mem)
    try:
        conn = session.conn
        table = read_catalog(conn, ["public"]).table("public", "t")
        ways = [f"{', '.join(op.check.labels)}: {grouping(op.check, table)[0]}"
                for op in guards if isinstance(op.check, Duplicates)]
        blockers = data_blockers(session, findings, catalog=read_catalog(conn, ["public"]))
        found = ", ".join(f"{b.code} {b.evidence.get('duplicate_groups', '')}".strip()
                          for b in blockers)
        conn.execute("SELECT set_config('work_mem', reset_val || unit, true)"
                     " FROM pg_settings WHERE name = 'work_mem'")
        shown = conn.execute("SHOW work_mem").fetchone()
        default_mem = str(shown[0]) if shown else "4MB"
        conn.execute("SELECT set_config('work_mem', %s, true)", (work_mem,))
        catalog = read_catalog(conn, ["public"])

        def naive_at_default() -> None:
            conn.execute("SELECT set_config('work_mem', %s, true)", (default_mem,))
            for sql in NAIVE.values():
                conn.execute(sql).fetchall()
            conn.execute("SELECT set_config('work_mem', %s, true)", (work_mem,))

        key_a = next(op.check for op in guards if isinstance(op.check, Duplicates)
                     and op.check.labels == ("a",))
        _, a_settings, a_runs = grouping(key_a, table)
        runs: dict[str, Callable[[], object]] = {
            "drift": lambda: data_blockers(session, findings, catalog=catalog),
            "drift_jobs": lambda: data_blockers(session, findings, catalog=catalog,
                                                jobs=jobs),
            **{key: partial(fetch_all, conn, sql) for key, sql in NAIVE.items()},
            "naive_default": naive_at_default,
            "floor": lambda: conn.execute("SELECT count(*) FROM t").fetchone(),
            "drift_a": lambda: evaluate(conn, a_runs, all_rows=False, samples=True,
                                        settings=a_settings),
        }
        medians = interleaved(runs, repeat, postmaster_of(conn))
    finally:
        session.close()
    return medians, default_mem, found, ways


def report(title: str, timed: tuple[dict[str, float], dict[str, float]], default_mem: str,
           jobs: int, found: str, ways: list[str]) -> None:
    medians, cpu = timed
    naive = {key: medians[key] for key in NAIVE}
    naive_sum, naive_max = sum(naive.values()), max(naive.values())
    worst = max(naive, key=lambda k: naive[k])
    floor = medians["floor"]
    print(f"\n== {title}")
    print(f"blockers found: {found}; new uniques grouped by: {'; '.join(ways)}")
    rows = [
        ("drift data checks, 1 connection", "drift"),
        (f"drift data checks, --jobs {jobs} (one snapshot)", "drift_jobs"),
        ("naive GROUP BY ... HAVING, 3 keys added up", list(NAIVE)),
        *((f"  naive key {key}", key) for key in NAIVE),
        (f"naive added up at the server's work_mem ({default_mem})", "naive_default"),
        ("count(*) (the floor)", "floor"),
        ("drift's check of key a alone", "drift_a"),
    ]
    print(f"{'':<56} {'wall':>8}   {'server CPU' if cpu else ''}")
    for name, keys in rows:
        keys = keys if isinstance(keys, list) else [keys]
        spent = (f"{sum(cpu[k] for k in keys):8.3f} s" if cpu and keys != ["drift_jobs"]
                 else "")  # the other connections' backends end as the run does
        print(f"{name:<56} {sum(medians[k] for k in keys):8.3f} s {spent}")
    print(f"{'ratio (wall)':<40} {'1 conn':>8} {f'--jobs {jobs}':>9}   goal")
    for name, base, goal in (("drift / naive sum", naive_sum, "<= 0.5x"),
                             (f"drift / max key ({worst})", naive_max, "<= 1.3x"),
                             (f"drift / naive sum at {default_mem}",
                              medians["naive_default"], ""),
                             ("drift / count(*)", floor, "")):
        print(f"{name:<40} {medians['drift'] / base:7.2f}x {medians['drift_jobs'] / base:8.2f}x"
              f"   {goal}")
    print(f"{'key a alone / count(*)':<40} {medians['drift_a'] / floor:7.2f}x"
          f"{'':>10}   {'<= 3x (covered by an index)' if 'a: index' in ways else ''}")
    if cpu:
        naive_cpu = {key: cpu[key] for key in NAIVE}
        worst_cpu = max(naive_cpu, key=lambda k: naive_cpu[k])
        print(f"{'ratio (server CPU)':<40} {'1 conn':>8}")
        for name, base in (("drift / naive sum", sum(naive_cpu.values())),
                           (f"drift / max key ({worst_cpu})", naive_cpu[worst_cpu]),
                           ("drift / count(*)", cpu["floor"])):
            print(f"{name:<40} {_ratio(cpu['drift'], base)}")
        print(f"{'key a alone / count(*)':<40} {_ratio(cpu['drift_a'], cpu['floor'])}")


def _ratio(value: float, base: float) -> str:
    """value / base as 7.2fx; "-" when base is below the clock's resolution."""
    return f"{value / base:7.2f}x" if base > 0 else f"{'-':>8}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work-mem", default="64MB",
                        help="work_mem for every query timed here (drift's default)")
    parser.add_argument("--jobs", type=int, default=2,
                        help="connections for the second drift line (default 2)")
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
        load = os.getloadavg()[0]
        plain = scenario(url, findings, work_mem, args.jobs, args.repeat)
        with psycopg.connect(url, autocommit=True) as conn:
            for statement in LEGACY:
                conn.execute(statement)
        indexed = scenario(url, findings, work_mem, args.jobs, args.repeat)
        load = max(load, os.getloadavg()[0])
    print(f"PostgreSQL {version[0] if version else '?'}, Python {platform.python_version()},"
          f" {args.rows:,} rows, work_mem {args.work_mem} for drift and the naive queries,"
          f" median of {args.repeat} interleaved rounds, {os.cpu_count()} CPUs,"
          f" load average up to {load:.1f}")
    print(f"checks: {len(guards)} ({', '.join(sorted({op.check.kind for op in guards}))})")
    medians, default_mem, found, ways = plain
    report("no index covers a new key", medians, default_mem, args.jobs, found, ways)
    medians, default_mem, found, ways = indexed
    report("legacy indexes on a and (b, c)", medians, default_mem, args.jobs, found, ways)
    return 0


if __name__ == "__main__":
    sys.exit(main())
