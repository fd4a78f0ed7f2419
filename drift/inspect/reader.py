"""Read a whole catalog with bulk queries, never table by table.

The queries live in `queries/*.sql`. Types, defaults, index and constraint
definitions come from the server's own `format_type`, `pg_get_expr`,
`pg_get_indexdef` and `pg_get_constraintdef`, so both sides of a comparison are
normalised the same way. The definitions of primary keys, uniques, foreign keys and
plain btree indexes (most of a big catalog) are spelled in SQL from the raw catalog,
byte for byte as those functions print them (quote_ident, pg_table_is_visible and the
default operator class rule), and left to the functions in every other case;
tests/integration/test_catalog_text.py proves the texts equal on every major.

Those functions open the relation (`pg_get_expr` with a relation, `pg_get_indexdef`,
`pg_get_constraintdef` of a CHECK, `pg_get_viewdef`, `pg_get_triggerdef` of a trigger
with a WHEN clause: measured on a live server with
an ACCESS EXCLUSIVE lock held by another session; `format_type`,
`pg_get_functiondef` and the constraint definitions of keys and
foreign keys do not). So a lock held elsewhere makes a bulk query wait, and after
`lock_timeout` fail. Each bulk query runs in a savepoint; when one fails on a lock,
the relations it could not open are searched for (first those `pg_locks` shows with
an ACCESS EXCLUSIVE lock, then by halving the rest), and the query is read again
without deparsing them. They are returned in `Catalog.unread`, never left out
silently: a locked table is still listed, with its columns and types.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager
from dataclasses import replace
from functools import cache
from importlib import resources
from typing import Any

import psycopg
from psycopg.rows import dict_row

from drift.errors import DriftInputError
from drift.model import (
    DEPENDS_NOT_READ,
    OWNED_SEQUENCE_DEFAULT,
    Acl,
    Catalog,
    Column,
    Constraint,
    ConstraintKind,
    DbObject,
    Depends,
    Index,
    ObjectKind,
    Partition,
    Privileges,
    Table,
    make_column,
    shared,
    shared_names,
    shared_tuple,
)

_KINDS = {"p": ConstraintKind.PRIMARY_KEY, "u": ConstraintKind.UNIQUE,
          "f": ConstraintKind.FOREIGN_KEY, "c": ConstraintKind.CHECK,
          "x": ConstraintKind.EXCLUDE}


OLDEST = 130000  # the oldest server_version_num drift reads: PostgreSQL 13

# The queries are written for the newest server. For an older server, a catalog
# column it lacks is replaced by the value that means "not used", and a function
# that prints differently there by an expression that prints as the newest does:
# query -> [(first server_version_num that needs no stand-in, text, stand-in)].
# Each text must occur in its query (a unit test reads every query at every version).
BEFORE: dict[str, list[tuple[int, str, str]]] = {
    "constraints": [
        (150000, "con.confdelsetcols,", "NULL::int2[] AS confdelsetcols,"),  # ON DELETE SET (cols)
        (150000, "coalesce(i.indnullsnotdistinct, false)", "false"),  # UNIQUE NULLS NOT DISTINCT
        # 18: temporal keys (WITHOUT OVERLAPS, PERIOD) and NOT ENFORCED
        (180000, "con.conperiod, con.conenforced,", "false AS conperiod, true AS conenforced,"),
    ],
    "indexes": [
        (150000, "i.indnullsnotdistinct,", "false AS indnullsnotdistinct,"),  # NULLS NOT DISTINCT
    ],
    "functions": [  # PostgreSQL 14 prints the IN of a procedure's arguments; 13 does not
        # (names are built from oidvectortypes, the same on every major)
        (140000, "pg_get_functiondef(p.oid)",
         "CASE WHEN p.prokind = 'p' THEN overlay(pg_get_functiondef(p.oid) PLACING "
         "'(' || {full} || ')' FROM position('(' || pg_get_function_arguments(p.oid) || ')' "
         "IN pg_get_functiondef(p.oid)) FOR length(pg_get_function_arguments(p.oid)) + 2) "
         "ELSE pg_get_functiondef(p.oid) END"),
    ],
}

# A PostgreSQL 13 procedure's arguments as 14 and later print them (with their
# defaults for `{full}`): every argument with its mode, IN included.
_ARGS = """coalesce((SELECT string_agg(concat_ws(' ',
        CASE coalesce(a.mode, 'i') WHEN 'i' THEN 'IN' WHEN 'b' THEN 'INOUT'
             WHEN 'v' THEN 'VARIADIC' WHEN 'o' THEN 'OUT' END,
        CASE WHEN a.name <> '' THEN quote_ident(a.name) END, format_type(a.type, NULL){default}),
        ', ' ORDER BY a.n)
    FROM unnest(coalesce(p.proallargtypes, p.proargtypes::oid[]), p.proargmodes, p.proargnames)
         WITH ORDINALITY AS a(type, mode, name, n)), '')"""
_SQL_PARTS = {
    "{args}": _ARGS.replace("{default}", ""),
    "{full}": _ARGS.replace(
        "{default}", ", 'DEFAULT ' || pg_get_function_arg_default(p.oid, a.n::int)"),
}


@cache
def query(name: str, version: int | None = None) -> str:
    """The text of `queries/<name>.sql`, for a server of `version` (default: newest)."""
    text = resources.files("drift.inspect").joinpath("queries", f"{name}.sql").read_text()
    for since, old, new in BEFORE.get(name, []):
        if old not in text:
            raise AssertionError(f"queries/{name}.sql no longer holds {old!r}")
        if version is not None and version < since:
            for part, sql in _SQL_PARTS.items():
                new = new.replace(part, sql)
            text = text.replace(old, new)
    return text


def server_version(conn: psycopg.Connection) -> int:
    """The server's version number (e.g. 150004); one clear line below PostgreSQL 13."""
    number = conn.info.server_version  # libpq's server_version_num
    if number < OLDEST:
        where = f"database {conn.info.dbname} on {conn.info.host}:{conn.info.port}"
        raise DriftInputError(f"{where}: PostgreSQL {number // 10000} is not supported "
                              f"({OLDEST // 10000} or newer)")
    return number


