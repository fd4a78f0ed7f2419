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
from typing import ClassVar

from drift.model import Index
from drift.plan.ops import (
    CreateTable,
    DropTable,
    Hazard,
    Operation,
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
