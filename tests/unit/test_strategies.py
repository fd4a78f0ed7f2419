"""The split of issue 7: the diff emits typed changes, the planner makes them.

Every change kind has exactly one strategy; the diff imports neither the planner nor
the data checks (it says what changes, never how); a finding's operations are what
the strategies make of its changes.
"""

from __future__ import annotations

import ast
import inspect
from dataclasses import dataclass
from pathlib import Path

import pytest

from drift import changes as ch
from drift import diff
from drift.findings import Code
from drift.model import Catalog, Column, Constraint, ConstraintKind, Table
from drift.plan import ops, strategies
from drift.spec import Spec

DIFF = Path(diff.__file__).resolve().parent


def _kinds() -> list[type[ch.Change]]:
    return [k for _, k in inspect.getmembers(ch, inspect.isclass)
            if issubclass(k, ch.Change) and k is not ch.Change and k.__module__ == ch.__name__]


def test_every_change_kind_has_a_strategy() -> None:
    missing = [k.__name__ for k in _kinds() if k not in strategies.registered()]
    assert _kinds() and not missing, f"change kinds without a planner strategy: {missing}"


def test_a_kind_without_a_strategy_is_refused() -> None:
    @dataclass(frozen=True, kw_only=True)
    class Unplanned(ch.Change):
        pass

    with pytest.raises(TypeError, match="no planner strategy for the change kind Unplanned"):
        strategies.operations(Unplanned(schema="s", table="t", reason="r"))
    with pytest.raises(ValueError, match="has a strategy already"):
        strategies.strategy(ch.AddColumn)(lambda c: ())


def test_the_diff_imports_neither_planner_nor_checks() -> None:
    for path in sorted(DIFF.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith(("drift.plan", "drift.checks")), \
                    f"{path.name} imports {node.module}"


def _catalog(*tables: Table) -> Catalog:
    return Catalog(tables={(t.schema, t.name): t for t in tables}, server_version="18.0")


def test_a_finding_carries_changes_and_attach_plans_them() -> None:
    pk = Constraint(name="a_pkey", kind=ConstraintKind.PRIMARY_KEY, columns=("id",),
                    definition="PRIMARY KEY (id)")
    live = Table(schema="public", name="a", columns=(Column("id", "integer", False),
                                                     Column("x", "text", True)),
                 constraints=(pk,))
    expected = Table(schema="public", name="a", columns=(Column("id", "integer", False),
                                                         Column("x", "text", False)),
                     constraints=(pk,))
    [finding] = diff.compare(_catalog(expected), _catalog(live), Spec())
    assert finding.code == Code.COLUMN_NOT_NULL_MISSING and finding.operations == ()
    [change] = finding.changes
    assert change == ch.SetNotNull(schema="public", table="a", column="x", sample_key=("id",),
                                   reason="DR104 a.x")
    [planned] = strategies.attach([finding])
    assert [type(op) for op in planned.operations] == [
        ops.AddConstraint, ops.Guard, ops.ValidateConstraint, ops.SetNotNull,
        ops.DropConstraint]
    assert planned.operations == strategies.operations(change)


def test_a_finding_built_with_operations_keeps_them() -> None:
    """Diff code not converted yet (operations in the finding) still plans."""
    from drift.findings import Finding
    from drift.spec import Priority

    step = ops.DropNotNull(phase=ops.Phase.EXPAND, schema="s", table="t", column="c")
    old = Finding(code=Code.COLUMN_NOT_NULL_EXTRA, priority=Priority.MUST, schema="s",
                  table="t", message="m", operations=(step,))
    assert strategies.attach([old]) == [old]


def test_one_rerun_rule_skips_the_preflight_and_early_phases_once_renamed() -> None:
    """After the plan's first rename, a rerun skips every earlier step, the preflight's
    guards included, through each step's own condition: no file-level psql switch."""
    from drift.findings import Finding
    from drift.plan import build_plan
    from drift.render.sql import render_sql
    from drift.spec import Priority

    at = dict(priority=Priority.MUST, schema="public", table="a", message="m")
    findings = strategies.attach([
        Finding(code=Code.COLUMN_NOT_NULL_MISSING, changes=(ch.SetNotNull(
            schema="public", table="a", column="x", reason="DR104 a.x"),), **at),
        Finding(code=Code.PENDING_COLUMN_RENAME, changes=(ch.RenameColumn(
            schema="public", table="a", old="y", new="z", reason="DR302 y->z"),), **at)])
    plan = build_plan(findings, Catalog())
    renamed = next(op for op in plan.operations if isinstance(op, ops.Rename)).done_sql()
    assert plan.preflight and all(g.unless == renamed for g in plan.preflight)
    assert all(renamed in (op.unless or "") for op in plan.operations
               if op.phase < ops.Phase.RENAME)
    text = render_sql(plan)
    assert "drift_renamed" not in text
    # the preflight guard and the five NOT NULL steps skip on it, and the rename itself
    assert text.count(renamed) == 1 + 5 + 1


def test_the_report_shows_the_sql_the_plan_runs() -> None:
    """One renderer: every `fix.sql` statement of a finding is in the plan's SQL as is."""
    from drift.findings import Finding
    from drift.model import Index
    from drift.plan import build_plan
    from drift.render.sql import render_sql
    from drift.report.json_report import finding_dict
    from drift.spec import Priority

    con = Constraint(name="a_x_key", kind=ConstraintKind.UNIQUE, columns=("x",),
                     definition="UNIQUE (x)")
    index = Index(name="a_y_idx", unique=False, method="btree", keys=("y",),
                  key_is_expression=(False,), key_options=("",))
    at = dict(priority=Priority.MUST, schema="public", table="a", message="m")
    findings = strategies.attach([
        Finding(code=Code.MISSING_UNIQUE_CONSTRAINT, changes=(ch.AddConstraint(
            schema="public", table="a", constraint=con, reason="DR112 a_x_key"),), **at),
        Finding(code=Code.MISSING_INDEX, changes=(ch.CreateIndex(
            schema="public", table="a", index=index, live_index=index,
            reason="DR122 a_y_idx"),), **at)])
    plan_sql = render_sql(build_plan(findings, Catalog()))
    for finding in findings:
        shown = finding_dict(finding)["fix"]["sql"]
        assert shown and all(statement in plan_sql for statement in shown), shown
    # the promotion is skipped once done, in the report as in the plan
    promote = finding_dict(findings[0])["fix"]["sql"][-1]
    assert promote.startswith("DO $drift_step$") and "USING INDEX" in promote
