"""A completed plan runs again as a no-op.

Steps before the rename phase name tables and columns by their live names, which
the rename phase changes. Once a plan's first rename is done, every step of the
earlier phases has run (phases run in order, and psql stops at the first error), so
those steps are skipped on a rerun: they could not even find their tables any more.
"""

from __future__ import annotations

from dataclasses import replace

from drift.plan.ops import Operation, Phase, Rename


def skip_done_phases(ops: tuple[Operation, ...]) -> tuple[Operation, ...]:
    # not an index rename: a name built aside is taken while a constraint still holds it
    first = next((op for op in ops if isinstance(op, Rename) and op.kind != "index"), None)
    if first is None:
        return ops
    renamed = first.done_sql()
    return tuple(replace(op, unless=f"({op.unless}) OR ({renamed})" if op.unless else renamed)
                 if op.phase < Phase.RENAME else op for op in ops)
