"""Writers against the plan: a unique switch and a foreign key on a 200k-row table under load.

Why: the README says the plan's steps are safe while the application keeps writing
(CONCURRENTLY builds, NOT VALID then VALIDATE, USING INDEX, a `lock_timeout` on every
step). This script runs the plan drift computes, statement by statement, while writer
threads insert and update the same table, and measures what the writers feel.

Run: python bench/load_bench.py [--events N] [--writers N] [--baseline S] [--grouping G]

The scenario (also used by tests/integration/test_under_load.py, which imports it):

- live: `accounts` (2,000 rows) and `events` (200,000 rows), no UNIQUE (account_id, n)
  and no foreign key events.account_id -> accounts.id; the data is clean;
- target: the same tables plus `uq_events_account_n` and `fk_events_account`;
- the plan is `build_plan(run_check(...).findings)`, executed on one autocommit
  connection with `drift.render.common.statements(op)`, consecutive transactional
  steps of a phase sharing a transaction exactly as `render_sql` (and so psql) does
  (`--grouping op` commits after every step instead, for comparison);
- N writers (own autocommit connection each, `lock_timeout = '5s'`) loop until the
  migration is over plus a short tail, bounded by an op count and a hard deadline:
  inserts with a fresh (account_id, n) and a valid parent, and payload updates of
  random existing rows. Writer 0 also inserts deliberate duplicates of an existing
  (account_id, n), but only once the unique index is VALID (the migrator checks
  `pg_index.indisvalid` right after the CONCURRENTLY build returns and only then
  releases them), so each must fail with unique_violation. A duplicate slipping in
  *before or during* the build makes the build fail; that race is a different one,
  proved in tests/integration/test_races.py.

Evidence of lock waits: every session sets `log_lock_waits = on`, `deadlock_timeout =
'10ms'` and `client_min_messages = log` (superuser settings: skipped, and said so, when
not allowed), so PostgreSQL tells the waiting session itself "still waiting for ..."
and "acquired ... after N ms"; the notices are kept with the statement that waited.

Every figure is wall-clock (`time.perf_counter`). Nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

from drift.check import run_check
from drift.db import connect
from drift.findings import Finding
from drift.plan import Plan, build_plan
from drift.plan.ops import (
    AddConstraint,
    AddConstraintUsingIndex,
    CreateIndex,
    Guard,
    Operation,
    SetNotNull,
    ValidateConstraint,
)
from drift.render.common import statements
from drift.scratch import embedded_url, scratch_database
from drift.sqltext import qualified

ACCOUNTS = 2_000
EVENTS = 200_000
UNIQUE = "uq_events_account_n"
FOREIGN_KEY = "fk_events_account"
# Steps that take a table lock stronger than SHARE UPDATE EXCLUSIVE, or scan under one:
# the ones lock_timeout is there for.
LOCKING = (AddConstraint, ValidateConstraint, AddConstraintUsingIndex, SetNotNull)
LOCK_NOT_AVAILABLE = "55P03"
UNIQUE_VIOLATION = "23505"

TABLES_SQL = """
CREATE TABLE accounts (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email text,
    created_at timestamptz DEFAULT now()
);
CREATE TABLE events (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id bigint,
    kind text,
    payload text,
    n int{extra}
);
"""
TARGET_CONSTRAINTS = f""",
    CONSTRAINT {UNIQUE} UNIQUE (account_id, n),
    CONSTRAINT {FOREIGN_KEY} FOREIGN KEY (account_id) REFERENCES accounts (id)"""

# Row i of events gets the pair ((i - 1) % accounts + 1, (i - 1) / accounts): all
# distinct, every n below events / accounts. Writer w inserts n from (w + 1) * 10^6 on.
FILL_SQL = """
INSERT INTO accounts (email) SELECT 'user' || i || '@example.com' FROM generate_series(1, {a}) i;
INSERT INTO events (account_id, kind, payload, n)
SELECT (i - 1) % {a} + 1, 'k' || i % 7, md5(i::text), (i - 1) / {a}
FROM generate_series(1, {e}) i;
"""
FRESH_N = 1_000_000


# -- the scenario -------------------------------------------------------------------------

def create_live(url: str, *, events: int = EVENTS, accounts: int = ACCOUNTS) -> int:
    """The live schema with its rows; returns the number of events."""
    with connect(url, autocommit=True) as conn:
        conn.execute(TABLES_SQL.format(extra="").encode())
        conn.execute(FILL_SQL.format(a=int(accounts), e=int(events)).encode())
        conn.execute("VACUUM (ANALYZE) accounts, events")
        row = conn.execute("SELECT count(*) FROM events").fetchone()
    return int(row[0]) if row else 0


def write_target(directory: Path) -> Path:
    """An expected directory: the live tables plus the unique and the foreign key."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "schema.sql").write_text(TABLES_SQL.format(extra=TARGET_CONSTRAINTS))
    return directory


