"""Read a whole catalog with bulk queries, never table by table.

The queries live in `queries/*.sql`. Types, defaults, index and constraint
definitions come from the server's own `format_type`, `pg_get_expr`,
`pg_get_indexdef` and `pg_get_constraintdef`, so both sides of a comparison are
normalised the same way.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from functools import cache
from importlib import resources
from typing import Any

import psycopg
from psycopg.rows import dict_row

from drift.model import (
    OWNED_SEQUENCE_DEFAULT,
    Catalog,
    Column,
    Constraint,
    ConstraintKind,
    DbObject,
    Index,
    Node,
    ObjectKind,
    Table,
)

_KINDS = {"p": ConstraintKind.PRIMARY_KEY, "u": ConstraintKind.UNIQUE,
          "f": ConstraintKind.FOREIGN_KEY, "c": ConstraintKind.CHECK,
          "x": ConstraintKind.EXCLUDE}


@cache
def query(name: str) -> str:
    return resources.files("drift.inspect").joinpath("queries", f"{name}.sql").read_text()


def _rows(conn: psycopg.Connection, name: str, **params: Any) -> list[dict[str, Any]]:
    with conn.cursor(row_factory=dict_row) as cur:
        cur.execute(query(name), params or None)
        return cur.fetchall()


def read_catalog(conn: psycopg.Connection, schemas: Sequence[str] | None = None) -> Catalog:
    """Read every table of `schemas` (default: every non-system schema)."""
    present = [r["name"] for r in _rows(conn, "schemas")]
    wanted = [s for s in present if schemas is None or s in schemas]
    columns: dict[tuple[str, str], list[Column]] = defaultdict(list)
    meta: dict[tuple[str, str], dict[str, Any]] = {}
    collations = {(r["schema"], r["table"], r["name"]): r["collation"]
                  for r in _rows(conn, "column_collations", schemas=wanted)}
    for r in _rows(conn, "columns", schemas=wanted):
        key = (r["schema"], r["table"])
        meta.setdefault(key, r)
        if r["name"] is not None:
            column = _column(r)
            collation = collations.get((*key, column.name))
            columns[key].append(replace(column, collation=collation) if collation else column)
    constraints: dict[tuple[str, str], list[Constraint]] = defaultdict(list)
    for r in _rows(conn, "constraints", schemas=wanted):
        constraints[(r["schema"], r["table"])].append(_constraint(r))
    indexes: dict[tuple[str, str], list[Index]] = defaultdict(list)
    for r in _rows(conn, "indexes", schemas=wanted):
        indexes[(r["schema"], r["table"])].append(_index(r))
    tables = {
        key: Table(schema=key[0], name=key[1], comment=m["table_comment"],
                   estimated_rows=int(m["estimated_rows"]),
                   columns=tuple(columns[key]), constraints=tuple(constraints[key]),
                   indexes=tuple(indexes[key]))
        for key, m in meta.items()
    }
    version = conn.execute("SHOW server_version").fetchone()
    return Catalog(tables=tables, schemas=tuple(wanted),
                   server_version=str(version[0]) if version else "",
                   objects=read_objects(conn, wanted), depends=read_depends(conn, wanted))


def read_depends(conn: psycopg.Connection,
                 schemas: list[str]) -> tuple[tuple[Node, Node], ...]:
    """pg_depend between the objects a plan creates or drops (queries/depends.sql)."""
    return tuple(((r["kind"], r["schema"], r["table"], r["name"]),
                  (r["ref_kind"], r["ref_schema"], r["ref_table"], r["ref_name"]))
                 for r in _rows(conn, "depends", schemas=schemas))


def read_objects(conn: psycopg.Connection,
                 schemas: list[str]) -> dict[tuple[str, str, str, str], DbObject]:
    """One query per object kind, all in the caller's snapshot."""
    objects = {}
    for kind in ObjectKind:
        name = "policies" if kind is ObjectKind.POLICY else f"{kind.value}s"
        name = "row_security" if kind is ObjectKind.ROW_SECURITY else name
        for r in _rows(conn, name, schemas=schemas):
            obj = DbObject(kind=kind, schema=r["schema"], name=r["name"], table=r["table"],
                           definition=r["definition"], detail=r["detail"] or {})
            objects[obj.key] = obj
    return objects


def _column(r: dict[str, Any]) -> Column:
    default = r["default"]
    if default is not None and r["owns_sequence"] and default.startswith("nextval("):
        default = OWNED_SEQUENCE_DEFAULT
    return Column(name=r["name"], type=r["type"], nullable=r["nullable"], default=default,
                  identity=r["identity"], generated=r["generated"], comment=r["comment"])


def _constraint(r: dict[str, Any]) -> Constraint:
    return Constraint(
        name=r["name"], kind=_KINDS[r["kind"]], columns=tuple(r["columns"]),
        definition=r["definition"], ref_schema=r["ref_schema"], ref_table=r["ref_table"],
        ref_columns=tuple(r["ref_columns"]), on_update=r["on_update"], on_delete=r["on_delete"],
        match=r["match"], deferrable=r["deferrable"], deferred=r["deferred"],
        validated=r["validated"], nulls_not_distinct=r["nulls_not_distinct"],
        check_expr=r["check_expr"], include=tuple(r["include"]),
        delete_set_columns=tuple(r["delete_set_columns"]))


def _index(r: dict[str, Any]) -> Index:
    return Index(
        name=r["name"], unique=r["unique"], primary=r["primary"], valid=r["valid"],
        method=r["method"], keys=tuple(r["keys"]), key_is_expression=tuple(r["key_is_expression"]),
        key_options=tuple(r["key_options"]), include=tuple(r["include"]),
        predicate=r["predicate"], nulls_not_distinct=r["nulls_not_distinct"],
        constraint=r["constraint"], definition=r["definition"])
