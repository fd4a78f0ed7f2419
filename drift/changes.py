"""Typed changes: what the diff found must change, and nothing about how.

`drift.diff` emits these, one or more per finding (`Finding.changes`). A change names
the object in the *live* names it has before the plan runs (`schema`, `table`), says
what the target wants, and carries the model values the planner needs to build its
steps. It holds no SQL text, no phase, no guard and no temporary name: those are the
planner's (`drift.plan.strategies`, one strategy per change kind).

Expressions and definitions here come from the server (`pg_get_*def`) or from
drift.toml (a declared backfill), already translated into live names; they are data,
never SQL that drift wrote.

To add a change kind: a frozen dataclass here (subclass of `Change`), emitted by
`drift.diff`, and one `@strategy(ThatKind)` function in `drift/plan/strategies.py`
returning its operations (`tests/unit/test_strategies.py` fails on a kind without one).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from drift.model import Column, Constraint, DbObject, Index, Partition, Table


@dataclass(frozen=True, kw_only=True)
class Change:
    """One change to one object. `table` is the live table the change acts on (for
    an object other than a table: its table, or its own name)."""

    schema: str
    table: str
    reason: str  # the finding it fixes, "DR112 uq_x": the label of every step it becomes


@dataclass(frozen=True, kw_only=True)
class Partitioned:
    """The live table a change acts on is partitioned (filled in by the diff, which
    knows the table pairs): `partitions` are those it will have once the expand phase
    has run (its live partitions and the target's missing ones, which expand creates;
    at any depth, in live names); `attached` names those of them that are live tables
    now, attached in the switch (their indexes and keys come with the ATTACH)."""

    partitions: tuple[Partition, ...]
    attached: frozenset[tuple[str, str]] = frozenset()


def helper_check_name(table: str, column: str) -> str:
    """The NOT VALID `CHECK (col IS NOT NULL)` the planner adds before SET NOT NULL and
    drops after it; the diff recognises one left by an interrupted run as drift's own."""
    return f"{table}_{column}_drift_nn"[-63:]


# ---- tables ---------------------------------------------------------------------------

@dataclass(frozen=True, kw_only=True)
class CreateTable(Change):
    """A new table with its columns, keys, CHECKs and indexes. `foreign_keys` are its
    FKs in live names (the referenced table and columns as they are named before the
    plan's renames)."""

    definition: Table
    create_schema: bool = False
    foreign_keys: tuple[Constraint, ...] = ()


@dataclass(frozen=True, kw_only=True)
class DropTable(Change):
    depth: int = 0  # how many dropped tables reference this one (through FKs): those first


@dataclass(frozen=True, kw_only=True)
class RenameTable(Change):
    old: str
    new: str
    compat_view: bool = False  # a view under the old name, opened with the rename


# ---- columns ----------------------------------------------------------------------------

@dataclass(frozen=True, kw_only=True)
class AddColumn(Change):
    column: Column
    nullable: bool | None = None  # override: added as nullable, tightened by SetNotNull


@dataclass(frozen=True, kw_only=True)
class DropColumn(Change):
    column: str


@dataclass(frozen=True, kw_only=True)
class RenameColumn(Change):
    old: str
    new: str


@dataclass(frozen=True, kw_only=True)
class RetypeColumn(Change):
    column: str
    new_type: str
    old_type: str
    via_text: bool = False  # no cast between the two types (enum to enum)
    drop_default: bool = False  # the live default may not follow the type
    serial_sequence: bool = False  # the column owns its sequence (serial): it may follow


@dataclass(frozen=True, kw_only=True)
class ChangeCollation(Change):
    column: str
    type: str
    new: str | None
    old: str | None


@dataclass(frozen=True, kw_only=True)
class SetNotNull(Change):
    """NOT NULL on a column whose rows may hold NULLs. `backfill` is the declared
    backfill's SQL (live names), `backfilled` whether drift.toml declares one at all."""

    column: str
    sample_key: tuple[str, ...] = ()  # the live primary key, to show NULL rows by
    backfill: str | None = None
    backfilled: bool = False
    new_column: bool = False  # added by the same plan: every existing row is NULL


@dataclass(frozen=True, kw_only=True)
class DropNotNull(Change):
    column: str


@dataclass(frozen=True, kw_only=True)
class Backfill(Change):
    """A declared backfill (drift.toml) of a column: its SQL in live names."""

    column: str
    sql: str


@dataclass(frozen=True, kw_only=True)
class SetDefault(Change):
    column: str
    new: str | None
    old: str | None
    column_type: str


