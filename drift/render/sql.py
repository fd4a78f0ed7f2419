"""Plain SQL that `psql -v ON_ERROR_STOP=1 -f plan.sql` can run.

The preflight (every guard) comes first, before any DDL or lock. Consecutive
transactional steps of one phase share a transaction, so a failure leaves nothing
half-applied; CONCURRENTLY steps run outside any transaction.

A plan that renames is rerunnable past its own renames: once they are done, the
phases before them (which ran before them, in the old names) are skipped with psql's
`\\if`, and the rename and cleanup steps skip themselves once done.
"""

from __future__ import annotations

from drift import __version__
from drift.plan import Plan
from drift.plan.ops import Operation, Phase, Rename
from drift.render.common import comment, statements


def render_sql(plan: Plan, *, header: str = "") -> str:
    out = [f"-- drift {__version__} plan; computed against live schema {plan.live_hash}",
           "-- Run with: psql -v ON_ERROR_STOP=1 -f <this file>"]
    if header:
        out += [f"-- {line}" for line in header.splitlines()]
    for finding in plan.skipped:
        out.append(f"-- not automated: {finding.code} {finding.message.splitlines()[0]}")
    # tables and columns only: their new names cannot exist before the plan runs (an
    # index may be renamed onto a name a dropped constraint held)
    renames = [op for op in plan.operations
               if isinstance(op, Rename) and op.kind in ("table", "column")]
    before = [p for p in plan.phases if p < Phase.RENAME]
    skip_done = bool(renames) and bool(before or plan.preflight)
    if skip_done:
        done = " AND ".join(f"({op.done_sql()})" for op in renames)
        out += ["", "-- Rerun after this plan's renames: the phases before them are done.",
                f"SELECT {done} AS drift_renamed \\gset",
                "\\if :drift_renamed",
                "\\echo 'drift: the renames of this plan are done; expand, backfill and "
                "switch ran before them: skipped'",
                "\\else"]
    if plan.preflight:
        out += ["", "-- ===== Preflight: every guard, before any DDL or lock ====="]
        _ops(out, list(plan.preflight))
    for phase in before:
        _phase(out, plan, phase)
    if skip_done:
        out.append("\\endif")
    for phase in plan.phases:
        if phase >= Phase.RENAME:
            _phase(out, plan, phase)
    out += ["", "RESET lock_timeout;", "RESET statement_timeout;", ""]
    return "\n".join(out)


def _phase(out: list[str], plan: Plan, phase: Phase) -> None:
    out += ["", f"-- ===== Phase {int(phase)}: {phase.label} ====="]
    _ops(out, list(plan.phase(phase)))


def _ops(out: list[str], ops: list[Operation]) -> None:
    open_tx = False
    for op in ops:
        open_tx = _transition(out, open_tx, op)
        out += [f"-- {line}" for line in comment(op)]
        skip = None if op.transactional else op.skip_sql()
        if skip is None:
            out += [f"{s};" for s in statements(op)]
        else:  # CONCURRENTLY cannot run in a DO block: psql decides, outside any
            out += [f"SELECT NOT ({skip}) AS drift_run \\gset", "\\if :drift_run",
                    *(f"{s};" for s in statements(op)), "\\endif"]
    if open_tx:
        out.append("COMMIT;")


def _transition(out: list[str], open_tx: bool, op: Operation) -> bool:
    if op.transactional and not open_tx:
        out.append("BEGIN;")
        return True
    if not op.transactional and open_tx:
        out.append("COMMIT;")
        return False
    return open_tx