def _rows(conn: psycopg.Connection, name: str, **params: Any) -> list[dict[str, Any]]:
    with conn.cursor(row_factory=dict_row) as cur:
        cur.execute(query(name, conn.info.server_version), params or None)
        return cur.fetchall()


# Sessions the catalog is read on at once: the caller's and HELPERS more that share
# its snapshot (drift.db.same_snapshot). Measured on 2 cores with 2,000 tables: see
# bench/README.md (catalog_bench.py).
HELPERS = 2


def read_catalog(conn: psycopg.Connection, schemas: Sequence[str] | None = None, *,
                 partial: bool = False, helpers: int | None = None,
                 depends: bool = True) -> Catalog:
    """Read every table of `schemas` (default: every non-system schema).

    With `partial`, relations locked by another session are listed in
    `Catalog.unread` (and their definitions left incomplete); without it they are
    bad input: one line naming the first one. The queries run on `helpers` more
    sessions at once (default HELPERS) when `conn` comes from
    `db.read_only_snapshot`, all in its snapshot; 0 reads on `conn` alone.
    Without `depends`, pg_depend is not read and `Catalog.depends` refuses any use
    (model.DEPENDS_NOT_READ): only a plan orders by it, and at 2,000 tables it is the
    read's largest part on the client (about 0.25 s) and 0.17 s of the server's.
    """
    server_version(conn)
    try:
        return _read_catalog(conn, schemas, partial, HELPERS if helpers is None else helpers,
                             depends)
    except psycopg.errors.QueryCanceled as exc:
        text = (str(exc).strip().splitlines() or ["the server cancelled a query"])[0]
        raise DriftInputError(
            f"cannot read the catalog of database {conn.info.dbname}: {text} (a statement "
            "timeout shorter than the lock timeout cancels a wait for a lock; give a longer "
            "statement timeout)") from exc


