"""The planner's strategies: one per change kind (`drift.changes`), each turning a
typed change into the operations that make it safely (`drift.plan.ops`).

Everything *how* lives here: the phase of each step, NOT VALID then VALIDATE, the
guard that runs a data check (`drift.checks`) before a step the data can break,
indexes built CONCURRENTLY and promoted, temporary names, and the condition under
which a rerun of a completed plan skips a rebuild. The diff only says *what* changes.

`attach` gives each finding the operations of its changes; `build_plan` then orders
them (`drift.plan.graph`). A finding without changes keeps the operations it was
built with (a data blocker of `drift.checks.run` carries its guard); every finding of
`drift.diff` carries changes.

To add a change kind: define it in `drift/changes.py`, emit it from `drift.diff`, and
register its strategy here with `@strategy(TheKind)`; `operations` dispatches on the
exact type, and `tests/unit/test_strategies.py` checks that every kind has one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any, TypeVar

from drift import changes as ch
from drift.checks import CheckViolations, Duplicates, Nulls, Orphans
from drift.findings import Finding
from drift.model import (
    OWNED_SEQUENCE_DEFAULT,
    Catalog,
    Constraint,
    ConstraintKind,
    Index,
    ObjectKind,
)
from drift.plan import catalog_ops, ops, partitions
from drift.plan.ddl import create_ddl, drop_ddl, policy_is
from drift.plan.ops import Operation, Phase
from drift.sqltext import column_list, ident, literal, qualified, rename_identifiers, replace_word

F = TypeVar("F", bound=Callable[..., "Steps"])
Steps = tuple[Operation, ...]
# each strategy as `fn(change, major)`: `major` is the live server's major version
_STRATEGIES: dict[type[ch.Change], Callable[[Any, int | None], Steps]] = {}


def strategy(kind: type[ch.Change], *, major: bool = False) -> Callable[[F], F]:
    """Register the strategy of one change kind (exactly that type, not its subclasses):
    a function of the change, or with `major` of the change and the live server's major
    version (None: unknown), for steps that depend on it."""
    def register(fn: F) -> F:
        if kind in _STRATEGIES:
            raise ValueError(f"{kind.__name__} has a strategy already")
        _STRATEGIES[kind] = fn if major else (lambda change, _major: fn(change))
        return fn
    return register


def registered() -> frozenset[type[ch.Change]]:
    return frozenset(_STRATEGIES)


def operations(change: ch.Change, major: int | None = None) -> Steps:
    """The steps that make `change` on a server of that major version (None: unknown),
    in the order they must run within their phases."""
    fn = _STRATEGIES.get(type(change))
    if fn is None:
        raise TypeError(f"no planner strategy for the change kind {type(change).__name__}")
    return fn(change, major)


def attach(findings: list[Finding], live: Catalog | None = None) -> list[Finding]:
    """Each finding with the operations of its changes (see the module doc), for the
    `live` catalog's server (its major version, read once here)."""
    major = live.major if live is not None else None
    return [replace(f, operations=tuple(op for c in f.changes for op in operations(c, major)))
            if f.changes else f for f in findings]


def _placed(c: ch.AddConstraint | ch.CreateIndex | ch.DropInvalidIndex | ch.DropIndex,
            steps: Steps, major: int | None, *, interrupted: bool = False) -> Steps:
    """`c`'s steps as PostgreSQL allows them on its table when the diff marked it
    partitioned (`partitions.on_partitioned`; a key's referencing tables too). Steps
    that run after the renames name the table by its target name (`target_table`)."""
    tables: dict[tuple[str, str], ch.Partitioned] = {}
    where = c.partitioned
    if where is not None:
        tables[(c.schema, c.table)] = where
        if isinstance(c, ch.RedefineConstraint | ch.BuildIndexAside | ch.DropIndex):
            tables[(c.schema, c.target_table)] = where
    if isinstance(c, ch.RedefineConstraint):
        for key in c.partitioned_dependents:
            tables.setdefault(key, ch.Partitioned(partitions=()))
    return partitions.on_partitioned(steps, tables, major, interrupted=interrupted)


