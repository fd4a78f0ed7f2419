"""The check pipeline: load the target, read the live side, diff, run data checks."""

from __future__ import annotations

import contextlib
import json
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import psycopg

from drift.db import read_only_snapshot, same_snapshot
from drift.errors import DriftInputError
from drift.findings import Code, Finding
from drift.gcpause import gc_paused
from drift.inspect import read_catalog
from drift.inspect.reader import read_privileges, schema_sizes
from drift.model import Catalog, ObjectKind
from drift.sources import Expected, materialised, resolve
from drift.spec import Invariant, Priority, Spec, load_spec
from drift.sqltext import NameMap, ident

if TYPE_CHECKING:
    from drift.checks.run import Live
    from drift.progress import Progress

# What only some runs need (the data checks, estimates, invariants, re-printing for
# another major) is imported where it is used: `check --no-data` on a snapshot does
# without it. The diff and the planner are imported by `check_against`, while the
# live read `run_check` started waits on the server.


@dataclass
class CheckResult:
    expected: Expected
    live: Catalog
    findings: list[Finding]
    target_url: str
    timings: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def spec(self) -> Spec:
        return self.expected.spec


def at_or_above(findings: list[Finding], level: Priority) -> list[Finding]:
    return [f for f in findings if f.priority.rank >= level.rank]


def select(findings: list[Finding], priority: Priority = Priority.DEFER,
           phase: str | None = None) -> list[Finding]:
    """Findings at or above `priority` whose fix has a step in `phase` (if given)."""
    chosen = at_or_above(findings, priority)
    if phase is not None:
        chosen = [f for f in chosen if any(op.phase.label == phase for op in f.operations)]
    return chosen


def exit_code(findings: list[Finding], fail_on: Priority) -> int:
    """0 clean, 1 drift, 3 drift with at least one data blocker (at or above `fail_on`)."""
    failing = [f for f in at_or_above(findings, fail_on) if f.is_drift]
    if not failing:
        return 0
    return 3 if any(f.is_blocker for f in failing) else 1


def live_invariants(spec: Spec, names: NameMap) -> tuple[Invariant, ...]:
    """Invariants are written in target names; they run in the names live now."""
    from drift.diff.context import spec_sql

    out = []
    for inv in spec.invariants:
        where = f"invariant {inv.name}"
        out.append(replace(
            inv, table=names.tables.get(inv.table, inv.table),
            check=spec_sql(names, inv.check, spec.source, where, inv.table)
            if inv.check else None,
            query=spec_sql(names, inv.query, spec.source, where) if inv.query else None))
    return tuple(out)


def _backfill_has_work(conn: psycopg.Connection, finding: Finding) -> bool:
    """A declared backfill of an existing column (DR108) is reported only while the
    column has NULLs for it to fill; plans (which read no data) always carry it."""
    if finding.code != Code.BACKFILL_DECLARED:
        return True
    from drift.plan.ops import Backfill

    op = finding.operations[0]
    assert isinstance(op, Backfill)
    try:
        with conn.transaction():
            row = conn.execute(f"SELECT EXISTS (SELECT 1 FROM {op.relation} WHERE "
                               f"{ident(op.column)} IS NULL)").fetchone()
    except psycopg.Error:
        return True
    return bool(row and row[0])


# work_mem for the audit transaction (`check --work-mem`): the data checks' hash
# aggregates spill to disk under PostgreSQL's default 4MB. Set locally, for drift's
# own read-only transaction only; each sort or hash of a query may use this much
# (hashes up to hash_mem_multiplier times it).
WORK_MEM = "65536kB"  # 64MB


