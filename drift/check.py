"""The check pipeline: load the target, read the live side, diff, run data checks."""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import psycopg

from drift.checks.invariants import invariant_findings
from drift.checks.run import data_blockers
from drift.db import read_only_snapshot
from drift.diff import compare, name_map
from drift.diff.context import spec_sql
from drift.findings import Code, Finding
from drift.inspect import read_catalog
from drift.inspect.reprint import needs_reprint, reprint, search_path
from drift.model import Catalog
from drift.plan.ops import Backfill
from drift.sources import Expected, materialised
from drift.spec import Invariant, Priority, Spec
from drift.sqltext import NameMap, ident


@dataclass
class CheckResult:
    expected: Expected
    live: Catalog
    findings: list[Finding]
    target_url: str
    timings: dict[str, float] = field(default_factory=dict)

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
    op = finding.operations[0]
    assert isinstance(op, Backfill)
    try:
        with conn.transaction():
            row = conn.execute(f"SELECT EXISTS (SELECT 1 FROM {op.relation} WHERE "
                               f"{ident(op.column)} IS NULL)").fetchone()
    except psycopg.Error:
        return True
    return bool(row and row[0])


def run_check(expected_path: Path, db_url: str, *, scratch_url: str | None = None,
              schemas: tuple[str, ...] | None = None, samples: bool = True,
              data: bool = True, statement_timeout: str | None = None) -> CheckResult:
    timings: dict[str, float] = {}
    started = time.perf_counter()
    with (materialised(expected_path, scratch_url, schemas) as (expected, scratch),
          read_only_snapshot(db_url, statement_timeout=statement_timeout) as conn):
        timings["load_expected"] = time.perf_counter() - started
        started = time.perf_counter()
        live = read_catalog(conn, schemas or expected.catalog.schemas)
        if scratch is not None and needs_reprint(live, expected.catalog):
            # another major prints the same definitions differently (drift.inspect.reprint)
            live = reprint(live, expected.catalog, scratch, search_path(conn))
        timings["inspect"] = time.perf_counter() - started
        started = time.perf_counter()
        findings = compare(expected.catalog, live, expected.spec)
        timings["diff"] = time.perf_counter() - started
        started = time.perf_counter()
        if data:
            findings = [f for f in findings if _backfill_has_work(conn, f)]
            findings += data_blockers(conn, findings, samples=samples)
            names = name_map(expected.catalog, live, expected.spec)
            findings += invariant_findings(conn, live_invariants(expected.spec, names), live,
                                           samples=samples)
        timings["data_checks"] = time.perf_counter() - started
    findings.sort(key=Finding.sort_key)
    return CheckResult(expected=expected, live=live, findings=findings, target_url=db_url,
                       timings=timings)