def _at(change: ch.Change, **extra: Any) -> dict[str, Any]:
    return dict(schema=change.schema, table=change.table, reason=change.reason, **extra)


# ---- tables ---------------------------------------------------------------------------

def fk_definition(con: Constraint, columns: dict[str, str], ref_table: str,
                  ref_columns: tuple[str, ...]) -> str:
    """FOREIGN KEY in *live* names (the expand phase runs before any rename):
    `columns` maps this table's target column names to live ones, `ref_table` and
    `ref_columns` are the referenced table's live names."""
    assert con.ref_schema
    text = (f"FOREIGN KEY ({column_list([columns.get(c, c) for c in con.columns])})"
            f" REFERENCES {qualified(con.ref_schema, ref_table)}"
            f" ({column_list(list(ref_columns))})")
    if con.match == "f":
        text += " MATCH FULL"
    if con.on_update and con.on_update != "a":
        text += f" ON UPDATE {ops.FK_ACTIONS[con.on_update]}"
    if con.on_delete and con.on_delete != "a":
        text += f" ON DELETE {ops.FK_ACTIONS[con.on_delete]}"
        if con.delete_set_columns:
            text += f" ({column_list([columns.get(c, c) for c in con.delete_set_columns])})"
    return text + _deferrable(con.deferrable, con.deferred)


def _deferrable(deferrable: bool, deferred: bool) -> str:
    if not deferrable:
        return ""
    return " DEFERRABLE INITIALLY DEFERRED" if deferred else " DEFERRABLE"


@strategy(ch.CreateTable)
def _create_table(c: ch.CreateTable) -> Steps:
    """Schema if needed, the table with keys and CHECKs inline, then FKs and indexes.
    A table PARTITION BY / INHERITS gets its own columns and CHECKs only, then its
    partitions, and its indexes built (in a transaction: it is empty) on the parent."""
    at = _at(c, phase=Phase.EXPAND)
    table = c.definition
    steps: list[Operation] = [ops.CreateSchema(**at)] if c.create_schema else []
    if table.partition_key or table.inherits:
        steps += partitions.new_table_ops(table, at)
    else:
        inline = [k for k in table.constraints if k.kind is not ConstraintKind.FOREIGN_KEY]
        steps.append(ops.CreateTable(columns=table.columns, constraints=tuple(
            f"CONSTRAINT {ident(k.name)} {k.definition}" for k in inline), **at))
    steps += [ops.AddConstraint(name=fk.name, definition=fk_definition(
        fk, {}, fk.ref_table or "", fk.ref_columns), **at) for fk in c.foreign_keys]
    indexes = [ix for ix in table.indexes if ix.constraint is None]
    if table.partition_key:
        steps += [partitions.CreateParentIndex(index=ix, only=False, columns={}, **at)
                  for ix in indexes]
    else:
        steps += [ops.CreateIndex(index=ix, **at) for ix in indexes]
    return tuple(steps)


@strategy(ch.DropTable)
def _drop_table(c: ch.DropTable) -> Steps:
    return (ops.DropTable(phase=Phase.CLEANUP, depth=c.depth, **_at(c)),)


def compat_view_ddl(schema: str, old: str, new: str) -> str:
    """OR REPLACE: a rerun of the plan that created it finds it there."""
    return (f"CREATE OR REPLACE VIEW {qualified(schema, old)} AS SELECT * FROM "
            f"{qualified(schema, new)}")


@strategy(ch.RenameTable)
def _rename_table(c: ch.RenameTable) -> Steps:
    """The rename, and (if asked) a view under the old name, simple and so writable.
    That view is never dropped by the run that creates it: the window closes with a
    later plan (`drift plan --phase cleanup`, DR232)."""
    steps: list[Operation] = [ops.Rename(phase=Phase.RENAME, kind="table", old=c.old,
                                         new=c.new, **_at(c))]
    if c.compat_view:
        steps.append(ops.CreateObject(
            phase=Phase.RENAME, schema=c.schema, table=c.new, kind="view", name=c.old,
            reason=c.reason, ddl=compat_view_ddl(c.schema, c.old, c.new),
            drop_ddl=f"DROP VIEW IF EXISTS {qualified(c.schema, c.old)}"))
    return tuple(steps)


