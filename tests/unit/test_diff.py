"""Model in, findings and operations out: no database."""

from __future__ import annotations

from drift import diff
from drift.checks import Duplicates, Nulls, Orphans
from drift.findings import Code, Finding
from drift.model import Catalog, Column, Constraint, ConstraintKind, Index, Table
from drift.plan import build_plan
from drift.plan.ops import (
    AddConstraint,
    AddConstraintUsingIndex,
    CreateIndex,
    DropConstraint,
    Guard,
    Phase,
    Rename,
    SetNotNull,
    ValidateConstraint,
)
from drift.plan.strategies import attach
from drift.spec import Priority, Spec
from drift.spec import Rename as RenameSpec

INT = "integer"
PK = Constraint("t_pkey", ConstraintKind.PRIMARY_KEY, ("id",), "PRIMARY KEY (id)")


def compare(expected: Catalog, live: Catalog, spec: Spec) -> list[Finding]:
    """The diff's findings with the planner's operations, as `check` gives them."""
    return attach(diff.compare(expected, live, spec), live)


def table(name: str, *cols: Column, constraints: tuple[Constraint, ...] = (PK,),
          indexes: tuple[Index, ...] = ()) -> Table:
    return Table("public", name, columns=(Column("id", INT, False), *cols),
                 constraints=constraints, indexes=indexes)


def catalog(*tables: Table) -> Catalog:
    return Catalog(tables={t.qualified: t for t in tables}, schemas=("public",))


def unique(name: str, *cols: str, nnd: bool = False) -> Constraint:
    return Constraint(name, ConstraintKind.UNIQUE, cols, f"UNIQUE ({', '.join(cols)})",
                      nulls_not_distinct=nnd)


def test_identical_catalogs_have_no_findings() -> None:
    t = table("a", Column("x", "text", True), constraints=(PK, unique("a_x_key", "x")))
    assert compare(catalog(t), catalog(t), Spec()) == []


def test_missing_unique_is_guarded_built_concurrently_then_attached() -> None:
    live = table("a", Column("x", "text", True))
    expected = table("a", Column("x", "text", True), constraints=(PK, unique("a_x_key", "x")))
    [finding] = compare(catalog(expected), catalog(live), Spec())
    assert finding.code == Code.MISSING_UNIQUE_CONSTRAINT and finding.object == "a_x_key"
    guard, build, attach = finding.operations
    assert isinstance(guard, Guard) and guard.phase is Phase.EXPAND
    assert isinstance(guard.check, Duplicates) and guard.check.keys == ("x",)
    assert isinstance(build, CreateIndex) and not build.transactional
    assert build.statements() == ["CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS a_x_key "
                                  "ON public.a USING btree (x)"]
    assert isinstance(attach, AddConstraintUsingIndex) and attach.phase is Phase.SWITCH
    assert attach.statements() == ["ALTER TABLE public.a ADD CONSTRAINT a_x_key UNIQUE "
                                   "USING INDEX a_x_key"]


def test_nulls_not_distinct_reaches_the_check_and_the_index() -> None:
    live = table("a", Column("x", "text", True))
    expected = table("a", Column("x", "text", True),
                     constraints=(PK, unique("a_x_key", "x", nnd=True)))
    guard, build, _ = compare(catalog(expected), catalog(live), Spec())[0].operations
    assert isinstance(guard, Guard) and isinstance(guard.check, Duplicates)
    assert "IS NOT NULL" not in guard.check.violations_sql()
    assert isinstance(build, CreateIndex)
    assert build.statements()[0].endswith("(x) NULLS NOT DISTINCT")


def test_partial_expression_index_keeps_predicate_in_the_check() -> None:
    index = Index("a_lower_x", unique=True, method="btree", keys=("lower(x)",),
                  key_is_expression=(True,), key_options=("",), predicate="deleted IS NULL")
    live = table("a", Column("x", "text", True), Column("deleted", "timestamp", True))
    expected = table("a", Column("x", "text", True), Column("deleted", "timestamp", True),
                     indexes=(index,))
    [finding] = compare(catalog(expected), catalog(live), Spec())
    assert finding.code == Code.MISSING_UNIQUE_INDEX
    guard, build = finding.operations
    assert isinstance(guard, Guard)
    assert guard.check.violations_sql() == (
        "SELECT (lower(x)), count(*) AS rows FROM public.a WHERE (deleted IS NULL) AND "
        "(lower(x)) IS NOT NULL GROUP BY (lower(x)) HAVING count(*) > 1")
    assert isinstance(build, CreateIndex)
    assert build.statements()[0].endswith("USING btree ((lower(x))) WHERE deleted IS NULL")


