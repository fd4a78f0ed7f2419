"""Operations on partitioned tables and INHERITS children.

A partition is created `PARTITION OF` its parent, attached and detached with the
parent's ALTER TABLE, and dropped like a table (only when drift.toml approves: it
deletes its rows). An index on a partitioned table cannot be built CONCURRENTLY, so
it is built the way PostgreSQL documents: `CREATE INDEX ... ON ONLY parent` (an
INVALID index that covers nothing yet), `CREATE INDEX CONCURRENTLY` on each partition,
then `ALTER INDEX parent_idx ATTACH PARTITION part_idx` for each; once every partition
has one, the parent's index is valid. A unique key or primary key goes the same way:
`ALTER TABLE ONLY parent ADD CONSTRAINT`, a unique index built CONCURRENTLY on each
partition and made the partition's constraint `USING INDEX`, then attached.

The partitions' own indexes and constraints are named as PostgreSQL names them when
it creates them itself (`ChooseIndexName`): a target built with
`CREATE INDEX ON parent` and a database migrated by drift then hold the same names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from drift import changes as ch
from drift.checks import CheckViolations
from drift.model import ConstraintKind, Index, Partition, Table
from drift.plan.ops import (
    AddColumn,
    AddConstraint,
    AddConstraintUsingIndex,
    CreateIndex,
    CreateTable,
    DropIndex,
    DropTable,
    Guard,
    Hazard,
    Operation,
    Phase,
    ValidateConstraint,
    column_ddl,
    index_ddl,
)
from drift.sqltext import column_list, ident, literal, qualified

NAMEDATALEN = 64


def _object_name(name1: str, name2: str | None, label: str) -> str:
    """PostgreSQL's makeObjectName: name1_name2_label, the longer part cut first so
    that the whole fits in 63 bytes."""
    overhead = len(label) + 1 + (1 if name2 else 0)
    available = NAMEDATALEN - 1 - overhead
    one, two = len(name1.encode()), len(name2.encode()) if name2 else 0
    while one + two > available:
        if one > two:
            one -= 1
        else:
            two -= 1
    first = name1.encode()[:one].decode(errors="ignore")
    parts = [first] + ([name2.encode()[:two].decode(errors="ignore")] if name2 else [])
    return "_".join([*parts, label])


_CALL = re.compile(r'^(?:(?:\w+|"[^"]+")\.)?(\w+|"[^"]+")\(')
_CAST = re.compile(r'^\(*(\w+|"[^"]+")\)*::')


def _expression_name(expression: str) -> str:
    """FigureIndexColname, for the shapes an index expression mostly has: a function
    call is named by its function, a cast column by its column, anything else "expr"."""
    text = expression.strip()
    while text.startswith("(") and text.endswith(")"):
        text = text[1:-1].strip()
    found = _CALL.match(text) or _CAST.match(text)
    return found.group(1).strip('"') if found else "expr"


def _column_addition(index: Index) -> str:
    """ChooseIndexNameAddition over ChooseIndexColumnNames: key and INCLUDE columns
    (an expression by `_expression_name`), a repeated name numbered, joined with "_"."""
    names: list[str] = []
    for key, is_expr in [*zip(index.keys, index.key_is_expression, strict=True),
                         *((c, False) for c in index.include)]:
        base = _expression_name(key) if is_expr else key
        name, n = base, 0
        while name in names:
            n += 1
            name = f"{base}{n}"
        names.append(name)
    text = ""
    for name in names:
        text = f"{text}_{name}" if text else name
        if len(text.encode()) >= NAMEDATALEN:
            break
    return text.encode()[:NAMEDATALEN - 1].decode(errors="ignore")


def partition_index_name(table: str, index: Index, constraint: str | None = None) -> str:
    """The name PostgreSQL gives the index it creates on partition `table` for the
    parent's `index` (`constraint`: "primary_key" / "unique" / "exclude" when it backs
    one). A name already taken would get a number there; drift does not guess it."""
    if constraint == "primary_key":
        return _object_name(table, None, "pkey")
    label = {"unique": "key", "exclude": "excl"}.get(constraint or "", "idx")
    return _object_name(table, _column_addition(index), label)


def _attached(parent_schema: str, parent: str, schema: str, child: str) -> str:
    return (f"EXISTS (SELECT 1 FROM pg_inherits WHERE inhrelid = to_regclass("
            f"{literal(qualified(schema, child))}) AND inhparent = to_regclass("
            f"{literal(qualified(parent_schema, parent))}))")


def partition_is(parent_schema: str, parent: str, schema: str, name: str, bound: str) -> str:
    """True once `name` is a partition of `parent` with this bound."""
    return (f"EXISTS (SELECT 1 FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            f"WHERE i.inhrelid = to_regclass({literal(qualified(schema, name))}) AND "
            f"i.inhparent = to_regclass({literal(qualified(parent_schema, parent))}) AND "
            f"pg_get_expr(c.relpartbound, c.oid) = {literal(bound)})")


def _bound_clause(bound: str) -> str:
    return bound if bound.startswith("FOR VALUES") or bound == "DEFAULT" else \
        f"FOR VALUES {bound}"


@dataclass(frozen=True, kw_only=True)
class CreateParentTable(CreateTable):
    """A new table that is partitioned (`PARTITION BY`) or INHERITS parents; only its
    own columns and constraints are written, the inherited ones come from the parents."""

    partition_by: str | None = None
    inherits: tuple[tuple[str, str], ...] = ()

    def statements(self) -> list[str]:
        body = ",\n    ".join([column_ddl(c) for c in self.columns] + list(self.constraints))
        text = f"CREATE TABLE IF NOT EXISTS {self.relation} (\n    {body}\n)"
        if self.inherits:
            text += f" INHERITS ({', '.join(qualified(s, n) for s, n in self.inherits)})"
        if self.partition_by:
            text += f" PARTITION BY {self.partition_by}"
        return [text]


@dataclass(frozen=True, kw_only=True)
class CreatePartition(Operation):
    """CREATE TABLE ... PARTITION OF parent FOR VALUES ... [PARTITION BY ...]: empty,
    with the parent's columns, constraints and indexes. `schema`/`table` name the
    partition. A default partition holding rows of the new bound makes it fail."""

    parent_schema: str
    parent: str
    bound: str
    partition_by: str | None = None
    stage: ClassVar[int] = 1

    def statements(self) -> list[str]:
        text = (f"CREATE TABLE IF NOT EXISTS {self.relation} PARTITION OF "
                f"{qualified(self.parent_schema, self.parent)} {_bound_clause(self.bound)}")
        if self.partition_by:
            text += f" PARTITION BY {self.partition_by}"
        return [text]

    def reverse(self) -> tuple[Operation, ...]:
        return (DropTable(phase=self.phase, schema=self.schema, table=self.table,
                          reason=self.reason),)


@dataclass(frozen=True, kw_only=True)
class DetachPartition(Operation):
    """ALTER TABLE parent DETACH PARTITION: the partition stays a table, with its rows."""

    parent_schema: str
    parent: str
    bound: str  # to attach it again on a downgrade

    def statements(self) -> list[str]:
        return [f"ALTER TABLE {qualified(self.parent_schema, self.parent)} DETACH PARTITION "
                f"{self.relation}"]

    def done_sql(self) -> str:
        return f"NOT {_attached(self.parent_schema, self.parent, self.schema, self.table)}"

    def reverse(self) -> tuple[Operation, ...]:
        return (AttachPartition(phase=self.phase, schema=self.schema, table=self.table,
                                parent_schema=self.parent_schema, parent=self.parent,
                                bound=self.bound, reason=self.reason),)


@dataclass(frozen=True, kw_only=True)
class AttachPartition(Operation):
    """ALTER TABLE parent ATTACH PARTITION ... FOR VALUES: scans the table to prove
    every row fits the bound (a row that does not aborts the phase, rolled back)."""

    parent_schema: str
    parent: str
    bound: str
    hazards: ClassVar[tuple[Hazard, ...]] = (Hazard.ACCESS_EXCLUSIVE, Hazard.DATA_DEPENDENT)

    def statements(self) -> list[str]:
        return [f"ALTER TABLE {qualified(self.parent_schema, self.parent)} ATTACH PARTITION "
                f"{self.relation} {_bound_clause(self.bound)}"]

    def done_sql(self) -> str:
        return partition_is(self.parent_schema, self.parent, self.schema, self.table,
                            self.bound)

    def reverse(self) -> tuple[Operation, ...]:
        return (DetachPartition(phase=self.phase, schema=self.schema, table=self.table,
                                parent_schema=self.parent_schema, parent=self.parent,
                                bound=self.bound, reason=self.reason),)


@dataclass(frozen=True, kw_only=True)
class SetInherit(Operation):
    """ALTER TABLE child [NO] INHERIT parent: catalog-only (INHERIT checks the child
    has the parent's columns and CHECKs; it does not scan rows)."""

    parent_schema: str
    parent: str
    inherit: bool = True

    def statements(self) -> list[str]:
        verb = "INHERIT" if self.inherit else "NO INHERIT"
        return [f"ALTER TABLE {self.relation} {verb} {qualified(self.parent_schema, self.parent)}"]

    def done_sql(self) -> str:
        test = _attached(self.parent_schema, self.parent, self.schema, self.table)
        return test if self.inherit else f"NOT {test}"

    def reverse(self) -> tuple[Operation, ...]:
        return (replace(self, inherit=not self.inherit),)


@dataclass(frozen=True, kw_only=True)
class CreateParentIndex(Operation):
    """CREATE INDEX on a partitioned table, in a transaction. `only`: ON ONLY, an INVALID
    index that builds nothing (its partitions' indexes are attached after); without
    it (a table the plan creates, still empty) PostgreSQL builds every partition's."""

    index: Index
    only: bool = True
    columns: dict[str, str] | None = None
    hazards: ClassVar[tuple[Hazard, ...]] = ()

    def statements(self) -> list[str]:
        ddl = index_ddl(self.schema, self.table, self.index, concurrently=False,
                        columns=self.columns)
        if self.only:
            at = f" ON {qualified(self.schema, self.table)} USING "
            ddl = ddl.replace(at, f" ON ONLY {qualified(self.schema, self.table)} USING ", 1)
        return [ddl]

    def reverse(self) -> tuple[Operation, ...]:
        return (DropParentIndex(phase=self.phase, schema=self.schema, table=self.table,
                                name=self.index.name, reason=self.reason),)


@dataclass(frozen=True, kw_only=True)
class DropParentIndex(Operation):
    """DROP INDEX of a partitioned table's index (with its partitions' indexes):
    PostgreSQL cannot drop it CONCURRENTLY."""

    name: str
    restore: Index | None = None

    def statements(self) -> list[str]:
        return [f"DROP INDEX IF EXISTS {qualified(self.schema, self.name)}"]

    def reverse(self) -> tuple[Operation, ...] | None:
        if self.restore is None:
            return ()
        return (CreateParentIndex(phase=self.phase, schema=self.schema, table=self.table,
                                  index=self.restore, only=False, reason=self.reason),)


@dataclass(frozen=True, kw_only=True)
class AttachIndex(Operation):
    """ALTER INDEX parent_idx ATTACH PARTITION part_idx: catalog-only; the parent's
    index becomes valid once each partition's is attached. `schema`/`table` name the
    partition; `parent_index` is in `parent_schema`."""

    parent_schema: str
    parent_index: str
    index_schema: str
    index: str

    def statements(self) -> list[str]:
        return [f"ALTER INDEX {qualified(self.parent_schema, self.parent_index)} ATTACH "
                f"PARTITION {qualified(self.index_schema, self.index)}"]

    def done_sql(self) -> str:
        return _attached(self.parent_schema, self.parent_index, self.index_schema, self.index)

    def reverse(self) -> tuple[Operation, ...]:
        return ()  # dropping the parent's index (its reverse) takes this one along


@dataclass(frozen=True, kw_only=True)
class AddKeyOnly(Operation):
    """ALTER TABLE ONLY parent ADD CONSTRAINT name UNIQUE|PRIMARY KEY (...): the
    partitioned table's key, on an INVALID index its partitions' keys attach to."""

    name: str
    definition: str  # "UNIQUE (a, b)" ...

    def statements(self) -> list[str]:
        return [f"ALTER TABLE ONLY {self.relation} ADD CONSTRAINT {ident(self.name)} "
                f"{self.definition}"]

    def done_sql(self) -> str:
        return (f"EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = to_regclass("
                f"{literal(self.relation)}) AND conname = {literal(self.name)})")

    def reverse(self) -> tuple[Operation, ...]:
        return ()


def key_definition(index: Index, columns: dict[str, str], *, primary: bool,
                   deferrable: str) -> str:
    """UNIQUE / PRIMARY KEY text of the key a unique index stands for, in live names."""
    parts = ["PRIMARY KEY" if primary else "UNIQUE"]
    if index.nulls_not_distinct:
        parts.append("NULLS NOT DISTINCT")
    parts.append(f"({column_list([columns.get(k, k) for k in index.keys])})")
    if index.include:
        parts.append(f"INCLUDE ({column_list([columns.get(c, c) for c in index.include])})")
    if deferrable:
        parts.append(deferrable)
    return " ".join(parts)


Key = tuple[str, str]


def _own(table: Table) -> Table:
    """The table without what it inherits from INHERITS parents."""
    return replace(table, columns=tuple(c for c in table.columns if not c.inherited),
                   constraints=tuple(c for c in table.constraints if not c.inherited))


def bound_guards(part: Partition, siblings: tuple[Partition, ...], phase: Phase,
                 reason: str, *, own_rows: bool) -> list[Operation]:
    """Guards before `part` takes its bound: no row of a live default sibling belongs
    there (CREATE / ATTACH would fail), and with `own_rows` (an attach) every row of
    its own fits. Each is a CHECK of the bound's condition, in the preflight too."""
    if not part.bound_check:
        return []
    ops: list[Operation] = []
    at: dict[str, Any] = dict(phase=phase, reason=reason)
    for other in siblings:
        if other.bound == "DEFAULT" and other.qualified != part.qualified:
            ops.append(Guard(schema=other.schema, table=other.name, **at, check=CheckViolations(
                schema=other.schema, table=other.name, expression=f"NOT {part.bound_check}",
                constraint=f"partition {part.name}")))
    if own_rows:
        ops.append(Guard(schema=part.schema, table=part.name, **at, check=CheckViolations(
            schema=part.schema, table=part.name, expression=part.bound_check,
            constraint=f"partition {part.name}")))
    return ops


def create_partition_ops(parent: Key, part: Partition, at: dict[str, Any]
                         ) -> list[Operation]:
    """CREATE TABLE ... PARTITION OF for `part` and, below it, its own partitions."""
    ops: list[Operation] = [CreatePartition(schema=part.schema, table=part.name,
                                            parent_schema=parent[0], parent=parent[1],
                                            bound=part.bound, partition_by=part.partition_key,
                                            **at)]
    for sub in part.partitions:
        ops += create_partition_ops(part.qualified, sub, at)
    return ops




# -- steps on partitioned tables, as PostgreSQL allows them there ------------------

def new_table_ops(table: Table, at: dict[str, Any]) -> list[Operation]:
    """A new table PARTITION BY / INHERITS: its own columns and CHECKs only, then its
    partitions (before its indexes, which then reach them). `at`: phase, schema,
    table, reason."""
    own = _own(table)
    out: list[Operation] = [CreateParentTable(
        columns=own.columns, partition_by=table.partition_key, inherits=table.inherits,
        constraints=tuple(f"CONSTRAINT {ident(c.name)} {c.definition}"
                          for c in own.constraints
                          if c.kind is not ConstraintKind.FOREIGN_KEY), **at)]
    for part in table.partitions:
        out += create_partition_ops((at["schema"], at["table"]), part,
                                    dict(phase=at["phase"], reason=at["reason"]))
    return out


def _below(op: CreateIndex, parent_schema: str, parent_index: str,
           parts: tuple[Partition, ...], attached: frozenset[Key], at: dict[str, Any]
           ) -> list[Operation]:
    out: list[Operation] = []
    for part in parts:
        name = partition_index_name(part.name, op.index)
        index = replace(op.index, name=name)
        if part.partition_key:
            out.append(CreateParentIndex(schema=part.schema, table=part.name, index=index,
                                         columns=op.columns, **at))
            out += _below(op, part.schema, name, part.partitions, attached, at)
        else:
            out.append(CreateIndex(schema=part.schema, table=part.name, index=index,
                                   columns=op.columns, **at))
        if part.qualified in attached:
            continue  # a table the switch attaches: ATTACH PARTITION takes its index
        out.append(AttachIndex(schema=part.schema, table=part.name,
                               parent_schema=parent_schema, parent_index=parent_index,
                               index_schema=part.schema, index=name, **at))
    return out


def index_ops(op: CreateIndex, where: ch.Partitioned) -> list[Operation]:
    """ON ONLY the parent, CONCURRENTLY on each partition, each attached."""
    at: dict[str, Any] = dict(phase=op.phase, reason=op.reason, unless=op.unless)
    out: list[Operation] = [CreateParentIndex(schema=op.schema, table=op.table,
                                              index=op.index, columns=op.columns, **at)]
    out += _below(op, op.schema, op.index.name, where.partitions, where.attached, at)
    return out


def key_ops(build: CreateIndex, key: AddConstraintUsingIndex, where: ch.Partitioned
            ) -> tuple[list[Operation], list[Operation]]:
    """A unique or primary key: each partition's unique index built CONCURRENTLY
    (where the parent's was), then in the key's phase the key added ONLY to the
    parent, each partition's made `USING INDEX` and attached."""
    kind = "primary_key" if key.primary_key else "unique"
    definition = key_definition(build.index, build.columns, primary=key.primary_key,
                                deferrable=key.deferrable)
    builds: list[Operation] = []
    at: dict[str, Any] = dict(phase=key.phase, reason=key.reason, unless=key.unless)
    keys: list[Operation] = [AddKeyOnly(schema=key.schema, table=key.table, name=key.name,
                                        definition=definition, **at)]

    def walk(schema: str, parent_index: str, below: tuple[Partition, ...]) -> None:
        for part in below:
            name = partition_index_name(part.name, build.index, kind)
            if part.partition_key:
                keys.append(AddKeyOnly(schema=part.schema, table=part.name, name=name,
                                       definition=definition, **at))
                walk(part.schema, name, part.partitions)
            else:
                builds.append(replace(build, schema=part.schema, table=part.name,
                                      index=replace(build.index, name=name)))
                keys.append(AddConstraintUsingIndex(
                    schema=part.schema, table=part.name, name=name, index=name,
                    primary_key=key.primary_key, deferrable=key.deferrable, **at))
            if part.qualified in where.attached:
                continue  # attached by the switch, with its key
            keys.append(AttachIndex(schema=part.schema, table=part.name,
                                    parent_schema=schema, parent_index=parent_index,
                                    index_schema=part.schema, index=name, **at))

    walk(key.schema, key.name, where.partitions)
    return builds, keys


def on_partitioned(steps: tuple[Operation, ...], tables: dict[Key, ch.Partitioned],
                   major: int | None, *, interrupted: bool = False
                   ) -> tuple[Operation, ...]:
    """One change's steps, those on a partitioned table (`tables`: by the schema and
    table a step names) made what PostgreSQL allows there: an index ON ONLY the parent
    + CONCURRENTLY per partition + ATTACH; a unique or primary key ONLY on the parent
    with each partition's attached; an index dropped without CONCURRENTLY (not at all
    when `interrupted`: an ON ONLY build that the steps complete); before 18 (`major`
    of the live server) a foreign key added valid in the switch, after its guard (a
    partitioned table takes no NOT VALID one there)."""
    if not tables:
        return steps
    old_server = 0 < (major or 0) < 18
    validated: set[tuple[str, str, str]] = set()
    keyed = {op.index: op for op in steps if isinstance(op, AddConstraintUsingIndex)}
    deferred: dict[int, list[Operation]] = {}
    out: list[Operation] = []
    for op in steps:
        where = tables.get((op.schema, op.table))
        if where is None:
            out += deferred.get(id(op), [op])
        elif isinstance(op, CreateIndex) and op.index.name in keyed:
            key = keyed[op.index.name]
            builds, keys = key_ops(op, key, where)
            out += builds
            deferred[id(key)] = keys
        elif isinstance(op, CreateIndex):
            out += index_ops(op, where)
        elif isinstance(op, AddConstraint) and op.not_valid and old_server \
                and op.definition.startswith("FOREIGN KEY"):
            out.append(replace(op, phase=Phase.SWITCH, not_valid=False))
            validated.add((op.schema, op.table, op.name))
        elif isinstance(op, ValidateConstraint) and (op.schema, op.table, op.name) in validated:
            continue
        elif isinstance(op, DropIndex) and interrupted:
            continue  # an interrupted build: its partitions are built and attached
        elif isinstance(op, DropIndex):
            out.append(DropParentIndex(phase=op.phase, schema=op.schema, table=op.table,
                                       name=op.name, restore=op.restore, reason=op.reason,
                                       unless=op.unless))
        else:
            out += deferred.get(id(op), [op])
    return tuple(out)


# ---- strategies of the partition change kinds ----------------------------------------

def register_strategies() -> None:
    """Called by plan.strategies once its `strategy` exists."""
    from drift.plan.strategies import strategy

    @strategy(ch.CreatePartition)
    def _create(c: ch.CreatePartition) -> tuple[Operation, ...]:
        parent = (c.parent_schema, c.parent)
        return (*bound_guards(c.partition, c.siblings, Phase.EXPAND, c.reason, own_rows=False),
                *create_partition_ops(parent, c.partition,
                                      dict(phase=Phase.EXPAND, reason=c.reason)))

    @strategy(ch.AttachPartition)
    def _attach(c: ch.AttachPartition) -> tuple[Operation, ...]:
        return (*bound_guards(c.partition, c.siblings, Phase.SWITCH, c.reason, own_rows=True),
                AttachPartition(phase=Phase.SWITCH, schema=c.schema, table=c.table,
                                parent_schema=c.parent_schema, parent=c.parent,
                                bound=c.partition.bound, reason=c.reason))

    @strategy(ch.MovePartitionBound)
    def _move(c: ch.MovePartitionBound) -> tuple[Operation, ...]:
        part = c.partition
        at: dict[str, Any] = dict(phase=Phase.SWITCH, schema=c.schema, table=c.table,
                                  parent_schema=c.parent_schema, parent=c.parent,
                                  reason=c.reason)
        return (*bound_guards(part, c.siblings, Phase.SWITCH, c.reason, own_rows=True),
                DetachPartition(bound=c.live_bound, **at, unless=partition_is(
                    c.parent_schema, c.parent, part.schema, part.name, part.bound)),
                AttachPartition(bound=part.bound, **at))

    @strategy(ch.DetachPartition)
    def _detach(c: ch.DetachPartition) -> tuple[Operation, ...]:
        return (DetachPartition(phase=Phase.SWITCH, schema=c.schema, table=c.table,
                                parent_schema=c.parent_schema, parent=c.parent,
                                bound=c.bound, reason=c.reason),)

    @strategy(ch.DropPartition)
    def _drop(c: ch.DropPartition) -> tuple[Operation, ...]:
        return (DropTable(phase=Phase.CLEANUP, schema=c.schema, table=c.table,
                          reason=c.reason),)

    @strategy(ch.SetInherit)
    def _inherit(c: ch.SetInherit) -> tuple[Operation, ...]:
        at: dict[str, Any] = dict(phase=Phase.EXPAND, schema=c.schema, table=c.table,
                                  reason=c.reason)
        out: list[Operation] = [AddColumn(column=col, **at) for col in c.columns]
        out += [AddConstraint(name=name, definition=definition, **at)
                for name, definition in c.checks]
        out.append(SetInherit(parent_schema=c.parent_schema, parent=c.parent,
                              inherit=c.inherit, **at))
        return tuple(out)