# ---- columns ----------------------------------------------------------------------------

@strategy(ch.AddColumn)
def _add_column(c: ch.AddColumn) -> Steps:
    return (ops.AddColumn(phase=Phase.EXPAND, column=c.column, nullable=c.nullable,
                          **_at(c)),)


@strategy(ch.DropColumn)
def _drop_column(c: ch.DropColumn) -> Steps:
    return (ops.DropColumn(phase=Phase.CLEANUP, column=c.column, **_at(c)),)


@strategy(ch.RenameColumn)
def _rename_column(c: ch.RenameColumn) -> Steps:
    return (ops.Rename(phase=Phase.RENAME, kind="column", old=c.old, new=c.new, **_at(c)),)


@strategy(ch.RetypeColumn)
def _retype(c: ch.RetypeColumn) -> Steps:
    """The type change (through text between two enums); a serial column's own
    sequence is widened with it."""
    steps: Steps = (ops.AlterColumnType(phase=Phase.SWITCH, column=c.column,
                                        new_type=c.new_type, old_type=c.old_type,
                                        via_text=c.via_text, drop_default=c.drop_default,
                                        **_at(c)),)
    if c.serial_sequence and {c.new_type, c.old_type} <= set(ops.SERIAL_TYPES):
        steps += (ops.AlterOwnedSequenceType(phase=Phase.SWITCH, column=c.column,
                                             new_type=c.new_type, old_type=c.old_type,
                                             **_at(c)),)
    return steps


@strategy(ch.ChangeCollation)
def _collation(c: ch.ChangeCollation) -> Steps:
    return (ops.AlterCollation(phase=Phase.SWITCH, column=c.column, type=c.type, new=c.new,
                               old=c.old, **_at(c)),)


@strategy(ch.SetNotNull)
def _set_not_null(c: ch.SetNotNull) -> Steps:
    """NOT NULL without a long lock: CHECK NOT VALID, backfill, guard, VALIDATE, SET NOT
    NULL, and the helper CHECK dropped again."""
    helper = ch.helper_check_name(c.table, c.column)
    at = _at(c)
    check = Nulls(schema=c.schema, table=c.table, column=c.column, sample_key=c.sample_key,
                  backfill=c.backfilled)
    steps: list[Operation] = [ops.AddConstraint(
        phase=Phase.EXPAND, name=helper, definition=f"CHECK ({ident(c.column)} IS NOT NULL)",
        not_valid=True, **at)]
    if c.backfill:
        steps.append(ops.Backfill(phase=Phase.BACKFILL, column=c.column, sql=c.backfill, **at))
    steps += [ops.Guard(phase=Phase.SWITCH, check=check, report_all_rows=c.new_column, **at),
              ops.ValidateConstraint(phase=Phase.SWITCH, name=helper, **at),
              ops.SetNotNull(phase=Phase.SWITCH, column=c.column, **at),
              ops.DropConstraint(phase=Phase.SWITCH, name=helper, **at)]
    return tuple(steps)


@strategy(ch.DropNotNull)
def _drop_not_null(c: ch.DropNotNull) -> Steps:
    return (ops.DropNotNull(phase=Phase.EXPAND, column=c.column, **_at(c)),)


@strategy(ch.Backfill)
def _backfill(c: ch.Backfill) -> Steps:
    return (ops.Backfill(phase=Phase.BACKFILL, column=c.column, sql=c.sql, **_at(c)),)


@strategy(ch.SetDefault)
def _set_default(c: ch.SetDefault) -> Steps:
    return (ops.AlterDefault(phase=Phase.EXPAND, column=c.column, new=c.new, old=c.old,
                             column_type=c.column_type, **_at(c)),)


