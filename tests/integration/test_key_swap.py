"""A primary or unique key that changes is swapped, never dropped and re-added later.

For the corpus cases that change a key under the same name, the plan drops the old
key and promotes the new index (USING INDEX) in one phase, with no step between them
that would end the transaction (a CONCURRENTLY step): the table is never without its
key, and the new index was built CONCURRENTLY before.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from drift.check import run_check
from drift.plan import build_plan
from drift.plan.ops import AddConstraintUsingIndex, CreateIndex, DropConstraint
from drift.scratch import scratch_database
from drift.sources.sql import apply_sql

pytestmark = pytest.mark.integration

CORPUS = Path(__file__).resolve().parent.parent / "convergence"


@pytest.mark.parametrize("case", ["pk_change", "pk_swap_columns", "pk_swap_referenced",
                                  "pk_swap_with_include", "unique_swap_columns",
                                  "unique_referenced_redefine"])
def test_key_swapped_in_one_transaction(case: str, new_db: str, pg_server: str,
                                        tmp_path: Path) -> None:
    apply_sql(new_db, CORPUS / case / "before.sql")
    target = tmp_path / "expected"
    target.mkdir()
    (target / "schema.sql").write_text((CORPUS / case / "after.sql").read_text())
    with scratch_database(pg_server):
        result = run_check(target, new_db, scratch_url=pg_server, data=False)
    ops = build_plan(result.findings, result.live, target=result.expected.catalog).operations
    swaps = [i for i, op in enumerate(ops) if isinstance(op, AddConstraintUsingIndex)]
    assert swaps, f"{case}: no key promoted USING INDEX"
    for at in swaps:
        attach = ops[at]
        assert isinstance(attach, AddConstraintUsingIndex)
        drop = next(i for i, op in enumerate(ops) if isinstance(op, DropConstraint)
                    and (op.table, op.name) == (attach.table, attach.name))
        assert drop < at and ops[drop].phase is attach.phase, \
            f"{case}: {attach.name} dropped in {ops[drop].phase.label}, re-added in " \
            f"{attach.phase.label}"
        assert all(op.transactional for op in ops[drop:at + 1]), \
            f"{case}: a transaction ends between the drop and the swap of {attach.name}"
        build = next(i for i, op in enumerate(ops) if isinstance(op, CreateIndex)
                     and op.index.name == attach.index)
        assert build < drop, f"{case}: the new index of {attach.name} is built after the drop"