class Session:
    """The read-only snapshot drift reads the live side in, opened again when the
    server ends the connection (a hot standby does on a recovery conflict).

    At most `RECONNECTS` times per run, each with up to `ATTEMPTS` tries and a doubling
    pause. Every reconnect is a new snapshot, later than the one before: `notes` says
    so, for the report.
    """

    RECONNECTS = 3
    ATTEMPTS = 3
    PAUSE = 0.5  # seconds before the first try; doubled after each failed one

    def __init__(self, url: str, *, statement_timeout: str | None, lock_timeout: str,
                 work_mem: str | None = None) -> None:
        self.url, self.statement_timeout, self.lock_timeout = url, statement_timeout, lock_timeout
        self.work_mem = work_mem
        self.phase = "catalog read"
        self.notes: list[str] = []
        self._context: Any = None
        self._gave_up = False
        self.tries = 0  # connection attempts made to reconnect
        self._open()

    @property
    def conn(self) -> psycopg.Connection:
        return self._conn

    def _open(self) -> None:
        context = read_only_snapshot(self.url, statement_timeout=self.statement_timeout,
                                     lock_timeout=self.lock_timeout, work_mem=self.work_mem)
        self._conn = context.__enter__()
        self._context = context

    def close(self) -> None:
        with contextlib.suppress(psycopg.Error):
            self._context.__exit__(None, None, None)

    @contextlib.contextmanager
    def twins(self, n: int) -> Iterator[list[Live]]:
        """Up to `n` more read-only connections, set up as this one is, each in a
        transaction that imports this one's snapshot (`db.same_snapshot`, on a hot
        standby too): what they read is as of the same instant. Fewer when a
        connection cannot be opened; none when the snapshot cannot be exported."""
        from drift.checks.run import Fixed

        with contextlib.ExitStack() as stack:
            try:
                openers = stack.enter_context(same_snapshot(self._conn, n, on_standby=True))
            except psycopg.Error:
                openers = []
            out: list[Live] = []
            for opener in openers:
                try:
                    out.append(Fixed(stack.enter_context(opener)))
                except (DriftInputError, psycopg.Error):
                    break
            yield out

    def lost(self) -> bool:
        from drift.checks.run import lost

        return lost(self._conn)

    def reconnect(self, reason: str) -> bool:
        if self._gave_up or len(self.notes) >= self.RECONNECTS:
            return False
        self.close()
        for attempt in range(self.ATTEMPTS):
            time.sleep(self.PAUSE * 2 ** attempt)
            self.tries += 1
            try:
                self._open()
            except (DriftInputError, psycopg.Error):
                continue
            self.notes.append(
                f"the server ended drift's connection during the {self.phase} ({reason}); "
                f"drift reconnected, and what it read after that is as of a new snapshot, "
                f"later than the one before (snapshot {len(self.notes) + 2})")
            return True
        self._gave_up = True  # the server is not coming back: the other checks fail fast
        return False


def run_check(expected_path: Path, db_url: str, *, scratch_url: str | None = None,
              schemas: tuple[str, ...] | None = None, samples: bool = True,
              data: bool = True, statement_timeout: str | None = None,
              lock_timeout: str = "5s", partial: bool = False,
              work_mem: str | None = WORK_MEM, jobs: int = 1,
              progress: Progress | None = None, estimate: bool = False,
              depends: bool = True) -> CheckResult:
    """`partial`: report what a lock held elsewhere kept drift from reading (DR601) and
    go on; without it such a lock is bad input (a plan must not be built on it).
    `jobs`: connections the data checks run on, all in one snapshot; `progress`: where
    long data checks show progress (the command line's stderr, when a terminal);
    `estimate`: instead of the data checks, notes from pg_stats labelled as estimates
    (drift.checks.estimate), never findings. Without `depends`, the live catalog's
    pg_depend pairs are not read (`CheckResult.live` then cannot order a plan): for a
    check that reports and builds no plan."""
    started = time.perf_counter()
    with gc_paused():
        live_read = _LiveRead.start(expected_path, db_url, schemas=schemas, partial=partial,
                                    statement_timeout=statement_timeout,
                                    lock_timeout=lock_timeout, work_mem=work_mem,
                                    depends=depends)
        try:
            with materialised(expected_path, scratch_url, schemas) as (expected, scratch):
                loaded = time.perf_counter() - started
                result = check_against(expected, scratch, db_url, schemas=schemas,
                                       samples=samples, data=data,
                                       statement_timeout=statement_timeout,
                                       lock_timeout=lock_timeout, partial=partial,
                                       work_mem=work_mem, jobs=jobs, progress=progress,
                                       estimate=estimate, live_read=live_read,
                                       depends=depends)
        finally:
            if live_read is not None:
                live_read.abandon()  # unless check_against took it: the target failed to load
    result.timings = {"load_expected": loaded, **result.timings}
    return result


