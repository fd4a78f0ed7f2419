"""Operations as Alembic `op.*` calls, dispatched by type.

Only operations that Alembic expresses *and* that stay safe to rerun get a call:
`add_column(if_not_exists)`, `alter_column`, `create_index(concurrently,
if_not_exists)`, `drop_index(if_exists)`, `drop_constraint(if_exists)`,
`drop_table(if_exists)`. The rest (guards, VALIDATE, USING INDEX, NOT VALID foreign
keys, renames that must be skipped once done) has no Alembic operation with those
properties and goes through `op.execute`, as `None` here says.
"""

from __future__ import annotations

from functools import singledispatch

from drift.model import OWNED_SEQUENCE_DEFAULT, Index
from drift.plan.ops import (
    AddColumn,
    AlterColumnType,
    AlterDefault,
    CreateIndex,
    DropConstraint,
    DropIndex,
    DropNotNull,
    DropTable,
    Operation,
    SetNotNull,
    index_keys,
)
from drift.sqltext import ident


def _where(op: Operation) -> str:
    return f"schema={op.schema!r}"


@singledispatch
def call(op: Operation) -> str | None:
    """Python source of the op.* call, or None to run the op's SQL with op.execute."""
    return None


@call.register
def _(op: AddColumn) -> str | None:
    column = op.column
    if column.identity or column.generated or column.default == OWNED_SEQUENCE_DEFAULT:
        return None  # Alembic's Column would not say GENERATED / serial the same way
    nullable = column.nullable if op.nullable is None else op.nullable
    default = f", server_default=sa.text({column.default!r})" if column.default else ""
    return (f"op.add_column({op.table!r}, sa.Column({column.name!r}, _Type({column.type!r}), "
            f"nullable={nullable}{default}), {_where(op)}, if_not_exists=True)")


@call.register
def _(op: SetNotNull) -> str:
    return f"op.alter_column({op.table!r}, {op.column!r}, nullable=False, {_where(op)})"


@call.register
def _(op: DropNotNull) -> str:
    return f"op.alter_column({op.table!r}, {op.column!r}, nullable=True, {_where(op)})"


@call.register
def _(op: AlterDefault) -> str | None:
    if OWNED_SEQUENCE_DEFAULT in (op.new, op.old):
        return None
    default = f"sa.text({op.new!r})" if op.new is not None else "None"
    return f"op.alter_column({op.table!r}, {op.column!r}, server_default={default}, {_where(op)})"


@call.register
def _(op: AlterColumnType) -> str:
    using = f"{ident(op.column)}::{op.new_type}"
    return (f"op.alter_column({op.table!r}, {op.column!r}, type_=_Type({op.new_type!r}), "
            f"existing_type=_Type({op.old_type!r}), postgresql_using={using!r}, {_where(op)})")


def _index_columns(index: Index, names: dict[str, str]) -> str:
    """The keys the SQL renderer writes: bare columns by name, the rest as sa.text."""
    keys = [repr(names.get(key, key)) if bare else f"sa.text({sql!r})"
            for key, (sql, bare) in zip(index.keys, index_keys(index, names), strict=True)]
    return "[" + ", ".join(keys) + "]"


@call.register
def _(op: CreateIndex) -> str:
    index = op.index
    extra = [f"unique={index.unique}", _where(op), "postgresql_concurrently=True",
             "if_not_exists=True"]
    if index.method != "btree":
        extra.append(f"postgresql_using={index.method!r}")
    if index.include:
        extra.append(f"postgresql_include={[op.columns.get(c, c) for c in index.include]!r}")
    if index.nulls_not_distinct:
        extra.append("postgresql_nulls_not_distinct=True")
    if index.predicate:
        extra.append(f"postgresql_where=sa.text({index.predicate!r})")
    return (f"op.create_index({index.name!r}, {op.table!r}, "
            f"{_index_columns(index, op.columns)}, "
            + ", ".join(extra) + ")")


@call.register
def _(op: DropIndex) -> str:
    return (f"op.drop_index({op.name!r}, table_name={op.table!r}, {_where(op)}, "
            "postgresql_concurrently=True, if_exists=True)")


@call.register
def _(op: DropConstraint) -> str:
    return f"op.drop_constraint({op.name!r}, {op.table!r}, {_where(op)}, if_exists=True)"


@call.register
def _(op: DropTable) -> str:
    return f"op.drop_table({op.table!r}, {_where(op)}, if_exists=True)"