def _read_catalog(conn: psycopg.Connection, schemas: Sequence[str] | None, partial: bool,
                  helpers: int, depends: bool) -> Catalog:
    present = [r["name"] for r in _rows(conn, "schemas")]
    wanted = [s for s in present if schemas is None or s in schemas]
    locks = _Locks(conn, wanted)
    fetched = _prefetch(conn, wanted, helpers, depends)

    def rows(name: str, owner: str | None) -> Any:
        """The query's rows, or what _SHAPES makes of them."""
        got = fetched.get(name)
        stopped = False
        if got is None and name in _SHAPES and not locks.skipped:
            got = _attempt(conn, name, owner, wanted)  # streamed; None: stopped by a lock
            stopped = got is None
        if got is not None:
            return got
        read = locks.rows(name, owner, stopped=stopped) if owner \
            else _rows(conn, name, schemas=wanted)
        if name not in _SHAPES:
            return read
        return _SHAPES[name](tuple(r.values()) for r in read)  # a dict row's values, in order

    collations = {(r["schema"], r["table"], r["name"]): r["collation"]
                  for r in rows("column_collations", None)}
    meta, columns = rows("columns", "table")
    for (schema, table, name), collation in collations.items():
        at = columns.get((schema, table), [])
        at[:] = [replace(c, collation=collation) if c.name == name else c for c in at]
    constraints = rows("constraints", "table")
    indexes = rows("indexes", "table")
    tables = {
        key: Table(schema=key[0], name=key[1], comment=comment, estimated_rows=estimated,
                   columns=tuple(columns.get(key, ())),
                   constraints=tuple(constraints.get(key, ())),
                   indexes=tuple(indexes.get(key, ())))
        for key, (comment, estimated) in meta.items()
    }
    tables = read_partitioning(rows("partitions", "table"), rows("inherited", None), tables)
    version = conn.execute("SHOW server_version").fetchone()
    objects = read_objects(conn, wanted, locks, fetched)
    unread = locks.unread()
    if unread and not partial:
        (kind, schema, name), why = next(iter(sorted(unread.items())))
        more = f" (and {len(unread) - 1} more)" if len(unread) > 1 else ""
        raise DriftInputError(f"cannot read {kind} {schema}.{name}{more}: {why}")
    return Catalog(tables=tables, schemas=tuple(wanted),
                   server_version=str(version[0]) if version else "",
                   objects=objects, unread=unread,
                   depends=(fetched.get("depends") or _read_depends(conn, wanted)) if depends
                   else DEPENDS_NOT_READ)


# Every query read_catalog runs besides `schemas`, with the kind of relation whose
# definitions it deparses (None: it opens no relation, so no lock can stop it), the
# slowest first: _prefetch hands them out in this order. A new query joins by adding
# its name here (and its object kind to ObjectKind, or a `rows(name, owner)` call in
# _read_catalog); a query missing here still runs, on the caller's session alone.
def _reads() -> list[tuple[str, str | None]]:
    first = [("depends", None), ("constraints", "table"), ("indexes", "table"),
             ("columns", "table"), ("column_collations", None),
             ("partitions", "table"), ("inherited", None)]
    return first + [(name, _OWNERS.get(name)) for name in map(_object_query, ObjectKind)]


def _prefetch(conn: psycopg.Connection, schemas: list[str],
              helpers: int, depends: bool = True) -> dict[str, Any]:
    """Each query's rows, read on `conn` and up to `helpers` more sessions at once, all
    in `conn`'s snapshot; a query that a lock held elsewhere stopped is left out (the
    caller reads it again, stepping around the lock: _Locks). Empty when no second
    session can share the snapshot: the caller then reads everything on `conn`.

    Why threads: the server does the work (deparsing, joins), and psycopg releases
    the GIL while it waits, so the sessions' queries overlap.
    """
    from drift.db import same_snapshot

    with same_snapshot(conn, helpers) as openers:
        if not openers:
            return {}
        todo = [read for read in _reads() if depends or read[0] != "depends"]
        taken = threading.Lock()
        out: dict[str, Any] = {}

        def work(session: psycopg.Connection) -> None:
            while True:
                with taken:
                    if not todo:
                        return
                    name, owner = todo.pop(0)
                rows = _attempt(session, name, owner, schemas)
                if rows is not None:
                    out[name] = rows

        def helper(opener: AbstractContextManager[psycopg.Connection]) -> None:
            """A helper that cannot connect (no connection slot left, ...) or fails
            leaves its query unread: the caller reads it on `conn`, in the same
            snapshot, and meets any real error there, as it would alone."""
            try:
                with opener as session:
                    work(session)
            except (DriftInputError, psycopg.Error):
                return

        with ThreadPoolExecutor(len(openers)) as pool:
            running = [pool.submit(helper, opener) for opener in openers]
            work(conn)
            for future in running:
                future.result()  # a helper's error is raised here
        return out