@strategy(ch.ChangeIdentity)
def _identity(c: ch.ChangeIdentity) -> Steps:
    """ADD / SET / DROP IDENTITY: a serial's own default goes first (its sequence with
    it), any other live default in the same statement; the target's default after."""
    at = _at(c, phase=Phase.EXPAND, column=c.column)
    steps: list[Operation] = []
    if c.old is None and c.live_default == OWNED_SEQUENCE_DEFAULT:
        steps.append(ops.AlterDefault(new=None, old=c.live_default, column_type=c.column_type,
                                      **at))
    steps.append(ops.AlterIdentity(new=c.new, old=c.old,
                                   drop_default=c.old is None and c.live_default is not None
                                   and c.live_default != OWNED_SEQUENCE_DEFAULT, **at))
    if c.new is None and c.default is not None:
        steps.append(ops.AlterDefault(new=c.default, old=None, column_type=c.target_type,
                                      **at))
    return tuple(steps)


@strategy(ch.SetGeneration)
def _generation(c: ch.SetGeneration) -> Steps:
    """SET EXPRESSION (PostgreSQL 17+) in the switch; DROP EXPRESSION (and the target's
    default) in expand."""
    if c.new is not None:
        return (ops.AlterGeneration(phase=Phase.SWITCH, column=c.column, new=c.new, old=c.old,
                                    **_at(c)),)
    steps: list[Operation] = [ops.AlterGeneration(phase=Phase.EXPAND, column=c.column,
                                                  new=None, old=c.old, **_at(c))]
    if c.default is not None:
        steps.append(ops.AlterDefault(phase=Phase.EXPAND, column=c.column, new=c.default,
                                      old=None, column_type=c.column_type, **_at(c)))
    return tuple(steps)


@strategy(ch.RegenerateColumn)
def _regenerate(c: ch.RegenerateColumn) -> Steps:
    """Drop and add again as generated; a rerun finds it generated so and keeps it."""
    relation = qualified(c.schema, c.table)
    expression = c.column.generated or ""
    reached = (f"EXISTS (SELECT 1 FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = "
               f"d.adrelid AND a.attnum = d.adnum WHERE d.adrelid = to_regclass("
               f"{literal(relation)}) AND a.attname = {literal(c.column.name)} AND "
               f"a.attgenerated <> '' AND pg_get_expr(d.adbin, d.adrelid) = {literal(expression)})")
    return (ops.DropColumn(phase=Phase.EXPAND, column=c.column.name, unless=reached, **_at(c)),
            ops.AddColumn(phase=Phase.EXPAND, column=c.column, **_at(c)))


# ---- constraints ------------------------------------------------------------------------

def _to_live(c: ch.AddConstraint, expression: str | None) -> str | None:
    return rename_identifiers(expression, c.columns) if expression else expression


