"""Run every guard's check on the live database and turn violations into blockers.

Each check runs inside a savepoint of the read-only snapshot, so one failing query
(a CHECK expression naming a column that is still to be renamed, say) is reported
as not evaluated and the rest go on.
"""

from __future__ import annotations

import re
from typing import Any

import psycopg

from drift.checks.base import DataCheck, Duplicates, Orphans
from drift.findings import Code, Finding
from drift.plan.ops import Guard, Phase


def _sample(check: DataCheck, row: tuple[Any, ...], names: tuple[str, ...]) -> dict[str, Any]:
    key = {name: jsonable(value) for name, value in zip(names, row[:-1], strict=True)}
    return {"key": key, "count": int(row[-1])}


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
             samples: bool, limit: int = 5) -> dict[str, Any]:
    """Counts (and samples) for one check, pushed down as aggregate queries."""
    with conn.transaction():
        if all_rows:  # the column is not there yet: every existing row will be NULL
            row = conn.execute(f"SELECT count(*) FROM {check.relation}").fetchone()
            evidence = check.evidence(row or (0,))
        else:
            row = conn.execute(check.count_sql()).fetchone()
            evidence = check.evidence(row or (0, 0))
            if samples and check.violated(evidence):
                rows = conn.execute(check.samples_sql(limit)).fetchall()
                evidence["samples"] = [_sample(check, r, _sample_names(check)) for r in rows]
    evidence["query"] = check.violations_sql()
    return evidence


def data_blockers(conn: psycopg.Connection, findings: list[Finding], *,
                  samples: bool = True) -> list[Finding]:
    out = []
    for finding in findings:
        for op in finding.operations:
            if not isinstance(op, Guard):
                continue
            check = op.check
            assert isinstance(check, DataCheck)  # a plan's guards carry drift's checks
            try:
                evidence = evaluate(conn, check, all_rows=op.report_all_rows, samples=samples)
            except psycopg.errors.UndefinedColumn as exc:
                if not _on_new_column(finding, findings, exc):
                    out.append(_not_evaluated(finding, check, exc))
                continue  # the plan adds the column first: existing rows hold no value
            except psycopg.Error as exc:
                out.append(_not_evaluated(finding, check, exc))
                continue
            if not check.violated(evidence):
                continue
            out.append(Finding(
                code=check.code, priority=finding.priority, schema=finding.schema,
                table=finding.table, object=finding.object, columns=finding.columns,
                message=f"{_count_phrase(evidence)} would make {finding.code} "
                        f"{finding.object or ''} fail: {check.describe()}",
                evidence=evidence,
                operations=(op,) if op.phase is Phase.EXPAND else
                (Guard(phase=Phase.BACKFILL, schema=op.schema, table=op.table, check=check,
                       reason=op.reason),)))
    return out


def _on_new_column(finding: Finding, findings: list[Finding],
                   exc: psycopg.errors.UndefinedColumn) -> bool:
    """True when the column PostgreSQL could not find is one the plan adds (DR102)."""
    named = re.search(r'column "([^"]+)" does not exist', exc.diag.message_primary or "")
    new = {(f.schema, f.table, f.object) for f in findings if f.code == Code.MISSING_COLUMN}
    wanted = (named.group(1).rsplit(".", 1)[-1],) if named else finding.columns
    return any((finding.schema, finding.table, c) in new for c in wanted)


def _count_phrase(evidence: dict[str, Any]) -> str:
    kind = evidence["kind"]
    if kind == "duplicates":
        return (f"{evidence['duplicate_groups']} duplicate groups "
                f"({evidence['duplicate_rows']} rows)")
    field = {"nulls": "null_rows", "orphans": "orphan_rows",
             "check_violations": "violating_rows"}[kind]
    noun = {"nulls": "NULL rows", "orphans": "orphan rows",
            "check_violations": "rows violating the CHECK"}[kind]
    return f"{evidence[field]} {noun}"


def _not_evaluated(finding: Finding, check: DataCheck, exc: psycopg.Error) -> Finding:
    reason = (exc.diag.message_primary or str(exc)).strip()
    return Finding(
        code=Code.CHECK_NOT_EVALUATED, priority=finding.priority, schema=finding.schema,
        table=finding.table, object=finding.object, columns=finding.columns,
        message=f"could not check {check.describe()}: {reason}",
        evidence={"kind": check.kind, "error": reason, "query": check.violations_sql()})