def compute_plan(target: Path, url: str, scratch_url: str) -> tuple[Plan, list[Finding]]:
    """drift's own plan for the live database, and the findings it fixes (with data checks,
    so a blocker would show up here rather than as a failed guard)."""
    result = run_check(target, url, scratch_url=scratch_url)
    return build_plan(result.findings, result.live, target=result.expected.catalog), result.findings


def count_events(url: str) -> int:
    with connect(url, autocommit=True) as conn:
        row = conn.execute("SELECT count(*) FROM events").fetchone()
    return int(row[0]) if row else 0


def relation_names(url: str) -> dict[int, str]:
    with connect(url, autocommit=True) as conn:
        rows = conn.execute("SELECT oid::int8, relname FROM pg_class"
                            " WHERE relname IN ('events', 'accounts')").fetchall()
    return {int(oid): str(name) for oid, name in rows}


def count_by_kind(url: str) -> dict[str, int]:
    with connect(url, autocommit=True) as conn:
        rows = conn.execute("SELECT kind, count(*) FROM events WHERE kind NOT LIKE 'k%'"
                            " GROUP BY kind").fetchall()
    return {str(kind): int(n) for kind, n in rows}


# -- lock-wait evidence -------------------------------------------------------------------

def watch_lock_waits(conn: psycopg.Connection, sink: list[tuple[float, str]]) -> bool:
    """Have PostgreSQL tell this session when it waits on a lock (log_lock_waits) and
    collect the messages in `sink`. False when the settings need a superuser."""

    def keep(diag: psycopg.errors.Diagnostic) -> None:
        text = diag.message_primary or ""
        if "waiting for" in text or "acquired" in text:
            sink.append((time.perf_counter(), text))

    conn.add_notice_handler(keep)
    try:
        conn.execute("SET log_lock_waits = on")
        conn.execute("SET deadlock_timeout = '10ms'")
    except psycopg.errors.InsufficientPrivilege:
        return False
    conn.execute("SET client_min_messages = log")
    return True


# -- writers ------------------------------------------------------------------------------

@dataclass
class Sample:
    start: float
    end: float
    kind: str  # insert | update | duplicate
    sqlstate: str | None  # None: it succeeded

    @property
    def latency(self) -> float:
        return self.end - self.start


@dataclass
class WriterStats:
    name: str
    samples: list[Sample] = field(default_factory=list)
    lock_waits: list[tuple[float, str]] = field(default_factory=list)
    fatal: str | None = None  # the writer stopped on a connection-level failure

    def count(self, kind: str, *, ok: bool | None = None) -> int:
        return sum(1 for s in self.samples if s.kind == kind
                   and (ok is None or (s.sqlstate is None) == ok))

    @property
    def errors(self) -> Counter[str]:
        return Counter(f"{s.kind}:{s.sqlstate}" for s in self.samples if s.sqlstate)