def add_constraint_steps(c: ch.AddConstraint) -> Steps:
    """The safe way to add each kind, guarded where it depends on the data."""
    con = c.constraint
    at = _at(c)
    cols = tuple(c.columns.get(name, name) for name in con.columns)
    if con.kind in (ConstraintKind.UNIQUE, ConstraintKind.PRIMARY_KEY):
        index = Index(name=con.name, unique=True, method="btree", keys=con.columns,
                      key_is_expression=(False,) * len(cols), key_options=("",) * len(cols),
                      include=con.include, nulls_not_distinct=con.nulls_not_distinct)
        check = Duplicates(schema=c.schema, table=c.table, keys=tuple(ident(n) for n in cols),
                           labels=cols, nulls_not_distinct=con.nulls_not_distinct)
        return (ops.Guard(phase=Phase.EXPAND, check=check, **at),
                ops.CreateIndex(phase=Phase.EXPAND, index=index, columns=c.columns, **at),
                ops.AddConstraintUsingIndex(
                    phase=Phase.SWITCH, name=con.name, index=con.name,
                    primary_key=con.kind is ConstraintKind.PRIMARY_KEY,
                    deferrable=_deferrable(con.deferrable, con.deferred).strip(), **at))
    if con.kind is ConstraintKind.FOREIGN_KEY:
        assert con.ref_schema and c.ref_table
        orphans = Orphans(schema=c.schema, table=c.table, columns=cols,
                          ref_schema=con.ref_schema, ref_table=c.ref_table,
                          ref_columns=c.ref_columns)
        return (ops.AddConstraint(phase=Phase.EXPAND, name=con.name, not_valid=True,
                                  definition=fk_definition(con, c.columns, c.ref_table,
                                                           c.ref_columns), **at),
                ops.Guard(phase=Phase.SWITCH, check=orphans, **at),
                ops.ValidateConstraint(phase=Phase.SWITCH, name=con.name, **at))
    if con.kind is ConstraintKind.CHECK and con.check_expr:
        violations = CheckViolations(schema=c.schema, table=c.table,
                                     expression=_to_live(c, con.check_expr) or con.check_expr,
                                     constraint=con.name, sample_key=c.sample_key)
        return (ops.AddConstraint(phase=Phase.EXPAND, name=con.name, not_valid=True,
                                  definition=_to_live(c, con.definition) or con.definition,
                                  **at),
                ops.Guard(phase=Phase.SWITCH, check=violations, **at),
                ops.ValidateConstraint(phase=Phase.SWITCH, name=con.name, **at))
    return (ops.AddConstraint(phase=Phase.SWITCH, name=con.name, definition=con.definition,
                              **at),)


@strategy(ch.AddConstraint, major=True)
def _add_constraint(c: ch.AddConstraint, major: int | None) -> Steps:
    return _placed(c, add_constraint_steps(c), major)


@strategy(ch.ValidateConstraint)
def _validate(c: ch.ValidateConstraint) -> Steps:
    """A NOT VALID constraint: only the switch's guard and VALIDATE of the add steps."""
    return tuple(op for op in add_constraint_steps(c) if op.phase is Phase.SWITCH)


def guard_then_drop(drop: Operation, steps: Steps) -> Steps:
    """Never drop the old rule before the guard of its replacement has passed."""
    guards = tuple(op for op in steps if isinstance(op, ops.Guard) and op.phase is drop.phase)
    return (*guards, drop, *(op for op in steps if op not in guards))


def _target_reached(c: ch.RedefineConstraint) -> str:
    """The constraint as the target has it, under its target table name: a rerun of
    the completed plan finds it so and skips the steps that rebuild it."""
    con = c.constraint
    definitions = [con.definition]
    if con.check_settled is not None and con.check_expr:
        definitions.append(con.definition.replace(con.check_expr, con.check_settled))
    return ops.constraint_is(c.schema, c.target_table, con.name, *definitions)


@strategy(ch.RedefineConstraint, major=True)
def _redefine(c: ch.RedefineConstraint, major: int | None) -> Steps:
    reached = _target_reached(c)
    swap = _swap_key(c, reached)
    if swap:
        return _placed(c, swap, major)
    drop = ops.DropConstraint(phase=Phase.EXPAND, name=c.live.name, restore=c.live.definition,
                              unless=reached, **_at(c))
    return _placed(c, guard_then_drop(drop, add_constraint_steps(c)), major)