def _attempt(conn: psycopg.Connection, name: str, owner: str | None,
             schemas: list[str]) -> Any:
    """A query's rows (or what _STREAMED or _SHAPES make of them); None when it had
    to wait on a lock for too long."""
    if name in _STREAMED:
        return _STREAMED[name](conn, schemas)
    if owner is None:
        return _rows(conn, name, schemas=schemas)
    try:
        with conn.transaction():
            if name not in _SHAPES:
                return _rows(conn, name, schemas=schemas, skip=[])
            with conn.cursor() as cur:  # row by row (tuples) into the model
                return _SHAPES[name](cur.stream(query(name, conn.info.server_version),
                                                {"schemas": schemas, "skip": []},
                                                size=STREAM_ROWS))
    except psycopg.errors.LockNotAvailable:
        return None


Key = tuple[str, str]
# Rows per chunk the big queries are streamed in (libpq's chunked rows mode; single
# rows before libpq 17): libpq never holds a whole result, nor Python all its rows.
STREAM_ROWS = 2000


def _by_table(make: Any) -> Any:
    """Rows (schema, table, ...) -> {(schema, table): [make(row), ...]}."""
    def shape(rows: Iterable[tuple[Any, ...]]) -> dict[Key, list[Any]]:
        out: dict[Key, list[Any]] = defaultdict(list)
        for r in rows:
            out[(shared(r[0]), shared(r[1]))].append(make(r))
        return out
    return shape


def _tables_and_columns(rows: Iterable[tuple[Any, ...]],
                        ) -> tuple[dict[Key, tuple[str | None, int]], dict[Key, list[Column]]]:
    """queries/columns.sql -> each table's (comment, estimated rows), and its columns.
    Rows are tuples in the query's column order. Names and types are kept once
    (model.shared, model.make_column): thousands of columns share a few."""
    meta: dict[Key, tuple[str | None, int]] = {}
    columns: dict[Key, list[Column]] = defaultdict(list)
    for (schema, table, estimated_rows, table_comment, name, type_, nullable, default,
         identity, generated, comment, owns_sequence) in rows:
        key = (shared(schema), shared(table))
        if key not in meta:
            meta[key] = (table_comment, int(estimated_rows))
        if name is not None:
            if default is not None and owns_sequence and default.startswith("nextval("):
                default = OWNED_SEQUENCE_DEFAULT
            columns[key].append(make_column(name, type_, nullable, default, identity,
                                            generated, comment))
    return meta, columns


def _constraint(r: tuple[Any, ...]) -> Constraint:
    """A row of queries/constraints.sql (a tuple, in the query's column order)."""
    (_, _, name, kind, columns, definition, ref_schema, ref_table, ref_columns,
     delete_set_columns, on_update, on_delete, match, deferrable, deferred, validated,
     nulls_not_distinct, include, check_expr) = r
    return Constraint(
        name=shared(name), kind=_KINDS[kind], columns=shared_names(columns),
        definition=shared(definition), ref_schema=shared(ref_schema),
        ref_table=shared(ref_table), ref_columns=shared_names(ref_columns),
        on_update=shared(on_update), on_delete=shared(on_delete), match=shared(match),
        deferrable=deferrable, deferred=deferred, validated=validated,
        nulls_not_distinct=nulls_not_distinct, check_expr=shared(check_expr),
        include=shared_names(include), delete_set_columns=shared_names(delete_set_columns))


def _index(r: tuple[Any, ...]) -> Index:
    """A row of queries/indexes.sql (a tuple, in the query's column order)."""
    (_, _, name, unique, primary, valid, method, keys, key_is_expression, key_options,
     include, predicate, nulls_not_distinct, constraint, definition) = r
    return Index(
        name=shared(name), unique=unique, primary=primary, valid=valid, method=shared(method),
        keys=shared_names(keys), key_is_expression=shared_tuple(key_is_expression),
        key_options=shared_names(key_options), include=shared_names(include),
        predicate=shared(predicate), nulls_not_distinct=nulls_not_distinct,
        constraint=shared(constraint), definition=shared(definition))


# Queries whose rows become model records as they arrive, so that a whole query's
# rows are never held at once. The rows are tuples: the shapes unpack them in each
# query's column order (tests/integration/test_catalog_text.py checks the names on
# every major).
_SHAPES: dict[str, Any] = {"columns": _tables_and_columns,
                           "constraints": _by_table(_constraint),
                           "indexes": _by_table(_index)}
