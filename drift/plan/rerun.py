"""A plan rerun after its renames, or after it completed, skips what already ran.

Steps before the rename phase name tables and columns by their live names, which
the rename phase changes. Once a plan's first rename is done, every step of the
earlier phases has run, and every guard of the preflight has passed (phases run in
order, and psql stops at the first error), so those steps are skipped on a rerun:
they could not even find their tables any more. This is the plan's one rerun rule
for whole phases; each step's own `done_sql`/`unless` covers the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TypeVar

from drift.plan.ops import Operation, Phase, Rename

Op = TypeVar("Op", bound=Operation)


def renamed(ops: Sequence[Operation]) -> str | None:
    """True once the plan's first rename of a table, column or constraint is done (not an
    index rename: a name built aside is taken while a constraint still holds it)."""
    first = next((op for op in ops if isinstance(op, Rename) and op.kind != "index"), None)
    return first.done_sql() if first is not None else None


def skip_done_phases(ops: tuple[Op, ...], done: str | None) -> tuple[Op, ...]:
    """Each step before the rename phase, skipped once `done` (`renamed`) holds."""
    if done is None:
        return ops
    return tuple(replace(op, unless=f"({op.unless}) OR ({done})" if op.unless else done)
                 if op.phase < Phase.RENAME else op for op in ops)