def _swap_key(c: ch.RedefineConstraint, reached: str) -> Steps:
    """A primary or unique key changes: the table is never without it. Build the new
    key's index CONCURRENTLY aside (expand), then swap in one short transaction of the
    switch: drop the foreign keys that reference the old key, drop it, promote the new
    index (USING INDEX), re-add those FKs NOT VALID (VALIDATE in cleanup). Empty for
    other kinds, and when the live constraint is not a key."""
    con, live = c.constraint, c.live
    if con.kind not in (ConstraintKind.UNIQUE, ConstraintKind.PRIMARY_KEY) \
            or not live.enforcing:
        return ()
    temporary = f"{con.name}_drift_new"[-63:]
    guard, build, attach_ = add_constraint_steps(c)
    assert isinstance(build, ops.CreateIndex) and isinstance(attach_,
                                                             ops.AddConstraintUsingIndex)
    steps: list[Operation] = [guard, replace(build, index=replace(build.index, name=temporary),
                                             unless=reached)]
    steps += [ops.DropConstraint(phase=Phase.SWITCH, schema=s, table=t, name=fk.name,
                                 restore=fk.definition, reason=c.reason, unless=reached)
              for s, t, fk in c.dependents]
    steps += [ops.DropConstraint(phase=Phase.SWITCH, name=live.name, restore=live.definition,
                                 unless=reached, **_at(c)),
              replace(attach_, index=temporary)]
    for s, t, fk in c.dependents:
        at: dict[str, Any] = dict(schema=s, table=t, reason=c.reason)
        steps += [ops.AddConstraint(phase=Phase.SWITCH, name=fk.name, definition=fk.definition,
                                    not_valid=True, **at),
                  ops.ValidateConstraint(phase=Phase.CLEANUP, name=fk.name, **at)]
    return tuple(steps)


@strategy(ch.AdoptIndex)
def _adopt(c: ch.AdoptIndex) -> Steps:
    return (ops.AddConstraintUsingIndex(
        phase=Phase.SWITCH, name=c.name, index=c.index, primary_key=c.primary_key,
        deferrable=_deferrable(c.deferrable, c.deferred).strip(), **_at(c)),)


@strategy(ch.DropConstraint)
def _drop_constraint(c: ch.DropConstraint) -> Steps:
    return (ops.DropConstraint(phase=Phase.SWITCH, name=c.name, restore=c.restore, **_at(c)),)


@strategy(ch.RenameConstraint)
def _rename_constraint(c: ch.RenameConstraint) -> Steps:
    return (ops.Rename(phase=Phase.RENAME, kind="constraint", old=c.old, new=c.new, **_at(c)),)


# ---- indexes ----------------------------------------------------------------------------

def _create_index_steps(c: ch.CreateIndex, name: str | None = None) -> Steps:
    """CONCURRENTLY, after a guard over duplicates when it is unique."""
    live = c.live_index if name is None else replace(c.live_index, name=name)
    create = ops.CreateIndex(phase=Phase.EXPAND, index=live, **_at(c))
    if not live.unique:
        return (create,)
    keys = tuple(k if expr else ident(k)
                 for k, expr in zip(live.keys, live.key_is_expression, strict=True))
    check = Duplicates(schema=c.schema, table=c.table, keys=keys, labels=c.index.keys,
                       predicate=live.predicate, nulls_not_distinct=c.index.nulls_not_distinct)
    return (ops.Guard(phase=Phase.EXPAND, check=check, **_at(c)), create)


@strategy(ch.CreateIndex)
def _create_index(c: ch.CreateIndex) -> Steps:
    return _placed(c, _create_index_steps(c), None)


@strategy(ch.BuildIndexAside)
def _build_aside(c: ch.BuildIndexAside) -> Steps:
    """Build under a temporary name, then take the name once the constraint is gone."""
    temporary = f"{c.index.name}_drift_new"[-63:]
    reached = ops.index_is(c.schema, c.index.name, c.index.definition)  # built and renamed
    return _placed(c, (
        *(replace(op, unless=reached) for op in _create_index_steps(c, temporary)),
        ops.Rename(phase=Phase.RENAME, schema=c.schema, table=c.target_table, kind="index",
                   old=temporary, new=c.index.name, reason=c.reason)), None)


@strategy(ch.RebuildIndex)
def _rebuild_index(c: ch.RebuildIndex) -> Steps:
    # a rerun of the completed plan finds the index rebuilt and leaves it alone
    drop = ops.DropIndex(phase=Phase.EXPAND, name=c.live.name, restore=c.live,
                         unless=ops.index_is(c.schema, c.index.name, c.index.definition),
                         **_at(c))
    return _placed(c, guard_then_drop(drop, _create_index_steps(c)), None)