# The column names each shape unpacks, in order.
SHAPE_COLUMNS = {
    "columns": ("schema", "table", "estimated_rows", "table_comment", "name", "type",
                "nullable", "default", "identity", "generated", "comment", "owns_sequence"),
    "constraints": ("schema", "table", "name", "kind", "columns", "definition", "ref_schema",
                    "ref_table", "ref_columns", "delete_set_columns", "on_update",
                    "on_delete", "match", "deferrable", "deferred", "validated",
                    "nulls_not_distinct", "include", "check_expr"),
    "indexes": ("schema", "table", "name", "unique", "primary", "valid", "method", "keys",
                "key_is_expression", "key_options", "include", "predicate",
                "nulls_not_distinct", "constraint", "definition"),
}


def _object_query(kind: ObjectKind) -> str:
    name = "policies" if kind is ObjectKind.POLICY else f"{kind.value}s"
    return "row_security" if kind is ObjectKind.ROW_SECURITY else name


def _read_depends(conn: psycopg.Connection, schemas: list[str]) -> Depends:
    """The pairs of queries/depends.sql, each once, sorted (the query leaves both to
    Python). Rows are taken one at a time as tuples into a model.Depends, which keeps
    every node once, its names shared with the model's (model.shared): with 10,000
    tables there are some 300,000 rows over half as many nodes."""
    with conn.cursor() as cur:
        rows = cur.stream(query("depends", conn.info.server_version), {"schemas": schemas},
                          size=STREAM_ROWS)
        return Depends.of(((shared(r[0]), shared(r[1]), shared(r[2]), shared(r[3])),
                           (shared(r[4]), shared(r[5]), shared(r[6]), shared(r[7])))
                          for r in rows)


# Queries read into their own shape instead of a list of dict rows.
_STREAMED: dict[str, Any] = {"depends": _read_depends}


def schema_names(conn: psycopg.Connection) -> list[str]:
    """Every non-system schema of the database (queries/schemas.sql)."""
    return [r["name"] for r in _rows(conn, "schemas")]


def schema_sizes(conn: psycopg.Connection) -> dict[str, int]:
    """Every non-system schema with the number of relations it holds."""
    return {r["name"]: int(r["relations"]) for r in _rows(conn, "schema_sizes")}


def read_privileges(conn: psycopg.Connection, schemas: Sequence[str]) -> Privileges:
    """Owners and grants of the schemas' objects, and the server's roles."""
    who = _rows(conn, "roles")[0]
    objects = {}
    for r in _rows(conn, "privileges", schemas=list(schemas)):
        acl = Acl(kind=r["kind"], schema=r["schema"], name=r["name"], owner=r["owner"],
                  linked=r["linked"],
                  grants=frozenset((g[0], g[1], bool(g[2])) for g in r["grants"]))
        objects[acl.key] = acl
    return Privileges(reader=who["reader"], roles=frozenset(who["roles"]), objects=objects)


def read_partitioning(partition_rows: Iterable[dict[str, Any]],
                      inherited_rows: Iterable[dict[str, Any]],
                      tables: dict[tuple[str, str], Table]) -> dict[tuple[str, str], Table]:
    """The tables with their partition key, partition tree and INHERITS parents, and
    their inherited columns and CHECKs marked (queries/partitions.sql, inherited.sql).
    Partitions are not tables of the catalog: each hangs under its parent."""
    rows = {(r["schema"], r["name"]): r for r in partition_rows}
    inherited = {(r["schema"], r["table"], r["kind"], r["name"]) for r in inherited_rows}
    children: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for key, r in rows.items():
        if r["is_partition"] and r["parent_names"]:
            children[(r["parent_schemas"][0], r["parent_names"][0])].append(key)

    def tree(key: tuple[str, str], seen: frozenset[tuple[str, str]]) -> tuple[Partition, ...]:
        out = []
        for child in sorted(children.get(key, ())):
            if child in seen:
                continue
            r = rows[child]
            out.append(Partition(schema=child[0], name=child[1], bound=r["bound"] or "",
                                 partition_key=r["partition_key"],
                                 estimated_rows=int(r["estimated_rows"]),
                                 bound_check=r["bound_check"],
                                 partitions=tree(child, seen | {child})))
        return tuple(out)

    result = {}
    for key, table in tables.items():
        row = rows.get(key)
        columns = tuple(replace(c, inherited=True) if (*key, "column", c.name) in inherited
                        else c for c in table.columns)
        constraints = tuple(replace(c, inherited=True)
                            if (*key, "constraint", c.name) in inherited else c
                            for c in table.constraints)
        result[key] = replace(
            table, columns=columns, constraints=constraints,
            partition_key=row["partition_key"] if row else None,
            partitions=tree(key, frozenset({key})) if row else (),
            inherits=tuple(zip(row["parent_schemas"], row["parent_names"], strict=True))
            if row and not row["is_partition"] else ())
    return result