@dataclass(frozen=True)
class LoadConfig:
    events: int = EVENTS
    accounts: int = ACCOUNTS
    writers: int = 4
    baseline: float = 3.0  # seconds of writing before the migration starts
    tail: float = 1.0  # seconds of writing after it ends
    min_duplicates: int = 20  # the tail lasts until writer 0 has tried this many
    duplicate_every: int = 10  # writer 0: one op in this many, once the index is VALID
    max_ops: int = 1_000_000  # per writer
    deadline: float = 50.0  # seconds from the writers' start; writers stop, whatever happens
    grouping: str = "phase"  # "phase": as render_sql; "op": one transaction per step
    seed: int = 42


class Writer(threading.Thread):
    def __init__(self, url: str, number: int, config: LoadConfig, *, ready: threading.Barrier,
                 stop: threading.Event, index_valid: threading.Event, deadline: float) -> None:
        super().__init__(name=f"writer-{number}", daemon=True)
        self.url, self.number, self.config = url, number, config
        self.ready, self.stop, self.index_valid, self.deadline = ready, stop, index_valid, deadline
        self.stats = WriterStats(self.name)
        self.duplicates = number == 0
        self.lock_log = False

    def run(self) -> None:
        rng = random.Random(self.config.seed * 1000 + self.number)
        fresh = (self.number + 1) * FRESH_N
        try:
            with connect(self.url, autocommit=True, application=self.name) as conn:
                conn.execute("SET lock_timeout = '5s'")
                self.lock_log = watch_lock_waits(conn, self.stats.lock_waits)
                self.ready.wait()
                ops = 0
                while (not self.stop.is_set() and ops < self.config.max_ops
                       and time.perf_counter() < self.deadline):
                    ops += 1
                    if (self.duplicates and self.index_valid.is_set()
                            and ops % self.config.duplicate_every == 0):
                        i = rng.randrange(self.config.events)
                        self.execute(conn, "duplicate",
                                     "INSERT INTO events (account_id, kind, payload, n)"
                                     " VALUES (%s, 'dup', 'dup', %s)",
                                     (i % self.config.accounts + 1, i // self.config.accounts))
                    elif rng.random() < 0.5:
                        fresh += 1
                        self.execute(conn, "insert",
                                     "INSERT INTO events (account_id, kind, payload, n)"
                                     " VALUES (%s, %s, 'new', %s)",
                                     (rng.randint(1, self.config.accounts), self.name, fresh))
                    else:
                        self.execute(conn, "update",
                                     "UPDATE events SET payload = %s WHERE id = %s",
                                     (f"u{ops}", rng.randint(1, self.config.events)))
        except Exception as exc:  # recorded, and the test fails on it
            self.stats.fatal = f"{type(exc).__name__}: {exc}"
            self.ready.abort()

    def execute(self, conn: psycopg.Connection, kind: str, sql: str,
                params: tuple[object, ...]) -> None:
        start = time.perf_counter()
        state: str | None = None
        try:
            conn.execute(sql.encode(), params)
        except psycopg.Error as exc:
            if conn.closed:
                raise
            state = exc.sqlstate or type(exc).__name__
        self.stats.samples.append(Sample(start, time.perf_counter(), kind, state))


# -- the migration ------------------------------------------------------------------------

@dataclass
class StatementRun:
    phase: str
    op: Operation | None  # None for BEGIN / COMMIT
    label: str
    start: float
    end: float
    sqlstate: str | None = None
    lock_waits: list[str] = field(default_factory=list)

    @property
    def duration(self) -> float:
        return self.end - self.start

    @property
    def locking(self) -> bool:
        """The DDL of a lock-taking step (not its SET ... timeouts)."""
        return isinstance(self.op, LOCKING) and not self.label.startswith("SET ")


@dataclass
class Migration:
    statements: list[StatementRun] = field(default_factory=list)
    phases: dict[str, tuple[float, float]] = field(default_factory=dict)
    error: str | None = None
    lock_log: bool = False

    @property
    def start(self) -> float:
        return self.statements[0].start

    @property
    def end(self) -> float:
        return self.statements[-1].end


def labelled(op: Operation) -> list[tuple[str, str]]:
    """`statements(op)`, each with a short name: the DDL itself rather than its wrapper."""
    texts = statements(op)
    ddl = op.statements()
    names = texts[:len(texts) - len(ddl)]  # the timeouts, and a leftover's removal
    names = ["drop INVALID leftover, if any" if "drift_invalid" in n else n for n in names]
    if isinstance(op, Guard):
        names.append(f"guard {op.check.code} ({op.check.describe()})")
    else:
        names += [" ".join(s.split()) for s in ddl]
    return list(zip(texts, names, strict=True))


def migrate(url: str, plan: Plan, *, grouping: str = "phase",
            on_index_valid: threading.Event | None = None) -> Migration:
    """Run the plan statement by statement on one autocommit connection, timing each.

    Stops at the first error, as `psql -v ON_ERROR_STOP=1` would; the error is recorded.
    `on_index_valid` is set once a unique index built CONCURRENTLY is VALID.
    """
    if grouping not in ("phase", "op"):
        raise ValueError(f"grouping must be 'phase' or 'op', not {grouping!r}")
    migration = Migration()
    waits: list[tuple[float, str]] = []
    with connect(url, autocommit=True, application="drift-plan") as conn:
        migration.lock_log = watch_lock_waits(conn, waits)

        def run(phase: str, op: Operation | None, text: str, name: str) -> None:
            record = StatementRun(phase, op, name, time.perf_counter(), 0.0)
            migration.statements.append(record)
            try:
                conn.execute(text.encode())
            except psycopg.Error as exc:
                record.sqlstate = exc.sqlstate or type(exc).__name__
                raise
            finally:
                record.end = time.perf_counter()
                record.lock_waits = [text for _, text in waits]
                waits.clear()

        open_tx = False
        try:
            for phase in plan.phases:
                started = time.perf_counter()
                for op in plan.phase(phase):
                    if op.transactional and not open_tx:
                        run(phase.label, None, "BEGIN", "BEGIN")
                        open_tx = True
                    elif not op.transactional and open_tx:
                        run(phase.label, None, "COMMIT", "COMMIT")
                        open_tx = False
                    for statement, name in labelled(op):
                        run(phase.label, op, statement, name)
                    if open_tx and grouping == "op":
                        run(phase.label, None, "COMMIT", "COMMIT")
                        open_tx = False
                    if isinstance(op, CreateIndex) and op.index.unique and on_index_valid:
                        name = qualified(op.schema, op.index.name)
                        valid = conn.execute("SELECT indisvalid FROM pg_index WHERE indexrelid"
                                             " = to_regclass(%s)", (name,)).fetchone()
                        if valid and valid[0]:
                            on_index_valid.set()
                if open_tx:
                    run(phase.label, None, "COMMIT", "COMMIT")
                    open_tx = False
                migration.phases[phase.label] = (started, time.perf_counter())
        except psycopg.Error as exc:
            migration.error = f"{exc.sqlstate}: {str(exc).strip().splitlines()[0]}"
            if open_tx:
                conn.execute("ROLLBACK")
        finally:
            conn.execute("RESET lock_timeout")
            conn.execute("RESET statement_timeout")
    return migration


# -- one run ------------------------------------------------------------------------------

@dataclass
class LoadRun:
    config: LoadConfig
    plan: Plan
    findings_before: list[Finding]
    findings_after: list[Finding]
    rows_before: int
    rows_after: int
    rows_by_kind: dict[str, int]
    writers: list[WriterStats]
    migration: Migration
    writing_from: float  # all writers connected and released
    writing_to: float  # stop asked
    writer_lock_log: bool
    relations: dict[int, str]  # oid -> name, to read the lock-wait messages

    @property
    def samples(self) -> list[Sample]:
        return [s for w in self.writers for s in w.samples]

    def inserted(self) -> int:
        return sum(w.count("insert", ok=True) + w.count("duplicate", ok=True)
                   for w in self.writers)

    def windows(self) -> dict[str, tuple[float, float]]:
        """Named time windows: before the migration, each phase, all of it, after it."""
        m = self.migration
        out = {"baseline": (self.writing_from, m.start)}
        out.update(m.phases)
        out["migration"] = (m.start, m.end)
        out["after"] = (m.end, self.writing_to)
        return out

    def throughput(self, window: tuple[float, float]) -> float:
        """Writer statements (successful or not) finished in the window, per second."""
        start, end = window
        done = sum(1 for s in self.samples if start <= s.end < end)
        return done / (end - start) if end > start else 0.0

    def overlapping(self, window: tuple[float, float]) -> list[Sample]:
        start, end = window
        return [s for s in self.samples if s.start < end and s.end > start]

    def started(self, window: tuple[float, float]) -> list[Sample]:
        start, end = window
        return [s for s in self.samples if start <= s.start < end]

    def named(self, text: str) -> str:
        """A lock-wait message with relation oids replaced by names."""
        for oid, name in self.relations.items():
            text = text.replace(f"relation {oid} ", f"relation {oid} ({name}) ")
        return text


def run_load(url: str, scratch_url: str, workdir: Path,
             config: LoadConfig | None = None) -> LoadRun:
    """Build the scenario in the empty database `url`, compute drift's plan, run it under
    load, and check the result; returns everything measured (asserts nothing)."""
    config = config or LoadConfig()
    target = write_target(workdir / "target")
    rows_before = create_live(url, events=config.events, accounts=config.accounts)
    plan, findings_before = compute_plan(target, url, scratch_url)

    ready = threading.Barrier(config.writers + 1)
    stop, index_valid = threading.Event(), threading.Event()
    deadline = time.perf_counter() + config.deadline
    writers = [Writer(url, i, config, ready=ready, stop=stop, index_valid=index_valid,
                      deadline=deadline) for i in range(config.writers)]
    for writer in writers:
        writer.start()
    try:
        ready.wait(timeout=30)
        writing_from = time.perf_counter()
        time.sleep(config.baseline)
        migration = migrate(url, plan, grouping=config.grouping, on_index_valid=index_valid)
        # the tail: `config.tail` seconds, and until writer 0 has tried its duplicates
        tail_end = time.perf_counter() + config.tail
        duplicates = writers[0]
        while time.perf_counter() < deadline and (
                time.perf_counter() < tail_end
                or (duplicates.is_alive() and index_valid.is_set()
                    and duplicates.stats.count("duplicate") < config.min_duplicates)):
            time.sleep(0.05)
    finally:
        stop.set()
        writing_to = time.perf_counter()
        for writer in writers:
            writer.join(timeout=config.deadline)

    findings_after = run_check(target, url, scratch_url=scratch_url).findings
    return LoadRun(config=config, plan=plan, findings_before=findings_before,
                   findings_after=findings_after, rows_before=rows_before,
                   rows_after=count_events(url), rows_by_kind=count_by_kind(url),
                   writers=[w.stats for w in writers], migration=migration,
                   writing_from=writing_from, writing_to=writing_to,
                   writer_lock_log=all(w.lock_log for w in writers),
                   relations=relation_names(url))


# -- report -------------------------------------------------------------------------------

def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def print_report(run: LoadRun) -> None:
    m = run.migration
    print(f"plan: {len(run.plan.operations)} steps, "
          f"{sum(1 for s in m.statements if s.op is not None)} statements; "
          f"grouping={run.config.grouping}; migration "
          f"{'FAILED ' + m.error if m.error else 'completed'} in {m.end - m.start:.2f}s")

    print("\nplan statements (wall ms; lock waits PostgreSQL reported to the session):")
    for s in m.statements:
        if s.label.startswith("SET "):
            continue
        flag = " [locking]" if s.locking else ""
        state = f" FAILED {s.sqlstate}" if s.sqlstate else ""
        print(f"  {s.phase:<7}{s.duration * 1000:>9.1f}  {s.label[:88]}{flag}{state}")
        for text in s.lock_waits:
            print(f"  {'':<7}{'':>9}    log_lock_waits: {run.named(text)}")
    if not m.lock_log:
        print("  (log_lock_waits not available to this role: no lock-wait messages)")

    windows = run.windows()
    base = run.throughput(windows["baseline"])
    print(f"\nwriters ({run.config.writers}): statements finished per second (all kinds), "
          "and latency of the statements started, per window:")
    print(f"  {'window':<10}{'seconds':>8}{'ops/s':>9}{'vs baseline':>13}"
          f"{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}")
    for name, window in windows.items():
        rate = run.throughput(window)
        lat = [s.latency * 1000 for s in run.started(window)]
        ratio = f"{rate / base:.2f}" if base else "-"
        print(f"  {name:<10}{window[1] - window[0]:>8.2f}{rate:>9.0f}{ratio:>13}"
              f"{percentile(lat, 0.5):>9.2f}{percentile(lat, 0.99):>9.2f}"
              f"{max(lat, default=0.0):>9.1f}")

    during = run.overlapping((m.start, m.end))
    if during:
        worst = max(during, key=lambda s: s.latency)
        blame = [s.label for s in m.statements
                 if s.start < worst.end and s.end > worst.start and not s.label.startswith("SET")]
        print(f"\nmax writer statement latency during the migration: {worst.latency * 1000:.1f} ms"
              f" ({worst.kind}); plan statements running meanwhile: {blame}")

    errors: Counter[str] = Counter()
    waits = 0
    for w in run.writers:
        errors.update(w.errors)
        waits += sum(1 for _, text in w.lock_waits if "acquired" in text)
    dup = sum(w.count("duplicate") for w in run.writers)
    print(f"writer errors: {dict(errors) or 'none'}; duplicates tried after the index was "
          f"VALID: {dup}; writer lock waits over 10 ms: {waits}"
          + ("" if run.writer_lock_log else " (log_lock_waits not available)"))
    for w in run.writers:
        for _, text in w.lock_waits:
            if "acquired" in text:
                print(f"  {w.name}: {run.named(text)}")
    fatal = [f"{w.name}: {w.fatal}" for w in run.writers if w.fatal]
    if fatal:
        print(f"WRITERS STOPPED: {fatal}")
    print(f"rows: {run.rows_before} before + {run.inserted()} inserted = "
          f"{run.rows_before + run.inserted()}; after: {run.rows_after}; "
          f"drift check afterwards: {len(run.findings_after)} findings")


def print_environment(url: str, config: LoadConfig) -> None:
    with connect(url) as conn:
        row = conn.execute("SELECT current_setting('server_version')").fetchone()
    print(f"PostgreSQL {row[0] if row else '?'} (embedded), psycopg {psycopg.__version__}, "
          f"Python {platform.python_version()}, {os.cpu_count()} CPUs")
    print(f"events={config.events}, accounts={config.accounts}, writers={config.writers}, "
          f"baseline={config.baseline}s, tail={config.tail}s, seed={config.seed}")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=EVENTS)
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--baseline", type=float, default=3.0)
    parser.add_argument("--tail", type=float, default=1.0)
    parser.add_argument("--grouping", choices=("phase", "op", "both"), default="both",
                        help="phase: steps of a phase share a transaction (render_sql, psql);"
                             " op: one transaction per step; both: one run of each")
    parser.add_argument("--seed", type=int, default=42)
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    server = embedded_url()
    groupings = ("phase", "op") if args.grouping == "both" else (args.grouping,)
    failed = False
    for i, grouping in enumerate(groupings):
        config = LoadConfig(events=args.events, writers=args.writers, baseline=args.baseline,
                            tail=args.tail, grouping=grouping, seed=args.seed)
        if i == 0:
            print_environment(server, config)
        print(f"\n===== grouping={grouping} =====")
        with tempfile.TemporaryDirectory() as tmp, \
                scratch_database(server, prefix="drift_load") as url:
            started = time.perf_counter()
            run = run_load(url, server, Path(tmp), config)
            print(f"(scenario built, planned, run and checked in "
                  f"{time.perf_counter() - started:.1f}s)")
            print_report(run)
        failed = failed or bool(run.migration.error or run.findings_after)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
