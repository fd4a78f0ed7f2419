"""Run every guard's check on the live database and turn violations into blockers.

Each check runs inside a savepoint of the read-only snapshot, so one failing query
(a CHECK expression naming a column that is still to be renamed, say) is reported
as not evaluated and the rest go on. When the server ends the connection itself (a
hot standby does on a recovery conflict), the check is retried on a new connection,
if the caller gives a `Live` that can reconnect.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

import psycopg

from drift import evidence as ev
from drift.checks.base import (
    CheckViolations,
    DataCheck,
    Duplicates,
    Orphans,
    duplicates_in_one_scan,
)
from drift.db import run_untrusted
from drift.findings import Code, Finding


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
             samples: bool, limit: int = 5) -> ev.Evidence:
    """Counts (and samples) for one check, pushed down as one aggregate query: the
    samples come from the same scan as the counts (`DataCheck.report_sql`)."""
    with conn.transaction():
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


def _from_report(check: DataCheck, rows: list[tuple[Any, ...]], *,
                 samples: bool) -> ev.Evidence:
    """Evidence from rows of (key..., count, groups, total): no row means none."""
    groups, total = (int(rows[0][-2]), int(rows[0][-1])) if rows else (0, 0)
    evidence = check.evidence(check.totals(groups, total))
    if samples and check.violated(evidence):
        names = _sample_names(check)
        evidence = evidence.with_samples([_sample(check, r[:-2], names) for r in rows])
    return evidence


def evaluate_together(conn: psycopg.Connection, checks: list[Duplicates], *,
                      samples: bool, limit: int = 5) -> list[ev.Evidence]:
    """The evidence of several Duplicates checks of one table from ONE scan
    (`duplicates_in_one_scan`), each exactly what `evaluate` gives for it alone.

    `data_blockers` does not use it: measured (bench/data_bench.py), the one
    GROUPING SETS scan is slower than one query per key, because the cost is in
    hashing every key's groups, not in the scan, and PostgreSQL sorts the input for
    one of the sets when all the hash tables do not fit in hash_mem together."""
    with conn.transaction():
        _, rows = run_untrusted(conn, duplicates_in_one_scan(checks, limit))
    widths = [len(c.keys) for c in checks]
    starts = [1 + sum(widths[:i]) for i in range(len(checks))]
    out = []
    for i, check in enumerate(checks):
        mine = [row[starts[i]:starts[i] + widths[i]] + row[-4:-1]
                for row in rows if row[0] == i]
        out.append(_from_report(check, mine, samples=samples)
                   .with_query(check.violations_sql()))
    return out


class Live(Protocol):
    """The connection the checks run on, and a way to replace it once it is lost."""

    @property
    def conn(self) -> psycopg.Connection: ...

    def lost(self) -> bool: ...

    def reconnect(self, reason: str) -> bool: ...


class _Fixed:
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


def data_blockers(conn: psycopg.Connection | Live, findings: list[Finding], *,
                  samples: bool = True) -> list[Finding]:
    live = _Fixed(conn) if isinstance(conn, psycopg.Connection) else conn
    out = []
    for finding in findings:
        for op in finding.operations:
            check = getattr(op, "check", None)
            if not isinstance(check, DataCheck):
                continue  # a guard carries a data check, no other step does
            try:
                evidence = _evaluate(live, check, all_rows=getattr(op, "report_all_rows", False),
                                     samples=samples)
            except psycopg.errors.UndefinedColumn as exc:
                if not _on_new_column(finding, findings, exc):
                    out.append(_not_evaluated(finding, check, exc))
                continue  # the plan adds the column first: existing rows hold no value
            except psycopg.Error as exc:
                out.append(_not_evaluated(finding, check, exc, lost=live.lost()))
                continue
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


def _evaluate(live: Live, check: DataCheck, *, all_rows: bool,
              samples: bool) -> ev.Evidence:
    while True:
        try:
            return evaluate(live.conn, check, all_rows=all_rows, samples=samples)
        except psycopg.Error as exc:
            if not retrying(live, exc):
                raise


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