def read_depends(conn: psycopg.Connection, schemas: list[str]) -> Depends:
    """pg_depend between the objects a plan creates or drops (queries/depends.sql)."""
    return _read_depends(conn, schemas)


def read_objects(conn: psycopg.Connection, schemas: list[str],
                 locks: _Locks | None = None,
                 fetched: dict[str, Any] | None = None,
                 ) -> dict[tuple[str, str, str, str], DbObject]:
    """One query per object kind, all in the caller's snapshot (`fetched`: the rows
    _prefetch already read)."""
    objects = {}
    for kind in ObjectKind:
        name = _object_query(kind)
        owner = _OWNERS.get(name)
        rows = (fetched or {}).get(name)
        if rows is None:
            rows = (locks or _Locks(conn, schemas)).rows(name, owner) if owner \
                else _rows(conn, name, schemas=schemas)
        for r in rows:
            obj = DbObject(kind=kind, schema=r["schema"], name=r["name"], table=r["table"],
                           definition=r["definition"], detail=r["detail"] or {})
            objects[obj.key] = obj
    return objects


_RELKINDS = {"table": ["r", "p"], "view": ["v", "m"]}
_OWNERS = {"views": "view", "triggers": "table",  # the relation each row deparses
           "policies": "table"}


class _Locks:
    """Bulk reads that step around relations another session keeps locked."""

    def __init__(self, conn: psycopg.Connection, schemas: list[str]) -> None:
        self.conn, self.schemas = conn, schemas
        self.skipped: dict[int, tuple[str, str, str]] = {}  # oid -> (kind, schema, name)
        self._contended: set[int] | None = None

    def unread(self) -> dict[tuple[str, str, str], str]:
        if not self.skipped:
            return {}
        timeout = self.conn.execute("SHOW lock_timeout").fetchone()
        waited = f" (waited lock_timeout {timeout[0]})" if timeout else ""
        return {key: ("another session holds a lock on it" if key[0] == "table" else
                      "another session holds a lock on it or on a relation it reads")
                + waited for key in self.skipped.values()}

    def rows(self, name: str, kind: str, *, stopped: bool = False) -> list[dict[str, Any]]:
        """The query's rows, stepping around locked relations (`stopped`: the caller
        already met a lock reading it whole, so the search starts at once)."""
        for _ in range(3):  # a lock taken between the search and the read: search again
            rows = None if stopped else self._try(name, ())
            stopped = False
            if rows is not None:
                return rows
            candidates = {r["oid"]: (kind, r["schema"], r["name"])
                          for r in _rows(self.conn, "relations", schemas=self.schemas,
                                         kinds=_RELKINDS[kind])
                          if r["oid"] not in self.skipped}
            found = self._culprits(name, candidates)
            if not found:  # the lock is on something outside the candidates
                break
            self.skipped.update({oid: candidates[oid] for oid in found})
        rows = self._try(name, ())
        if rows is None:
            raise DriftInputError(f"cannot read the {name} of the catalog: another session "
                                  "holds a lock that lock_timeout could not wait out")
        return rows

    def _try(self, name: str, also_skip: Sequence[int]) -> list[dict[str, Any]] | None:
        """The query's rows, or None when it had to wait on a lock for too long."""
        try:
            with self.conn.transaction():
                return _rows(self.conn, name, schemas=self.schemas,
                             skip=[*self.skipped, *also_skip])
        except psycopg.errors.LockNotAvailable:
            return None

    def _culprits(self, name: str, candidates: dict[int, tuple[str, str, str]]) -> set[int]:
        """The candidates the query cannot deparse within lock_timeout."""
        if self._contended is None:
            self._contended = {r["oid"] for r in _rows(self.conn, "contended")}
        every = list(candidates)

        def fails(group: list[int]) -> bool:
            chosen = set(group)
            return self._try(name, [oid for oid in every if oid not in chosen]) is None

        def search(group: list[int]) -> set[int]:
            if not group or not fails(group):
                return set()
            if len(group) == 1:
                return set(group)
            half = len(group) // 2
            return search(group[:half]) | search(group[half:])

        suspects = [oid for oid in every if oid in self._contended]
        found = set().union(*(search([oid]) for oid in suspects))
        return found | search([oid for oid in every if oid not in self._contended])
