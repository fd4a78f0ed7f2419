"""Plain SQL that `psql -v ON_ERROR_STOP=1 -f plan.sql` can run.

The preflight (every guard) comes first, before any DDL or lock. Consecutive
transactional steps of one phase share a transaction, so a failure leaves nothing
half-applied; CONCURRENTLY steps run outside any transaction.

A plan is rerunnable: each step is skipped once done (`Operation.skip_sql`: its own
`done_sql`, and the `unless` the planner gives it, `drift.plan.rerun` included), in a
DO block, or with psql's `\\if` for a step that cannot run in one (CONCURRENTLY).
"""

from __future__ import annotations

from drift import __version__
from drift.plan import Plan
from drift.plan.ops import Operation, Phase
from drift.render.common import comment, statements


def render_sql(plan: Plan, *, header: str = "") -> str:
    out = [f"-- drift {__version__} plan; computed against live schema {plan.live_hash}",
           "-- Run with: psql -v ON_ERROR_STOP=1 -f <this file>"]
    if header:
        out += [f"-- {line}" for line in header.splitlines()]
    for finding in plan.skipped:
        out.append(f"-- not automated: {finding.code} {finding.message.splitlines()[0]}")
    if plan.preflight:
        out += ["", "-- ===== Preflight: every guard, before any DDL or lock ====="]
        _ops(out, list(plan.preflight))
    for phase in plan.phases:
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