def test_not_null_goes_through_a_validated_check() -> None:
    live = table("a", Column("x", INT, True))
    expected = table("a", Column("x", INT, False))
    [finding] = compare(catalog(expected), catalog(live), Spec())
    assert finding.code == Code.COLUMN_NOT_NULL_MISSING
    kinds = [(type(op).__name__, op.phase) for op in finding.operations]
    assert kinds == [("AddConstraint", Phase.EXPAND), ("Guard", Phase.SWITCH),
                     ("ValidateConstraint", Phase.SWITCH), ("SetNotNull", Phase.SWITCH),
                     ("DropConstraint", Phase.SWITCH)]
    add, guard = finding.operations[:2]
    assert isinstance(add, AddConstraint) and add.not_valid
    assert add.statements() == ["ALTER TABLE public.a ADD CONSTRAINT a_x_drift_nn "
                                "CHECK (x IS NOT NULL) NOT VALID"]
    assert isinstance(guard, Guard) and isinstance(guard.check, Nulls)


def test_foreign_key_not_valid_then_guarded_validate_in_live_names() -> None:
    parent = table("parent")
    fk = Constraint("child_pid_fkey", ConstraintKind.FOREIGN_KEY, ("pid",),
                    "FOREIGN KEY (pid) REFERENCES new_parent(id) ON DELETE CASCADE",
                    ref_schema="public", ref_table="new_parent", ref_columns=("id",),
                    on_update="a", on_delete="c", match="s")
    live = catalog(parent, table("child", Column("pid", INT, True)))
    expected = catalog(table("new_parent"),
                       table("child", Column("pid", INT, True), constraints=(PK, fk)))
    spec = Spec(renames=(RenameSpec("table", "public", "new_parent", "parent", "new_parent",
                                    Priority.SHOULD),))
    findings = compare(expected, live, spec)
    fk_finding = next(f for f in findings if f.code == Code.MISSING_FOREIGN_KEY)
    add, guard, validate = fk_finding.operations
    assert add.statements() == ["ALTER TABLE public.child ADD CONSTRAINT child_pid_fkey "
                                "FOREIGN KEY (pid) REFERENCES public.parent (id) "
                                "ON DELETE CASCADE NOT VALID"]
    assert isinstance(guard, Guard) and isinstance(guard.check, Orphans)
    assert guard.check.ref_table == "parent"  # the rename has not happened yet
    assert isinstance(validate, ValidateConstraint)
    rename = next(f for f in findings if f.code == Code.PENDING_TABLE_RENAME)
    assert rename.priority is Priority.SHOULD


def test_declared_column_rename_is_a_rename_not_drop_and_add() -> None:
    live = table("a", Column("old_name", INT, True))
    expected = table("a", Column("new_name", INT, True))
    spec = Spec(renames=(RenameSpec("column", "public", "a", "old_name", "new_name",
                                    Priority.MUST),))
    [finding] = compare(catalog(expected), catalog(live), spec)
    assert finding.code == Code.PENDING_COLUMN_RENAME
    [op] = finding.operations
    assert isinstance(op, Rename) and op.statements() == [
        "ALTER TABLE public.a RENAME COLUMN old_name TO new_name"]


def test_undeclared_rename_is_suggested_with_lower_severity() -> None:
    live = table("a", Column("colour", "text", True), Column("size", INT, True))
    expected = table("a", Column("color", "text", True), Column("size", INT, True))
    [finding] = compare(catalog(expected), catalog(live), Spec())
    assert finding.code == Code.RENAME_SUGGESTED
    assert finding.columns == ("colour", "color")
    assert finding.severity.value == "warning"
    # a suggestion never moves data: the new column is added, the old one kept
    [add] = finding.operations
    assert add.statements() == ["ALTER TABLE public.a ADD COLUMN IF NOT EXISTS color text"]
    assert "declare it in drift.toml" in finding.message


def test_a_column_the_spec_names_as_legacy_is_never_a_rename_candidate() -> None:
    live = table("q", Column("qa_json", "jsonb", True))
    expected = table("q", Column("details_json", "jsonb", True))
    spec = Spec(object_priority={("public", "q", "qa_json"): Priority.DEFER})
    codes = sorted((f.code, f.object, f.priority.value)
                   for f in compare(catalog(expected), catalog(live), spec))
    assert codes == [("DR102", "details_json", "must"), ("DR222", "qa_json", "defer")]