@strategy(ch.DropInvalidIndex)
def _drop_invalid(c: ch.DropInvalidIndex) -> Steps:
    # only while it is still the INVALID leftover: never the index a rerun rebuilt
    steps: Steps = (ops.DropIndex(phase=Phase.EXPAND, name=c.name,
                                  unless=ops.index_valid(c.schema, c.name), **_at(c)),)
    if c.rebuild is not None:
        steps += _create_index_steps(c.rebuild)
    return _placed(c, steps, None, interrupted=c.interrupted)


@strategy(ch.DropIndex)
def _drop_index(c: ch.DropIndex) -> Steps:
    """A unique index still enforces a rule: dropped in the switch. Any other in
    cleanup, which runs (and is undone) after the renames: in target names."""
    if c.unique:
        return _placed(c, (ops.DropIndex(phase=Phase.SWITCH, name=c.name, restore=c.restore,
                                         **_at(c)),), None)
    return _placed(c, (ops.DropIndex(phase=Phase.CLEANUP, schema=c.schema, table=c.target_table,
                                     name=c.name, restore=c.restore_target, reason=c.reason),),
                   None)


@strategy(ch.RenameIndex)
def _rename_index(c: ch.RenameIndex) -> Steps:
    return (ops.Rename(phase=Phase.RENAME, kind="index", old=c.old, new=c.new, **_at(c)),)


# ---- other objects ----------------------------------------------------------------------

# created, replaced and dropped after the renames, in target names
_LATE = (ObjectKind.VIEW, ObjectKind.TRIGGER, ObjectKind.ROW_SECURITY, ObjectKind.POLICY)


@strategy(ch.CreateObject, major=True)
def _create_object(c: ch.CreateObject, major: int | None) -> Steps:
    """Types, sequences and extensions in expand (before the tables that use them),
    functions too; views, triggers and policies in cleanup, once renames are done."""
    obj = c.obj
    phase = Phase.CLEANUP if obj.kind in _LATE else Phase.EXPAND
    return (ops.CreateObject(phase=phase, kind=obj.kind.value, name=obj.name,
                             ddl=create_ddl(obj, major), drop_ddl=drop_ddl(obj), **_at(c)),)


@strategy(ch.ReplaceObject, major=True)
def _replace_object(c: ch.ReplaceObject, major: int | None) -> Steps:
    """CREATE OR REPLACE; a policy has none: dropped (unless it is the target's by
    now) and created again."""
    obj, have = c.obj, c.live
    if obj.kind is ObjectKind.POLICY:
        return (ops.DropObject(phase=Phase.CLEANUP, kind=obj.kind.value, name=obj.name,
                               drop_ddl=drop_ddl(have), restore_ddl=create_ddl(have, major),
                               unless=policy_is(obj), **_at(c)),
                ops.CreateObject(phase=Phase.CLEANUP, kind=obj.kind.value, name=obj.name,
                                 ddl=create_ddl(obj, major), drop_ddl=drop_ddl(obj), **_at(c)))
    return (ops.ReplaceObject(phase=Phase.CLEANUP, kind=obj.kind.value, name=obj.name,
                              ddl=create_ddl(obj, major), old_ddl=create_ddl(have, major),
                              **_at(c)),)


@strategy(ch.DropObject, major=True)
def _drop_object(c: ch.DropObject, major: int | None) -> Steps:
    """In cleanup: these objects hold no data, and the downgrade restores them."""
    obj = c.obj
    return (ops.DropObject(phase=Phase.CLEANUP, kind=obj.kind.value, name=obj.name,
                           drop_ddl=drop_ddl(obj), restore_ddl=create_ddl(obj, major),
                           **_at(c)),)


@strategy(ch.AddEnumValue)
def _enum_value(c: ch.AddEnumValue) -> Steps:
    return (ops.AddEnumValue(phase=Phase.EXPAND, type_name=c.type_name, value=c.value,
                             before=c.before, **_at(c)),)


