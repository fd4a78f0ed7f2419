"""A plan: the operations of the chosen findings, in a safe rollout order.

1. expand: new tables, columns, unique indexes built CONCURRENTLY, FKs and CHECKs NOT VALID
2. backfill: declared backfills
3. switch: guards and VALIDATE first, then the brief ACCESS EXCLUSIVE steps: ADD
   CONSTRAINT ... USING INDEX, SET NOT NULL, drop legacy uniques
4. rename: tables, then columns, then constraints and indexes
5. cleanup: drops that nothing else depends on (and only approved data drops)

Every plan opens with a preflight: all of its guards, before any DDL or lock, so a
plan that would abort on its data aborts before it has changed anything.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

from drift.findings import Category, Finding
from drift.model import Catalog
from drift.plan import graph
from drift.plan.ops import (
    AddColumn,
    CreateTable,
    Guard,
    Hazard,
    Operation,
    Phase,
    Preflight,
    Rename,
)
from drift.plan.rerun import renamed, skip_done_phases
from drift.spec import Priority
from drift.sqltext import ident

_RENAME_ORDER = {"table": 0, "column": 1, "constraint": 2, "index": 3}
_FIRST = {Category.MISSING_TABLE: 0, Category.MISSING_COLUMN: 1}


@dataclass(frozen=True)
class Plan:
    operations: tuple[Operation, ...]
    live_hash: str
    skipped: tuple[Finding, ...] = ()  # findings with no automatic fix
    preflight: tuple[Preflight, ...] = ()  # every guard, run before anything else

    def phase(self, phase: Phase) -> tuple[Operation, ...]:
        return tuple(op for op in self.operations if op.phase is phase)

    @property
    def phases(self) -> tuple[Phase, ...]:
        return tuple(p for p in Phase if self.phase(p))


def catalog_hash(catalog: Catalog) -> str:
    """What the plan was computed against, so a stale plan can be recognised."""
    text = json.dumps(catalog.to_dict(), sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _locks_last(op: Operation) -> int:
    """In the switch, scans (guards, VALIDATE) run before the ACCESS EXCLUSIVE steps:
    a phase shares a transaction, and the exclusive lock must not be held while a
    later step scans the whole table (writers would wait for all of it)."""
    return int(op.phase is Phase.SWITCH and Hazard.ACCESS_EXCLUSIVE in op.all_hazards())


def _key(index: int, op: Operation) -> tuple[int, ...]:
    """The phase's own order, for operations the dependency graph leaves free: stage,
    scans before exclusive locks, renames by kind, then finding and step order
    (`index`, since the operations come in that order)."""
    rename = _RENAME_ORDER.get(op.kind, 9) if isinstance(op, Rename) else 0
    return (op.phase, op.stage_in_phase(), _locks_last(op), rename, index)


def build_plan(findings: list[Finding], live: Catalog,
               priority: Priority = Priority.DEFER, phase: str | None = None,
               target: Catalog | None = None) -> Plan:
    """Every operation of the findings at or above `priority`, in phase order, each
    phase sorted by the dependency graph (`drift.plan.graph`) of the live catalog and
    of the `target` (when given; a plan without it orders drops only).

    Data blockers contribute no operations of their own: their guards are already
    part of the schema finding they block. With `phase`, only that phase's steps.
    """
    chosen = [f for f in findings if f.priority.rank >= priority.rank and not f.is_blocker
              and _in_window(f, phase)]
    chosen.sort(key=lambda f: _FIRST.get(f.category, 2))
    ops = [op for f in chosen for op in f.operations]
    ordered = tuple(op for op in graph.order(ops, _key, live, target)
                    if phase is None or op.phase.label == phase)
    skipped = tuple(f for f in chosen if not f.operations)
    done = renamed(ordered)  # a rerun past the renames skips what ran before them
    preflight = preflight_guards(ordered, [op for f in chosen for op in f.operations])
    return Plan(operations=skip_done_phases(ordered, done), live_hash=catalog_hash(live),
                skipped=skipped, preflight=skip_done_phases(preflight, done))


def _in_window(finding: Finding, phase: str | None) -> bool:
    """What is no drift is planned only when its phase is asked for: an open
    compatibility view (DR232) by `--phase cleanup` (never by the plan that opened
    it, unless the spec closes windows), a declared backfill of an existing column
    (DR108) by `--phase backfill`."""
    if finding.is_drift:
        return True
    return (any(op.phase.label == phase for op in finding.operations)
            or bool(finding.evidence.get("close_in_full_plan")))


def preflight_guards(ops: tuple[Operation, ...], all_ops: list[Operation]) -> tuple[Preflight, ...]:
    """Every guard of `ops`, once each, to run before the plan's first DDL.

    `all_ops` (every step of the chosen findings, whatever the phase) tells which
    tables and columns do not exist yet: a plan of one phase may guard columns that
    an earlier phase adds.
    """
    new_tables = {(op.schema, op.table) for op in all_ops if isinstance(op, CreateTable)}
    new_columns = {(op.schema, op.table, op.column.name) for op in all_ops
                   if isinstance(op, AddColumn)}
    out: list[Preflight] = []
    seen = set()
    for op in ops:
        if not isinstance(op, Guard) or op.check in seen or getattr(op.check, "backfill", False):
            continue  # a declared backfill fills the column first: only its own guard can tell
        seen.add(op.check)
        sql = op.check.violations_sql()
        needs: list[tuple[str, str, str | None]] = [
            (s, t, None) for s, t in sorted(new_tables) if _mentions(sql, s, t)]
        needs += [(s, t, c) for s, t, c in sorted(new_columns)
                  if (s, t) == (op.check.schema, op.check.table) and _mentions(sql, c)]
        out.append(Preflight(phase=op.phase, schema=op.schema, table=op.table,
                             reason=op.reason, check=op.check, needs=tuple(needs),
                             report_all_rows=op.report_all_rows,
                             every_row_violates=op.report_all_rows,
                             lock_timeout=op.lock_timeout,
                             statement_timeout=op.statement_timeout))
    return tuple(out)


def _mentions(sql: str, *names: str) -> bool:
    """Whether `sql` names this identifier (the last of `names`, as a whole word)."""
    word = re.escape(ident(names[-1]))
    return re.search(rf'(?<![\w"$]){word}(?![\w"$])', sql) is not None
