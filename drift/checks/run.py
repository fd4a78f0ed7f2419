"""Run every guard's check on the live database and turn violations into blockers.

Each check runs inside a savepoint of the read-only snapshot, so one failing query
(a CHECK expression naming a column that is still to be renamed, say) is reported
as not evaluated and the rest go on. When the server ends the connection itself (a
hot standby does on a recovery conflict), the check is retried on a new connection,
if the caller gives a `Live` that can reconnect.
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple, Protocol, cast

import psycopg

from drift import evidence as ev
from drift.checks.base import (
    CheckViolations,
    DataCheck,
    Duplicates,
    Orphans,
    RowCheck,
    _key_count,
    row_checks_in_one_scan,
)
from drift.db import run_untrusted
from drift.findings import Code, Finding
from drift.model import Catalog, Column, Table
from drift.progress import Progress
from drift.sqltext import ident


def _sample(check: DataCheck, row: tuple[Any, ...], names: tuple[str, ...]) -> ev.Sample:
    key = {name: jsonable(value) for name, value in zip(names, row[:-1], strict=True)}
    return ev.Sample(key=key, count=int(row[-1]))


def jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _sample_names(check: DataCheck) -> tuple[str, ...]:
    if isinstance(check, Duplicates):
        return check.labels
    if isinstance(check, Orphans):
        return check.columns
    key = getattr(check, "sample_key", ())
    return tuple(key) or ("ctid",)


def evaluate(conn: psycopg.Connection, check: DataCheck, *, all_rows: bool,
             samples: bool, limit: int = 5,
             settings: dict[str, str] | None = None) -> ev.Evidence:
    """Counts (and samples) for one check, pushed down as one aggregate query: the
    samples come from the same scan as the counts (`DataCheck.report_sql`).
    `settings` (planner settings, see `grouping`) hold for this check only."""
    with conn.transaction(), _settings(conn, settings or {}):
        if all_rows:  # the column is not there yet: every existing row will be NULL
            _, rows = run_untrusted(conn, f"SELECT count(*) FROM {check.relation}")
            evidence = check.evidence(rows[0] if rows else (0,))
        elif not samples:
            _, rows = run_untrusted(conn, check.count_sql())
            evidence = check.evidence(rows[0] if rows else (0, 0))
        else:
            _, rows = run_untrusted(conn, check.report_sql(limit))
            evidence = _from_report(check, rows, samples=True)
    return evidence.with_query(check.violations_sql())


@contextlib.contextmanager
def _settings(conn: psycopg.Connection, settings: dict[str, str]) -> Iterator[None]:
    """`settings` for the block, then the values from before (an error in the block
    rolls the savepoint back, and them with it). The savepoint itself is released, not
    rolled back, so the locks the check took stay held, as for every read of the
    snapshot."""
    before = {}
    for name, value in settings.items():
        row = conn.execute("SELECT current_setting(%s), set_config(%s, %s, true)",
                           (name, name, value)).fetchone()
        before[name] = row[0] if row else ""
    yield
    for name, value in before.items():
        conn.execute("SELECT set_config(%s, %s, true)", (name, value))


def _from_report(check: DataCheck, rows: list[tuple[Any, ...]], *,
                 samples: bool) -> ev.Evidence:
    """Evidence from rows of (key..., count, groups, total): no row means none."""
    groups, total = (int(rows[0][-2]), int(rows[0][-1])) if rows else (0, 0)
    evidence = check.evidence(check.totals(groups, total))
    if samples and check.violated(evidence):
        names = _sample_names(check)
        evidence = evidence.with_samples([_sample(check, r[:-2], names) for r in rows])
    return evidence


def evaluate_rows_together(conn: psycopg.Connection, checks: Sequence[RowCheck | Orphans], *,
                           samples: bool, limit: int = 5) -> list[ev.Evidence]:
    """The evidence of a table's NULL, CHECK and orphan checks from ONE scan
    (`row_checks_in_one_scan`), each exactly what `evaluate` gives for it alone."""
    with conn.transaction():
        _, rows = run_untrusted(conn, row_checks_in_one_scan(checks, limit if samples else 1))
    widths = [_key_count(c) for c in checks]
    starts = [1 + sum(widths[:i]) for i in range(len(checks))]
    out = []
    for i, check in enumerate(checks):
        mine = [row[starts[i]:starts[i] + widths[i]] + row[-4:-1]
                for row in rows if row[0] == i]
        out.append(_from_report(check, mine, samples=samples)
                   .with_query(check.violations_sql()))
    return out


# Key types that sort fast (fixed width, compared without a collation): for keys of
# these, grouping by sorting beats PostgreSQL's hash aggregate, which the planner picks
# but which spills once the groups outgrow hash_mem. A new unique key is mostly
# distinct, so there are about as many groups as rows. Measured (bench/data_bench.py,
# 64MB work_mem, one int key): 2M rows 0.95 s sorted vs 2.2 s hashed; 10M rows 5.5 s
# (external merge) vs 11.4 s (9 hash batches).
SORTS_FAST = frozenset({
    "smallint", "integer", "bigint", "oid", "boolean", "date", "real", "double precision",
    "timestamp without time zone", "timestamp with time zone", "time without time zone",
    "uuid",
})

# Collations whose order is the bytes' order: a string key at one of these sorts fast.
BYTE_ORDER = frozenset({'pg_catalog."C"', 'pg_catalog."POSIX"'})


def _string(column: Column) -> bool:
    """text, varchar or char(n) (not an array, a domain or citext): types whose equality
    at a deterministic collation is byte equality (char(n) ignoring trailing blanks,
    under every collation alike)."""
    kind = column.type
    return kind in ("text", "bpchar") or (kind.startswith("character")
                                           and not kind.endswith("]"))


def _bytewise(column: Column) -> bool:
    """A string key at the database's default collation, which is deterministic (a
    database's default collation cannot be otherwise): grouped under COLLATE "C", it
    gives the same groups, and sorts by comparing bytes instead of calling strcoll.
    A column with a collation of its own (perhaps nondeterministic) is left alone.
    Measured (bench/data_bench.py's key (b, c), c text, 10M rows, 64MB work_mem):
    21.6 s sorted so (the planner's parallel sort) vs 37.0 s hashed."""
    return _string(column) and column.collation is None


class Grouping(NamedTuple):
    how: str  # "index", "sort" or "hash"
    settings: dict[str, str]  # planner settings for the check's query only
    check: Duplicates  # the check as it runs: string keys grouped bytewise to sort


def grouping(check: Duplicates, table: Table | None) -> Grouping:
    """How the server should group `check`'s keys, read from the live catalog:
    "index" when a valid btree index of the table leads with exactly the key columns
    (and has the check's predicate, or none for a check without one), so the groups
    come in order from an index-only scan; "sort" for keys of types in SORTS_FAST and
    string keys at a byte-ordered collation or at the database's default one (those
    grouped under COLLATE "C", `Duplicates.bytewise`); "hash" otherwise (the planner's
    own choice). The settings go into the check's savepoint; neither they nor the
    collation change the result, only the plan (tested against the check as written)."""
    columns = {ident(c.name): c for c in table.columns} if table else {}
    keyed = [columns.get(k) for k in check.keys]
    if table is None or any(c is None for c in keyed):
        return Grouping("hash", {}, check)  # an expression key, or a column not there yet
    known = [c for c in keyed if c is not None]
    names = {c.name for c in known}
    for index in table.indexes:
        lead = index.keys[:len(names)]
        if (index.method == "btree" and index.valid and len(lead) == len(names)
                and not any(index.key_is_expression[:len(names)]) and set(lead) == names
                and index.predicate == check.predicate):
            return Grouping("index", {"enable_hashagg": "off", "enable_sort": "off"}, check)
    if all(c.type in SORTS_FAST or (_string(c) and c.collation in BYTE_ORDER)
           or _bytewise(c) for c in known):
        bytewise = tuple(i for i, c in enumerate(known) if _bytewise(c))
        return Grouping("sort", {"enable_hashagg": "off"}, replace(check, bytewise=bytewise))
    return Grouping("hash", {}, check)


class Live(Protocol):
    """The connection the checks run on, and a way to replace it once it is lost."""

    @property
    def conn(self) -> psycopg.Connection: ...

    def lost(self) -> bool: ...

    def reconnect(self, reason: str) -> bool: ...


class Fixed:
    """A caller's own connection: when it is lost, it stays lost."""

    def __init__(self, conn: psycopg.Connection) -> None:
        self.conn = conn

    def lost(self) -> bool:
        return lost(self.conn)

    def reconnect(self, reason: str) -> bool:
        return False


def lost(conn: psycopg.Connection) -> bool:
    """The connection is gone, or its snapshot is (the transaction itself failed)."""
    return (conn.closed or conn.broken
            or conn.info.transaction_status is psycopg.pq.TransactionStatus.INERROR)


def retrying(live: Live, exc: psycopg.Error) -> bool:
    """After `exc`: True when a new connection is open to run the check again.

    Never after an administrator ended the session (57P01: `pg_terminate_backend`, a
    shutdown): that asks drift to stop. A hot standby's recovery conflict is 40001
    ("terminating connection due to conflict with recovery", a FATAL error: measured on
    PostgreSQL 18 for lock and snapshot conflicts, idle or in a savepoint), 57P04 when
    the database is dropped.
    """
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, psycopg.Error) and cause.sqlstate == "57P01":
            return False
        cause = cause.__context__
    reason = (str(exc).strip().splitlines() or [""])[0]
    if exc.diag.message_detail:  # e.g. "User was holding a relation lock for too long."
        reason += f": {exc.diag.message_detail}"
    return live.lost() and live.reconnect(reason)


class GuardLike(Protocol):
    """A plan's guard step, as this module reads it (checks does not import plan)."""

    @property
    def check(self) -> object: ...
    @property
    def report_all_rows(self) -> bool: ...


@dataclass
class _Unit:
    """One query's worth of checks: a table's row checks together, or one check."""

    guards: list[int]  # indexes into the guards of `data_blockers`
    checks: list[DataCheck]
    label: str
    all_rows: bool = False
    settings: dict[str, str] = field(default_factory=dict)


def _units(guards: list[GuardLike], catalog: Catalog | None) -> list[_Unit]:
    """Each table's row checks (NULLs, CHECKs, orphans) in one unit, one scan; each new
    unique in its own, grouped as `grouping` says. Largest tables' uniques first, so
    that parallel connections finish together."""
    units: list[_Unit] = []
    rows: dict[tuple[str, str], _Unit] = {}
    for i, op in enumerate(guards):
        check = op.check
        assert isinstance(check, DataCheck)  # a plan's guards carry drift's checks
        table = catalog.table(check.schema, check.table) if catalog else None
        if isinstance(check, RowCheck | Orphans) and not op.report_all_rows:
            unit = rows.get((check.schema, check.table))
            if unit is None:
                unit = rows[(check.schema, check.table)] = _Unit([], [], "")
                units.append(unit)
            unit.guards.append(i)
            unit.checks.append(check)
            unit.label = f"{check.schema}.{check.table}: " + ", ".join(
                sorted({c.kind for c in unit.checks}))
        elif isinstance(check, Duplicates):
            how, settings, runs = grouping(check, table)
            units.append(_Unit([i], [runs], f"{check.schema}.{check.table}: duplicate"
                                            f" ({', '.join(check.labels)}), {how}",
                               settings=settings))
        else:
            units.append(_Unit([i], [check], f"{check.schema}.{check.table}: {check.kind}",
                               all_rows=op.report_all_rows))
    return sorted(units, key=lambda u: not isinstance(u.checks[0], Duplicates))


_Result = ev.Evidence | tuple[psycopg.Error, bool]  # evidence, or (error, lost)


def _run_unit(live: Live, unit: _Unit, samples: bool) -> dict[int, _Result]:
    out: dict[int, _Result] = {}
    if len(unit.checks) > 1:
        checks = [c for c in unit.checks if isinstance(c, RowCheck | Orphans)]
        try:
            found = _retried(live, lambda conn: evaluate_rows_together(
                conn, checks, samples=samples))
            return dict(zip(unit.guards, found, strict=True))
        except psycopg.Error as exc:  # one check's SQL fails: each alone says which
            if live.lost():
                return {i: (exc, True) for i in unit.guards}
    for i, check in zip(unit.guards, unit.checks, strict=True):
        try:
            out[i] = _retried(live, lambda conn, c=check: evaluate(  # type: ignore[misc]
                conn, c, all_rows=unit.all_rows, samples=samples, settings=unit.settings))
        except psycopg.Error as exc:
            out[i] = (exc, live.lost())
    return out


def _retried(live: Live, run: Callable[[psycopg.Connection], Any]) -> Any:
    while True:
        try:
            return run(live.conn)
        except psycopg.Error as exc:
            if not retrying(live, exc):
                raise


def _run_all(live: Live, units: list[_Unit], samples: bool, jobs: int,
             progress: Progress | None) -> dict[int, _Result]:
    """Every unit, on `jobs` connections that share `live`'s snapshot (when `live` can
    open twins: `Session.twins`), else one after another on `live`."""
    results: dict[int, _Result] = {}
    sizes = _estimated_rows(live.conn, units) if progress and progress.enabled else {}

    def run(on: Live, unit: _Unit) -> None:
        check = unit.checks[0]
        rows = sizes.get((check.schema, check.table))
        with progress.task(unit.label, rows) if progress else contextlib.nullcontext():
            results.update(_run_unit(on, unit, samples))

    twins = getattr(live, "twins", None)
    if jobs <= 1 or len(units) <= 1 or twins is None:
        for unit in units:
            run(live, unit)
        return results
    queue = list(reversed(units))
    lock = threading.Lock()

    def worker(on: Live) -> None:
        while True:
            with lock:
                if not queue:
                    return
                unit = queue.pop()
            run(on, unit)

    with twins(min(jobs, len(units)) - 1) as others:
        with ThreadPoolExecutor(max_workers=1 + len(others)) as pool:
            for done in [pool.submit(worker, on) for on in [live, *others]]:
                done.result()
    return results


def _estimated_rows(conn: psycopg.Connection, units: list[_Unit]) -> dict[tuple[str, str], int]:
    """pg_class.reltuples of each table checked (for progress only; -1 if never
    analysed)."""
    tables = sorted({(u.checks[0].schema, u.checks[0].table) for u in units})
    try:
        with conn.transaction():
            rows = conn.execute(
                "SELECT s, t, c.reltuples::bigint FROM unnest(%s::text[], %s::text[]) AS k(s, t)"
                " JOIN pg_namespace n ON n.nspname = k.s"
                " JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = k.t",
                ([s for s, _ in tables], [t for _, t in tables])).fetchall()
    except psycopg.Error:
        return {}
    return {(s, t): int(n) for s, t, n in rows if n >= 0}


def data_blockers(conn: psycopg.Connection | Live, findings: list[Finding], *,
                  samples: bool = True, catalog: Catalog | None = None, jobs: int = 1,
                  progress: Progress | None = None) -> list[Finding]:
    """The data blockers of `findings`' guards. `catalog` (the live one) lets a new
    unique be grouped from an index that covers it (`grouping`); `jobs` > 1 runs the
    checks on that many connections sharing the snapshot, when `conn` can open them."""
    live = Fixed(conn) if isinstance(conn, psycopg.Connection) else conn
    guards = [(finding, op) for finding in findings for op in finding.operations
              if isinstance(getattr(op, "check", None), DataCheck)]  # a plan's guards
    results = _run_all(live, _units([cast(GuardLike, op) for _, op in guards], catalog),
                       samples, jobs, progress)
    out = []
    for i, (finding, op) in enumerate(guards):
        check = cast(GuardLike, op).check
        assert isinstance(check, DataCheck)
        result = results[i]
        if isinstance(result, tuple):
            exc, was_lost = result
            if isinstance(exc, psycopg.errors.UndefinedColumn):
                if not _on_new_column(finding, findings, exc):
                    out.append(_not_evaluated(finding, check, exc))
                continue  # the plan adds the column first: existing rows hold no value
            out.append(_not_evaluated(finding, check, exc, lost=was_lost))
            continue
        evidence = result
        if not check.violated(evidence):
            continue
        table, columns = finding.table, finding.columns
        if isinstance(check, CheckViolations) and check.located is not None:
            table, columns = check.located  # a domain's rows: where they are
        out.append(Finding(
            code=check.code, priority=finding.priority,
            schema=check.schema if table != finding.table else finding.schema,
            table=table, object=finding.object, columns=columns,
            message=f"{evidence.count_phrase()} would make {finding.code} "
                    f"{finding.object or ''} fail: {check.describe()}",
            evidence=evidence,
            operations=(op,)))  # the guard, in the phase the plan runs it
    return out


def _on_new_column(finding: Finding, findings: list[Finding],
                   exc: psycopg.errors.UndefinedColumn) -> bool:
    """True when the column PostgreSQL could not find is one the plan adds (DR102)."""
    named = re.search(r'column "([^"]+)" does not exist', exc.diag.message_primary or "")
    new = {(f.schema, f.table, f.object) for f in findings
           if f.code in (Code.MISSING_COLUMN, Code.RENAME_SUGGESTED)}
    wanted = (named.group(1).rsplit(".", 1)[-1],) if named else finding.columns
    return any((finding.schema, finding.table, c) in new for c in wanted)


def _not_evaluated(finding: Finding, check: DataCheck, exc: psycopg.Error, *,
                   lost: bool = False) -> Finding:
    reason = ((exc.diag.message_primary or str(exc)).strip().splitlines()
              or [type(exc).__name__])[0]
    if lost:
        reason += " (drift did not reconnect)"
    return Finding(
        code=Code.CHECK_NOT_EVALUATED, priority=finding.priority, schema=finding.schema,
        table=finding.table, object=finding.object, columns=finding.columns,
        message=f"could not check {check.describe()}: {reason}",
        evidence=ev.NotEvaluated(check=check.kind, error=reason, query=check.violations_sql()))