@strategy(ch.AddDomainCheck)
def _domain_check(c: ch.AddDomainCheck) -> Steps:
    """NOT VALID first (new values are checked at once), a guard over every column
    of the domain's type (VALUE replaced by the column), then VALIDATE."""
    expression = c.definition.removeprefix("CHECK ").strip()
    at = _at(c)
    steps: list[Operation] = [ops.AddDomainCheck(phase=Phase.EXPAND, domain=c.domain,
                                                 name=c.name, definition=c.definition, **at)]
    steps += [ops.Guard(phase=Phase.SWITCH, check=CheckViolations(
        schema=col.schema, table=col.table, sample_key=col.sample_key,
        expression=replace_word(expression, "VALUE", ident(col.column)),
        constraint=f"{c.domain}.{col.column}", located=col.located), **at)
        for col in c.columns]
    steps.append(ops.ValidateDomainCheck(phase=Phase.SWITCH, domain=c.domain, name=c.name,
                                         **at))
    return tuple(steps)


# ---- schemas, extension versions, owners and grants -----------------------------------

@strategy(ch.CreateSchema)
def _create_schema(c: ch.CreateSchema) -> Steps:
    """In expand, before the tables and objects that go in it."""
    return (ops.CreateSchema(phase=Phase.EXPAND, **_at(c)),)


@strategy(ch.DropSchema)
def _drop_schema(c: ch.DropSchema) -> Steps:
    """In cleanup (approved: it takes everything in it)."""
    return (catalog_ops.DropSchema(phase=Phase.CLEANUP, **_at(c)),)


@strategy(ch.UpdateExtension)
def _update_extension(c: ch.UpdateExtension) -> Steps:
    """In expand, before the tables that may use what the new version adds."""
    return (catalog_ops.UpdateExtension(phase=Phase.EXPAND, name=c.name, version=c.version,
                                        old_version=c.old_version, **_at(c)),)


@strategy(ch.AlterOwner)
def _alter_owner(c: ch.AlterOwner) -> Steps:
    """In cleanup, once every object exists, before the grants; undone by giving the
    object back to its live owner (an object the plan creates has none to go back to)."""
    on = catalog_ops.owner_target(c.kind, c.schema, c.name)
    undo = f"ALTER {on} OWNER TO {ident(c.old_owner)}" if c.old_owner is not None else None
    return (catalog_ops.AlterOwner(phase=Phase.CLEANUP, sql=f"ALTER {on} OWNER TO "
                                   f"{ident(c.owner)}", undo=undo, **_at(c)),)


@strategy(ch.Grant)
def _grant(c: ch.Grant) -> Steps:
    on, to = catalog_ops.grant_target(c.kind, c.schema, c.name), catalog_ops.grantee(c.grantee)
    option = " WITH GRANT OPTION" if c.grant_option else ""
    return (catalog_ops.RunGrant(phase=Phase.CLEANUP,
                                 sql=f"GRANT {c.privilege} ON {on} TO {to}{option}",
                                 undo=f"REVOKE {c.privilege} ON {on} FROM {to}", **_at(c)),)


@strategy(ch.Revoke)
def _revoke(c: ch.Revoke) -> Steps:
    """The privilege, or only its grant option; the downgrade grants back what was there."""
    on, to = catalog_ops.grant_target(c.kind, c.schema, c.name), catalog_ops.grantee(c.grantee)
    what = f"GRANT OPTION FOR {c.privilege}" if c.option_only else c.privilege
    option = " WITH GRANT OPTION" if c.grant_option else ""
    return (catalog_ops.RunGrant(phase=Phase.CLEANUP, sql=f"REVOKE {what} ON {on} FROM {to}",
                                 undo=f"GRANT {c.privilege} ON {on} TO {to}{option}",
                                 **_at(c)),)


@strategy(ch.SetComment)
def _comment(c: ch.SetComment) -> Steps:
    return (ops.SetComment(phase=Phase.CLEANUP, column=c.column, text=c.text, old=c.old,
                           **_at(c)),)


# the partition change kinds' strategies (registered here: they use `strategy`)
partitions.register_strategies()
