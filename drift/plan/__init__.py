"""A plan: the operations of the chosen findings, in the memo's safe order.

1. expand: new tables, columns, unique indexes built CONCURRENTLY, FKs and CHECKs NOT VALID
2. backfill: declared backfills
3. switch: guards and VALIDATE first, then the brief ACCESS EXCLUSIVE steps: ADD
   CONSTRAINT ... USING INDEX, SET NOT NULL, drop legacy uniques
4. rename: tables, then columns, then constraints and indexes
5. cleanup: drops that nothing else depends on (and only approved data drops)
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from drift.findings import Category, Finding
from drift.model import Catalog
from drift.plan import graph
from drift.plan.ops import Hazard, Operation, Phase, Rename
from drift.plan.rerun import skip_done_phases
from drift.spec import Priority

_RENAME_ORDER = {"table": 0, "column": 1, "constraint": 2, "index": 3}
_FIRST = {Category.MISSING_TABLE: 0, Category.MISSING_COLUMN: 1}


@dataclass(frozen=True)
class Plan:
    operations: tuple[Operation, ...]
    live_hash: str
    skipped: tuple[Finding, ...] = ()  # findings with no automatic fix

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
    chosen = [f for f in findings if f.priority.rank >= priority.rank and not f.is_blocker]
    chosen.sort(key=lambda f: _FIRST.get(f.category, 2))
    ops = [op for f in chosen for op in f.operations]
    ordered = tuple(op for op in graph.order(ops, _key, live, target)
                    if phase is None or op.phase.label == phase)
    skipped = tuple(f for f in chosen if not f.operations)
    return Plan(operations=skip_done_phases(ordered), live_hash=catalog_hash(live),
                skipped=skipped)