def _snapshot_schemas(path: Path) -> list[str] | None:
    """The `schemas` list at the head of a snapshot file, read without loading it (a
    guess: `check_against` uses a read made for it only if the target, once loaded,
    wants exactly these schemas); None when not found there."""
    with path.open("rb") as f:
        head = f.read(_HEAD)
    match = re.search(rb'^\{\s*(?:"[a-z_]+"\s*:\s*(?:"[^"\\]*"|\d+)\s*,\s*)*"schemas"\s*:\s*'
                      rb'(\[[^\]]*\])', head)
    if match is None:
        return None
    try:
        found = json.loads(match.group(1))
    except ValueError:  # e.g. a "]" inside a name: no guess
        return None
    return [s for s in found if isinstance(s, str)] if isinstance(found, list) else None


_HEAD = 65536  # bytes of a snapshot's head searched for its schemas


class _LiveRead:
    """The live catalog read, started on a thread before a snapshot target is loaded:
    the read mostly waits on the server, the load is pure Python, so they overlap.

    The schemas it reads are the ones the snapshot's head lists (in drift.toml's
    scope); `check_against` takes it only when the loaded target wants exactly those,
    else it is abandoned (its session closed) and the read made again as before. Its
    errors are raised where the read's are raised without it (after the target is
    loaded, so a bad target is still reported first)."""

    def __init__(self, db_url: str, wanted: list[str], compare_privileges: bool,
                 schemas: tuple[str, ...] | None, partial: bool,
                 session: dict[str, Any], depends: bool = True) -> None:
        self.wanted, self.compare_privileges = wanted, compare_privileges
        self.depends = depends
        self._args = (db_url, schemas, partial, session)
        self._lock = threading.Lock()
        self._abandoned = False
        self._result: tuple[Session, Catalog, float] | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="drift-live-read", daemon=True)
        self._thread.start()

    @classmethod
    def start(cls, expected_path: Path, db_url: str, *, schemas: tuple[str, ...] | None,
              partial: bool, statement_timeout: str | None, lock_timeout: str,
              work_mem: str | None, depends: bool = True) -> _LiveRead | None:
        """The read started, or None when the target is no snapshot (or its head does
        not say its schemas): errors here are left for `materialised` to report."""
        try:
            source, spec_path = resolve(expected_path)
            if source.suffix != ".json":
                return None
            spec = load_spec(spec_path)
            listed = _snapshot_schemas(source)
        except (DriftInputError, OSError, ValueError):
            return None
        if listed is None and schemas is None:
            return None
        wanted = [s for s in schemas or listed or () if spec.in_scope(s)]
        return cls(db_url, wanted, spec.compare_privileges, schemas, partial,
                   {"statement_timeout": statement_timeout, "lock_timeout": lock_timeout,
                    "work_mem": work_mem}, depends)

    def _run(self) -> None:
        db_url, schemas, partial, args = self._args
        started = time.perf_counter()
        try:
            session = Session(db_url, **args)
        except BaseException as exc:  # raised again by take(), where it was raised before
            self._error = exc
            return
        try:
            live = read_live(session, self.wanted, schemas, partial, self.compare_privileges,
                             depends=self.depends)
        except BaseException as exc:
            session.close()
            self._error = exc
            return
        with self._lock:
            if self._abandoned:
                session.close()
                return
            self._result = (session, live, time.perf_counter() - started)

    def take(self) -> tuple[Session, Catalog, float]:
        """The open session, the live catalog and the read's wall time (or its error)."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        with self._lock:
            result, self._result = self._result, None
        assert result is not None
        return result

    def abandon(self) -> None:
        """Not wanted: its session is closed (by the thread, if it is still reading)."""
        with self._lock:
            self._abandoned = True
            result, self._result = self._result, None
        if result is not None:
            result[0].close()


def read_live(session: Session, wanted: list[str], schemas: tuple[str, ...] | None,
              partial: bool, privileges: bool, helpers: int | None = None,
              depends: bool = True) -> Catalog:
    """The live catalog of the `wanted` schemas, with the schemas present (and owners
    and grants when compared), read again on a new session after a lost connection.
    `helpers`: sessions the catalog read may open beside the first (None: the reader's
    default, `inspect.reader.HELPERS`), so that a fleet keeps to its connection budget."""
    while True:
        try:
            live = read_catalog(session.conn, wanted, partial=partial, helpers=helpers,
                                depends=depends)
            present = {name: size for name, size in schema_sizes(session.conn).items()
                       if schemas is None or name in schemas}
            live = replace(live, present_schemas=present)
            if privileges:
                live = replace(live, privileges=read_privileges(session.conn, wanted))
            return live
        except psycopg.Error as exc:
            from drift.checks.run import retrying

            if not retrying(session, exc):
                raise


def check_against(expected: Expected, scratch: str | None, db_url: str, *,
                  schemas: tuple[str, ...] | None = None, samples: bool = True,
                  data: bool = True, statement_timeout: str | None = None,
                  lock_timeout: str = "5s", partial: bool = False,
                  work_mem: str | None = WORK_MEM, jobs: int = 1,
                  progress: Progress | None = None, estimate: bool = False,
                  helpers: int | None = None,
                  live_read: _LiveRead | None = None, depends: bool = True) -> CheckResult:
    """Check one target against an expected schema already materialised (`scratch`:
    the scratch database that holds it, or None for a snapshot), so that many targets
    can share one materialisation (drift.fleet). It reads `expected` and never changes
    it, so several threads may call it at once, each with its own snapshot.
    `helpers`: sessions the catalog read may open beside the first (None: the reader's
    default, `inspect.reader.HELPERS`), so that a fleet keeps to its connection budget.
    `live_read`: the read `run_check` started while the target loaded, if any.
    `depends`: read the live pg_depend pairs (only a plan needs them: run_check)."""
    from drift.diff import compare, name_map
    from drift.plan.ops import Guard
    from drift.plan.strategies import attach

    timings: dict[str, float] = {}
    wanted = [s for s in schemas or expected.catalog.schemas if expected.spec.in_scope(s)]
    read_time: float | None = None
    if live_read is not None and (live_read.wanted, live_read.compare_privileges,
                                  live_read.depends) == (
            wanted, expected.spec.compare_privileges, depends):
        session, live, read_time = live_read.take()  # read while the target loaded
    else:
        if live_read is not None:
            live_read.abandon()
        session = Session(db_url, statement_timeout=statement_timeout,
                          lock_timeout=lock_timeout, work_mem=work_mem)
    try:
        started = time.perf_counter()
        if read_time is None:
            live = read_live(session, wanted, schemas, partial,
                             expected.spec.compare_privileges, helpers, depends)
        else:
            started -= read_time
        if scratch is not None:
            from drift.inspect.reprint import needs_reprint, reprint, search_path

            if needs_reprint(live, expected.catalog):
                # another major prints the same definitions differently (inspect.reprint)
                live = reprint(live, expected.catalog, scratch, search_path(session.conn))
        timings["inspect"] = time.perf_counter() - started
        started = time.perf_counter()
        findings = attach(compare(expected.catalog, live, expected.spec), live)
        findings = not_read(findings, live, expected.catalog, expected.spec)
        timings["diff"] = time.perf_counter() - started
        started = time.perf_counter()
        if data and estimate:  # pg_stats only: notes labelled as estimates, no finding
            from drift.checks.estimate import LABEL as ESTIMATE_LABEL
            from drift.checks.estimate import estimates

            guards = [op for f in findings for op in f.operations if isinstance(op, Guard)]
            session.notes += estimates(session.conn, [op.check for op in guards])
            if expected.spec.invariants:
                session.notes.append(f"{ESTIMATE_LABEL}: the invariants were not evaluated")
        elif data:
            from drift.checks.invariants import invariant_findings
            from drift.checks.run import data_blockers

            session.phase = "data checks"
            findings = [f for f in findings if _backfill_has_work(session.conn, f)]
            findings += data_blockers(session, findings, samples=samples, catalog=live,
                                      jobs=jobs, progress=progress)
            names = name_map(expected.catalog, live, expected.spec)
            for invariant in live_invariants(expected.spec, names):
                while True:
                    found = invariant_findings(session.conn, (invariant,), live,
                                               samples=samples)
                    if not (session.lost() and session.reconnect(found[0].message
                                                                 if found else "")):
                        break
                findings += found
        timings["data_checks"] = time.perf_counter() - started
    finally:
        session.close()
    findings.sort(key=Finding.sort_key)
    return CheckResult(expected=expected, live=live, findings=findings, target_url=db_url,
                       timings=timings, notes=[*expected.notes, *session.notes])


_BY_NAME = {Code.PENDING_TABLE_RENAME}  # rests on the table names alone: still true


def not_read(findings: list[Finding], live: Catalog, expected: Catalog,
             spec: Spec) -> list[Finding]:
    """One DR601 per relation drift could not read, instead of the findings about it.

    What the diff says of such a relation rests on a partial read (a locked table is
    listed with its columns but without defaults, constraints or indexes; a locked view
    is left out), so those findings are withheld, never reported as missing or changed:
    that would be false. A locked table the target does not have is still unexpected
    (DR221), and a declared rename of a locked table still pending (DR301): they rest
    on names alone. A locked view the target does not have is a DR601 at DR231's
    priority.
    """
    views_wanted = {(o.schema, o.name) for o in expected.objects.values()
                    if o.kind is ObjectKind.VIEW}
    renamed = {(r.schema, r.old): (r.schema, r.new) for r in spec.renames
               if r.kind == "table" and (r.schema, r.new) in expected.tables}
    unread = {key: why for key, why in live.unread.items()
              if (key[0] == "view" or key[1:] in expected.tables or key[1:] in renamed)
              and key[2] not in spec.ignore_tables and ".".join(key[1:]) not in spec.ignore_tables}
    if not unread:
        return findings
    tables = {(s, n) for k, s, n in unread if k == "table"}
    tables |= {renamed[key] for key in tables if key in renamed}
    views = {(s, n) for k, s, n in unread if k == "view"}
    kept = [f for f in findings if f.code in _BY_NAME or (
        (f.schema, f.table) not in tables
        and not (f.evidence.get("kind") == "view" and (f.schema, f.object) in views))]
    for (kind, schema, name), why in sorted(unread.items()):
        is_table = kind == "table"
        target = renamed.get((schema, name)) if is_table else None  # reported under the
        kept.append(Finding(                                          # target's name
            code=Code.OBJECT_NOT_READ, schema=schema,
            table=(target[1] if target else name) if is_table else "",
            object=name if target or not is_table else None,
            priority=spec.priority_for(schema, name, None) if is_table else spec.priority_for(
                schema, name, name, None if (schema, name) in views_wanted else Priority.SHOULD),
            message=f"{kind} {schema}.{name} was not read: {why}; it is not compared"
                    + (" and its data is not checked" if is_table else ""),
            evidence={"kind": kind, "error": why}))
    return kept