@dataclass(frozen=True, kw_only=True)
class ChangeIdentity(Change):
    """ADD / SET / DROP IDENTITY. `live_default` is what the live column has (a
    serial's owned-sequence placeholder included); `default` the target's, set after
    an identity is dropped."""

    column: str
    new: str | None
    old: str | None
    column_type: str
    live_default: str | None = None
    default: str | None = None
    target_type: str = ""


@dataclass(frozen=True, kw_only=True)
class SetGeneration(Change):
    """A generated column's expression changes in place (PostgreSQL 17+), or (with
    `new` None) the column stops being generated; `default` is set after that."""

    column: str
    new: str | None
    old: str | None
    default: str | None = None
    column_type: str = ""


@dataclass(frozen=True, kw_only=True)
class RegenerateColumn(Change):
    """A column re-created as generated (its drop is approved in drift.toml):
    `column` is the target column under its live name, its expression in live names."""

    column: Column


# ---- constraints ------------------------------------------------------------------------

@dataclass(frozen=True, kw_only=True)
class AddConstraint(Change):
    """A constraint the live table lacks, in target names, with the maps the planner
    needs to write it in live names: `columns` (target -> live) of this table,
    `ref_table`/`ref_columns` of a foreign key's referenced table, `sample_key` the
    live primary key (to show violating rows by)."""

    constraint: Constraint
    columns: dict[str, str] = field(default_factory=dict)
    ref_table: str | None = None
    ref_columns: tuple[str, ...] = ()
    sample_key: tuple[str, ...] = ()
    partitioned: Partitioned | None = None


@dataclass(frozen=True, kw_only=True)
class ValidateConstraint(AddConstraint):
    """A constraint that exists NOT VALID: only the steps that validate it."""


@dataclass(frozen=True, kw_only=True)
class RedefineConstraint(AddConstraint):
    """A constraint of that name exists with another definition (`live`). `target_table`
    is the table's target name (a rerun after the renames finds the target reached);
    `dependents` are the live foreign keys (schema, table, constraint) that reference
    a key being replaced, `partitioned_dependents` those of their tables that are
    partitioned."""

    live: Constraint
    target_table: str
    dependents: tuple[tuple[str, str, Constraint], ...] = ()
    partitioned_dependents: frozenset[tuple[str, str]] = frozenset()


@dataclass(frozen=True, kw_only=True)
class AdoptIndex(Change):
    """A live unique index that already enforces a missing key becomes the constraint."""

    name: str
    index: str
    primary_key: bool = False
    deferrable: bool = False
    deferred: bool = False


@dataclass(frozen=True, kw_only=True)
class DropConstraint(Change):
    name: str
    restore: str | None = None  # the live definition, to re-add on downgrade


@dataclass(frozen=True, kw_only=True)
class RenameConstraint(Change):
    """`table` is the target name: renames of constraints run after the table's own."""

    old: str
    new: str


# ---- indexes ----------------------------------------------------------------------------

@dataclass(frozen=True, kw_only=True)
class CreateIndex(Change):
    """`index` in target names, `live_index` the same in live names."""

    index: Index
    live_index: Index
    partitioned: Partitioned | None = None


@dataclass(frozen=True, kw_only=True)
class BuildIndexAside(CreateIndex):
    """The name still belongs to a constraint's index: build under another name, and
    take the name once that constraint is dropped. `target_table` as for renames."""

    target_table: str


@dataclass(frozen=True, kw_only=True)
class RebuildIndex(CreateIndex):
    live: Index  # the live index of that name, with another definition


@dataclass(frozen=True, kw_only=True)
class DropInvalidIndex(Change):
    """An INVALID index left by a failed concurrent build; rebuilt when the target has it.
    On a partitioned table, `interrupted`: it has the target's definition, an ON ONLY
    build stopped before every partition's index was attached (completed, not dropped)."""

    name: str
    rebuild: CreateIndex | None = None
    partitioned: Partitioned | None = None
    interrupted: bool = False


@dataclass(frozen=True, kw_only=True)
class DropIndex(Change):
    """An index the target lacks. A unique one still enforces a rule: dropped in the
    switch, under `table` (live name); any other in cleanup, after the renames, under
    `target_table` with `restore_target` (in target names) to re-create on downgrade."""

    name: str
    unique: bool
    restore: Index
    target_table: str
    restore_target: Index
    partitioned: Partitioned | None = None


@dataclass(frozen=True, kw_only=True)
class RenameIndex(Change):
    """`table` is the target name, as for constraint renames."""

    old: str
    new: str


# ---- other objects ----------------------------------------------------------------------

@dataclass(frozen=True, kw_only=True)
class CreateObject(Change):
    """Its DDL is written for the live server's major version (`CREATE OR REPLACE
    TRIGGER` is 14+), which the planner reads from the live catalog."""

    obj: DbObject