def test_ambiguous_candidates_are_not_suggested() -> None:
    live = table("a", Column("p", "text", True), Column("q", "text", True))
    expected = table("a", Column("r", "text", True), Column("s", "text", True))
    codes = sorted(f.code for f in compare(catalog(expected), catalog(live), Spec()))
    assert codes == ["DR102", "DR102", "DR222", "DR222"]


def test_legacy_unique_is_dropped_in_the_switch_and_restorable() -> None:
    live = table("a", Column("x", INT, True), constraints=(PK, unique("uq_old", "x")))
    expected = table("a", Column("x", INT, True))
    [finding] = compare(catalog(expected), catalog(live), Spec())
    assert finding.code == Code.LEGACY_UNIQUE_CONSTRAINT
    [drop] = finding.operations
    assert isinstance(drop, DropConstraint) and drop.phase is Phase.SWITCH
    [undo] = drop.reverse() or ()
    assert undo.statements() == ["ALTER TABLE public.a ADD CONSTRAINT uq_old UNIQUE (x)"]


def test_same_definition_other_name_is_naming_drift() -> None:
    live = table("a", Column("x", INT, True), constraints=(PK, unique("a_x_old", "x")))
    expected = table("a", Column("x", INT, True), constraints=(PK, unique("a_x_key", "x")))
    [finding] = compare(catalog(expected), catalog(live), Spec())
    assert finding.code == Code.CONSTRAINT_NAMING_DRIFT and finding.priority is Priority.SHOULD
    assert finding.operations[0].statements() == [
        "ALTER TABLE public.a RENAME CONSTRAINT a_x_old TO a_x_key"]


def test_unexpected_column_is_never_dropped_without_approval() -> None:
    live = table("a", Column("keep_me", "text", True))
    expected = table("a")
    [finding] = compare(catalog(expected), catalog(live), Spec())
    assert finding.code == Code.UNEXPECTED_COLUMN and finding.operations == ()
    approved = Spec(approved_drops=frozenset({("public", "a", "keep_me")}))
    [finding] = compare(catalog(expected), catalog(live), approved)
    assert finding.operations[0].statements() == [
        "ALTER TABLE public.a DROP COLUMN IF EXISTS keep_me"]
    assert finding.operations[0].reverse() is None


def test_plan_orders_phases_and_renames_tables_before_columns() -> None:
    live = table("old_t", Column("x", INT, True), Column("c_old", INT, True))
    expected = table("new_t", Column("x", INT, False), Column("c_new", INT, True),
                     constraints=(PK, unique("new_t_x_key", "x")))
    spec = Spec(renames=(RenameSpec("table", "public", "new_t", "old_t", "new_t", Priority.MUST),
                         RenameSpec("column", "public", "new_t", "c_old", "c_new",
                                    Priority.MUST)))
    findings = compare(catalog(expected), catalog(live), spec)
    plan = build_plan(findings, catalog(live))
    phases = [op.phase for op in plan.operations]
    assert phases == sorted(phases)
    renames = [op for op in plan.operations if isinstance(op, Rename)]
    assert [r.kind for r in renames[:2]] == ["table", "column"]
    assert renames[1].table == "new_t"  # the column rename runs after the table rename
    assert any(isinstance(op, SetNotNull) and op.table == "old_t" for op in plan.operations)
    must_only = build_plan(findings, catalog(live), Priority.MUST)
    assert must_only.operations == plan.operations


def test_expressions_follow_a_pending_column_rename() -> None:
    check = Constraint("a_qty_check", ConstraintKind.CHECK, ("qty",), "CHECK (qty >= 0)",
                       check_expr="qty >= 0")
    index = Index("a_open", unique=True, method="btree", keys=("lower(label)",),
                  key_is_expression=(True,), key_options=("",), predicate="qty > 0")
    live = table("a", Column("quantity", INT, True), Column("label", "text", True))
    expected = table("a", Column("qty", INT, True), Column("label", "text", True),
                     constraints=(PK, check), indexes=(index,))
    spec = Spec(renames=(RenameSpec("column", "public", "a", "quantity", "qty", Priority.MUST),))
    findings = {f.code: f for f in compare(catalog(expected), catalog(live), spec)}
    add = findings[Code.MISSING_CHECK].operations[0]
    assert add.statements() == ["ALTER TABLE public.a ADD CONSTRAINT a_qty_check "
                                "CHECK (quantity >= 0) NOT VALID"]
    guard, build = findings[Code.MISSING_UNIQUE_INDEX].operations
    assert isinstance(guard, Guard) and "WHERE (quantity > 0)" in guard.check.violations_sql()
    assert build.statements()[0].endswith("WHERE quantity > 0")
    # once renamed live, the same CHECK and index are no drift at all
    renamed_live = table("a", Column("quantity", INT, True), Column("label", "text", True),
                         constraints=(PK, Constraint("a_qty_check", ConstraintKind.CHECK,
                                                     ("quantity",), "CHECK (quantity >= 0)",
                                                     check_expr="quantity >= 0")),
                         indexes=(Index("a_open", True, "btree", ("lower(label)",), (True,),
                                        ("",), predicate="quantity > 0"),))
    codes = [f.code for f in compare(catalog(expected), catalog(renamed_live), spec)]
    assert codes == [Code.PENDING_COLUMN_RENAME]


def test_rebuilt_unique_keeps_the_old_rule_until_the_guard_passes() -> None:
    live = table("a", Column("x", INT, True), Column("y", INT, True),
                 constraints=(PK, unique("a_key", "x")))
    expected = table("a", Column("x", INT, True), Column("y", INT, True),
                     constraints=(PK, unique("a_key", "x", "y")))
    [finding] = compare(catalog(expected), catalog(live), Spec())
    names = [type(op).__name__ for op in finding.operations]
    assert names[0] == "Guard"
    drop = finding.operations[names.index("DropConstraint")]
    assert drop.phase is Phase.SWITCH  # the old key stays until the swap
    assert names.index("CreateIndex") < names.index("DropConstraint")


def test_compat_view_opens_with_the_rename_and_closes_in_a_later_cleanup_plan() -> None:
    from dataclasses import replace

    from drift.model import DbObject, ObjectKind

    live = table("users")
    expected = table("app_users")
    spec = Spec(renames=(RenameSpec("table", "public", "app_users", "users", "app_users",
                                    Priority.MUST, compat_view=True),))
    [finding] = compare(catalog(expected), catalog(live), spec)
    rename, create = finding.operations  # no drop in the run that opens the window
    assert rename.statements() == ["ALTER TABLE public.users RENAME TO app_users"]
    assert (create.phase, create.statements()) == (
        Phase.RENAME, ["CREATE OR REPLACE VIEW public.users AS SELECT * FROM public.app_users"])
    plan = build_plan([finding], catalog(live))
    assert [op.phase for op in plan.operations] == [Phase.RENAME, Phase.RENAME]
    assert build_plan([finding], catalog(live), phase="cleanup").operations == ()
    # after the rename: the view is an open window (info, not drift) ...
    view = DbObject(ObjectKind.VIEW, "public", "users", " SELECT id FROM app_users;")
    renamed = replace(catalog(expected), objects={view.key: view})
    [open_view] = compare(catalog(expected), renamed, spec)
    assert (open_view.code, open_view.severity.value, open_view.is_drift) == (
        "DR232", "info", False)
    from drift.check import exit_code
    assert exit_code([open_view], Priority.DEFER) == 0
    # ... that only a cleanup plan closes, or any plan once the spec closes windows
    assert build_plan([open_view], renamed).operations == ()
    [drop] = build_plan([open_view], renamed, phase="cleanup").operations
    assert (drop.phase, drop.statements()) == (Phase.CLEANUP,
                                               ["DROP VIEW IF EXISTS public.users"])
    closing = replace(spec, close_compat_views=True)
    [closed] = compare(catalog(expected), renamed, closing)
    assert build_plan([closed], renamed).operations == (drop,)


def test_priority_matrix_states_each_target_table() -> None:
    from drift.report.matrix import priority_matrix

    expected = catalog(table("app_users"), table("kept"), table("brand_new"),
                       table("changed", Column("x", INT, False)))
    live = catalog(table("users"), table("kept"), table("changed", Column("x", INT, True)))
    spec = Spec(renames=(RenameSpec("table", "public", "app_users", "users", "app_users",
                                    Priority.SHOULD),),
                table_priority={("public", "brand_new"): Priority.DEFER})
    rows = {r["table"]: r for r in priority_matrix(expected, spec,
                                                   compare(expected, live, spec))}
    assert rows["app_users"]["state"] == "rename pending"
    assert rows["app_users"]["live_name"] == "users"
    assert (rows["brand_new"]["state"], rows["brand_new"]["priority"]) == ("missing", "defer")
    assert rows["kept"]["state"] == "ok" and rows["kept"]["gaps"] == []
    assert rows["changed"]["state"] == "drift"
    assert rows["changed"]["gaps"] == ["DR104 x"]