@dataclass(frozen=True, kw_only=True)
class ReplaceObject(Change):
    """A function, view, trigger, row-level security setting or policy whose
    definition differs: `obj` the target's, `live` the one there now."""

    obj: DbObject
    live: DbObject


@dataclass(frozen=True, kw_only=True)
class DropObject(Change):
    """The downgrade re-creates the object (for the live major, as `CreateObject`)."""

    obj: DbObject


@dataclass(frozen=True, kw_only=True)
class AddEnumValue(Change):
    type_name: str
    value: str
    before: str | None = None


@dataclass(frozen=True, kw_only=True)
class DomainColumn:
    """A live column of a domain's type, where a new CHECK on the domain must hold:
    `located` is (target table, (target column,)) for the report."""

    schema: str
    table: str
    column: str
    sample_key: tuple[str, ...]
    located: tuple[str, tuple[str, ...]]


@dataclass(frozen=True, kw_only=True)
class AddDomainCheck(Change):
    domain: str
    name: str
    definition: str  # "CHECK (VALUE ...)", as pg_get_constraintdef prints it
    columns: tuple[DomainColumn, ...] = ()


# ---- schemas, extension versions, owners and grants -----------------------------------

@dataclass(frozen=True, kw_only=True)
class CreateSchema(Change):
    """A schema the target has and the live database lacks (`schema`; `table` is "")."""


@dataclass(frozen=True, kw_only=True)
class DropSchema(Change):
    """A live schema the target lacks, whose drop drift.toml approves: with everything
    in it."""


@dataclass(frozen=True, kw_only=True)
class UpdateExtension(Change):
    """The live extension `name` at `old_version`, updated to the `version` the target
    pins (the live server has an update path to it)."""

    name: str
    version: str
    old_version: str


@dataclass(frozen=True, kw_only=True)
class AlterOwner(Change):
    """A new owner of one object: `kind` table, view, materialized view, sequence,
    function or schema, `name` its name (a function's with its identity arguments, a
    schema's is the schema); `old_owner` the live one (None: the plan creates it)."""

    kind: str
    name: str
    owner: str
    old_owner: str | None = None


@dataclass(frozen=True, kw_only=True)
class Grant(Change):
    """One privilege on one object (`kind`, `name` as for `AlterOwner`) to `grantee`
    (a role, or PUBLIC), `grant_option` whether it may pass it on."""

    kind: str
    name: str
    grantee: str
    privilege: str
    grant_option: bool = False


@dataclass(frozen=True, kw_only=True)
class Revoke(Grant):
    """One privilege the live object grants beyond the target (`grant_option`: as the
    live grant has it, restored so on downgrade); `option_only`: the target grants the
    privilege itself, only not the right to pass it on."""

    option_only: bool = False


@dataclass(frozen=True, kw_only=True)
class SetComment(Change):
    """`table` is the target name: comments are set after the renames."""

    column: str | None = None  # None: the table's own comment
    text: str | None = None
    old: str | None = None


# ---- partitions and inheritance --------------------------------------------------------
# `schema`/`table` name the partition or child; `parent_schema`/`parent` its live parent.
# The planner puts guards before a bound is taken (rows of a default sibling the bound
# claims; with an attach, the table's own rows outside it): `siblings` are the live ones.

@dataclass(frozen=True, kw_only=True)
class CreatePartition(Change):
    """CREATE TABLE ... PARTITION OF, with the sub-partitions below it."""

    parent_schema: str
    parent: str
    partition: Partition
    siblings: tuple[Partition, ...] = ()


@dataclass(frozen=True, kw_only=True)
class AttachPartition(Change):
    """A live table of the partition's name attached with the target's bound."""

    parent_schema: str
    parent: str
    partition: Partition
    siblings: tuple[Partition, ...] = ()


@dataclass(frozen=True, kw_only=True)
class MovePartitionBound(Change):
    """A partition's bound changed: detached, then attached with the target's."""

    parent_schema: str
    parent: str
    partition: Partition  # the target's
    live_bound: str
    siblings: tuple[Partition, ...] = ()


@dataclass(frozen=True, kw_only=True)
class DetachPartition(Change):
    """A partition the target has as a table of its own: detached, rows kept."""

    parent_schema: str
    parent: str
    bound: str


@dataclass(frozen=True, kw_only=True)
class DropPartition(Change):
    """A partition not in the target whose drop drift.toml approves."""


@dataclass(frozen=True, kw_only=True)
class SetInherit(Change):
    """[NO] INHERIT parent; before INHERIT the child gets the parent's `columns` and
    `checks` ((name, definition)) it lacks."""

    parent_schema: str
    parent: str
    inherit: bool = True
    columns: tuple[Column, ...] = ()
    checks: tuple[tuple[str, str], ...] = ()
