"""Re-print the live side's definitions with the scratch server, when the majors differ.

The server prints a definition (`pg_get_viewdef`, `pg_get_expr`, `pg_get_indexdef`,
`pg_get_constraintdef`, `pg_get_triggerdef`: views, column defaults and generated
expressions, CHECK and EXCLUDE constraints, indexes, triggers, domains) in its own
major's style: PostgreSQL 15 qualifies a single-table view's columns and 18 does not;
13 prints `AT TIME ZONE` as `timezone()`. The target is read on the scratch server
(PostgreSQL 18 by default), so the same schema on an older live server would differ
as text everywhere.

So each live definition that differs as text from its namesake in the target is
created again, from the live text, in the scratch database that holds the target
(under a scratch name, inside one transaction that is always rolled back), and read
back there. When the scratch server then prints it exactly as the target's, the live
definition *is* the target's, printed by another major: the live side takes the
target's text. A print can lose what was written (13 prints `x AT TIME ZONE 'UTC'` as
`timezone('UTC', x)`, which 18 prints back as written), so the two parse trees are
compared too, less their source positions and call syntax: the same tree is the same
definition. Otherwise (it differs, or the scratch server does not accept it) the
live text stays and the difference is reported as before. The live database is only
ever read; only the scratch database is written, and that write is rolled back. Each
live text is sent as one statement of the extended protocol, which refuses a second.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import psycopg
from psycopg import sql

from drift.db import connect
from drift.inspect.reader import read_catalog
from drift.model import (
    OWNED_SEQUENCE_DEFAULT,
    Catalog,
    Column,
    Constraint,
    ConstraintKind,
    DbObject,
    Index,
    ObjectKind,
    Table,
)

# where re-printed views and domains go (in the scratch database only), and the stem of
# every scratch name: random, so it cannot meet a name of the target
SCHEMA = f"drift_reprint_{secrets.token_hex(4)}"
_NAME = r'("(?:[^"]|"")+"|[^\s"]+)'  # an identifier as quote_ident prints it
_INDEX_NAME = re.compile(rf"^(CREATE (?:UNIQUE )?INDEX ){_NAME}( ON )")
_TRIGGER_NAME = re.compile(rf"^(CREATE (?:CONSTRAINT )?TRIGGER ){_NAME}( )")
# parse-tree fields that say where and how a definition was written, not what it does:
# source positions, and how a call or cast is shown (f(x) or SQL syntax, x::t or implicit)
_NOISE = re.compile(r" :(?:location|stmt_location|stmt_len|\w*format) -?\d+")


def major(version: str) -> int | None:
    """18 for '18.1', 15 for '15.4 (Debian 15.4-1)'; None when unknown."""
    head = version.strip().split(".", 1)[0].split(" ", 1)[0]
    return int(head) if head.isdigit() else None


def needs_reprint(live: Catalog, expected: Catalog) -> bool:
    return major(live.server_version) != major(expected.server_version)


def search_path(conn: psycopg.Connection) -> list[str]:
    """The schemas a connection resolves unqualified names in (as its prints assume)."""
    row = conn.execute("SELECT current_schemas(false)::text[]").fetchone()
    return list(row[0]) if row else []


Accept = Callable[[Catalog, bool], None]  # (the scratch reading, same parse tree)


@dataclass
class _Job:
    """One live definition to create again in the scratch database."""

    statement: sql.Composed | sql.SQL | list[sql.Composed]
    accept: Accept
    tree_before: sql.Composed | None = None  # the target's parse tree
    tree_after: sql.Composed | None = None  # the re-created definition's
    same_tree: bool = False


def reprint(live: Catalog, expected: Catalog, scratch_url: str,
            live_path: Sequence[str]) -> Catalog:
    """`live`, where each definition that is the target's printed by another major
    takes the target's text (see the module docstring)."""
    tables = dict(live.tables)
    objects = dict(live.objects)
    jobs: list[_Job] = []
    for key, table in live.tables.items():
        target = expected.tables.get(key)
        if target is not None:
            jobs += _table_jobs(table, target, tables, len(jobs))
    for obj_key, obj in live.objects.items():
        twin = expected.objects.get(obj_key)
        if twin is not None and twin.definition != obj.definition:
            job = _object_job(obj, twin, objects, len(jobs))
            if job is not None:
                jobs.append(job)
    if not jobs:
        return live
    schemas = sorted({*live.schemas, *expected.schemas, SCHEMA})
    with connect(scratch_url) as conn:
        try:
            done = _run(conn, jobs, live_path)
            printed = read_catalog(conn, schemas)
        finally:
            conn.rollback()
    for job in done:
        job.accept(printed, job.same_tree)
    return replace(live, tables=tables, objects=objects)


def _run(conn: psycopg.Connection, jobs: list[_Job], live_path: Sequence[str]) -> list[_Job]:
    """Run each job under a savepoint (a failed one is left out); the ones that ran."""
    own_path = conn.execute("SELECT current_setting('search_path')").fetchone()
    their_path = ", ".join(sql.Identifier(s).as_string(conn) for s in live_path)
    conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(SCHEMA)))
    done = []
    for job in jobs:
        conn.execute("SAVEPOINT drift_reprint")
        try:
            before = _tree(conn, job.tree_before)
            conn.execute("SELECT set_config('search_path', %s, true)",
                         (their_path or "pg_catalog",))
            statements = job.statement if isinstance(job.statement, list) else [job.statement]
            for statement in statements:
                # extended protocol (binary=True): one statement, whatever the text holds
                conn.execute(statement, binary=True)
            conn.execute("SELECT set_config('search_path', %s, true)",
                         (own_path[0] if own_path else "",))
            after = _tree(conn, job.tree_after)
        except psycopg.Error:
            conn.execute("ROLLBACK TO SAVEPOINT drift_reprint")
            continue
        conn.execute("RELEASE SAVEPOINT drift_reprint")
        job.same_tree = before is not None and before == after
        done.append(job)
    return done


def _tree(conn: psycopg.Connection, query: sql.Composed | None) -> str | None:
    if query is None:
        return None
    row = conn.execute(query).fetchone()
    return _NOISE.sub("", str(row[0])) if row and row[0] is not None else None


def _temp(n: int) -> str:
    return f"{SCHEMA}_{n}"


def _regclass(schema: str, name: str) -> sql.Composed:
    return sql.SQL("{}::regclass").format(sql.Literal(sql.Identifier(schema, name).as_string()))


def _named(pattern: re.Pattern[str], text: str, name: str) -> str | None:
    """`text` (a CREATE INDEX/TRIGGER) under another name; None if it does not parse."""
    new, found = pattern.subn(lambda m: f"{m.group(1)}{name}{m.group(3)}", text, count=1)
    return new if found else None


def _table_jobs(table: Table, target: Table, tables: dict[tuple[str, str], Table],
                start: int) -> list[_Job]:
    """Jobs for a table's defaults, CHECK/EXCLUDE constraints and indexes."""
    qualified = sql.Identifier(table.schema, table.name)
    regclass = _regclass(table.schema, table.name)
    key = table.qualified
    jobs: list[_Job] = []

    def adopt(attr: str, name: str, new: object) -> None:
        """Swap the column/constraint/index `name` of the live table for `new`."""
        current = tables[key]
        items: Any = tuple(new if x.name == name else x for x in getattr(current, attr))
        tables[key] = replace(current, **{attr: items})

    for col in table.columns:
        want = target.column(col.name)
        if want is None or col.identity or want.identity:
            continue
        if col.generated and want.generated and col.generated != want.generated:
            clause, value = "SET EXPRESSION AS ({})", col.generated
        elif (col.default and want.default and col.default != want.default
              and OWNED_SEQUENCE_DEFAULT not in (col.default, want.default)):
            clause, value = "SET DEFAULT {}", col.default
        else:
            continue
        statement = sql.SQL("ALTER TABLE {} ALTER COLUMN {} " + clause).format(
            qualified, sql.Identifier(col.name), sql.SQL(value))
        default_tree = sql.SQL("SELECT d.adbin::text FROM pg_attrdef d JOIN pg_attribute a"
                       " ON a.attrelid = d.adrelid AND a.attnum = d.adnum"
                       " WHERE d.adrelid = {} AND a.attname = {}").format(
            regclass, sql.Literal(col.name))
        jobs.append(_Job(statement, _column_accept(key, col, want, adopt),
                         default_tree, default_tree))
    for con in table.constraints:
        twin = target.constraint(con.name)
        if (twin is None or con.kind not in (ConstraintKind.CHECK, ConstraintKind.EXCLUDE)
                or twin.kind is not con.kind
                or (con.definition, con.check_expr) == (twin.definition, twin.check_expr)):
            continue
        temp = _temp(start + len(jobs))
        statement = sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} {}").format(
            qualified, sql.Identifier(temp), sql.SQL(con.definition))
        tree = "SELECT conbin::text FROM pg_constraint WHERE conrelid = {} AND conname = {}"
        jobs.append(_Job(statement, _constraint_accept(key, con, twin, temp, adopt),
                         sql.SQL(tree).format(regclass, sql.Literal(con.name)),
                         sql.SQL(tree).format(regclass, sql.Literal(temp))))
    for index in table.indexes:
        want_index = target.index(index.name)
        if want_index is None or index.definition == want_index.definition:
            continue
        temp = _temp(start + len(jobs))
        text = _named(_INDEX_NAME, index.definition, temp)
        if text is None:
            continue
        tree = ("SELECT concat_ws(' | ', indkey::text, indexprs::text, indpred::text)"
                " FROM pg_index WHERE indexrelid = {}")
        jobs.append(_Job(sql.SQL(text),
                         _index_accept(key, index, want_index, temp, adopt),
                         sql.SQL(tree).format(_regclass(table.schema, index.name)),
                         sql.SQL(tree).format(_regclass(table.schema, temp))))
    return jobs


def _column_accept(key: tuple[str, str], col: Column, want: Column,
                   adopt: Callable[[str, str, object], None]) -> Accept:
    def accept(printed: Catalog, same_tree: bool) -> None:
        table = printed.tables.get(key)
        again = table.column(col.name) if table else None
        if again is None:
            return
        if same_tree or (again.default, again.generated) == (want.default, want.generated):
            adopt("columns", col.name, replace(col, default=want.default,
                                               generated=want.generated))
    return accept


def _constraint_accept(key: tuple[str, str], con: Constraint, twin: Constraint, temp: str,
                       adopt: Callable[[str, str, object], None]) -> Accept:
    def accept(printed: Catalog, same_tree: bool) -> None:
        table = printed.tables.get(key)
        again = table.constraint(temp) if table else None
        if again is None:
            return
        printed_same = (again.definition == twin.definition
                        and again.check_expr in (twin.check_expr, twin.check_settled))
        # the tree is the expression; what follows it (NO INHERIT, NOT VALID) must match
        tail_alike = con.definition.rsplit(")", 1)[-1] == twin.definition.rsplit(")", 1)[-1]
        if printed_same or (same_tree and tail_alike):
            adopt("constraints", con.name, replace(con, definition=twin.definition,
                                                   check_expr=twin.check_expr))
    return accept


def _index_accept(key: tuple[str, str], index: Index, want: Index, temp: str,
                  adopt: Callable[[str, str, object], None]) -> Accept:
    def accept(printed: Catalog, same_tree: bool) -> None:
        table = printed.tables.get(key)
        again = table.index(temp) if table else None
        match = _INDEX_NAME.match(want.definition)
        if again is None or match is None:
            return
        definition = _named(_INDEX_NAME, again.definition, match.group(2))
        rest = (again.unique, again.method, again.key_is_expression, again.include,
                again.nulls_not_distinct) == (want.unique, want.method, want.key_is_expression,
                                              want.include, want.nulls_not_distinct)
        printed_same = (definition, again.keys, again.key_options, again.predicate) == (
            want.definition, want.keys, want.key_options, want.predicate)
        if printed_same or (same_tree and rest and again.key_options == want.key_options):
            adopt("indexes", index.name, replace(index, definition=want.definition,
                                                 keys=want.keys, key_options=want.key_options,
                                                 predicate=want.predicate))
    return accept


def _object_job(obj: DbObject, twin: DbObject,
                objects: dict[tuple[str, str, str, str], DbObject], n: int) -> _Job | None:
    """A job for a view, trigger or domain whose text differs from the target's."""
    temp = _temp(n)
    rest_alike = True  # what the parse tree does not cover prints alike
    statement: sql.Composed | sql.SQL | list[sql.Composed]
    if obj.kind is ObjectKind.VIEW:
        statement = sql.SQL("CREATE VIEW {} AS {}").format(
            sql.Identifier(SCHEMA, temp),
            sql.SQL(obj.definition.strip().rstrip(";")))
        printed_key = (ObjectKind.VIEW.value, SCHEMA, "", temp)
        tree = ("SELECT ev_action::text FROM pg_rewrite"
                " WHERE ev_class = {} AND rulename = '_RETURN'")
        before = sql.SQL(tree).format(_regclass(obj.schema, obj.name))
        after = sql.SQL(tree).format(_regclass(SCHEMA, temp))
        original = None
    elif obj.kind is ObjectKind.TRIGGER and obj.table:
        text = _named(_TRIGGER_NAME, obj.definition, temp)
        match = _TRIGGER_NAME.match(twin.definition)
        if text is None or match is None:
            return None
        statement = sql.SQL(text)
        printed_key = (ObjectKind.TRIGGER.value, obj.schema, obj.table, temp)
        tree = "SELECT tgqual::text FROM pg_trigger WHERE tgrelid = {} AND tgname = {}"
        table = _regclass(obj.schema, obj.table)
        before = sql.SQL(tree).format(table, sql.Literal(obj.name))
        after = sql.SQL(tree).format(table, sql.Literal(temp))
        original = match.group(2)
    elif obj.kind is ObjectKind.DOMAIN:
        statement, printed_key, before, after = _domain(obj, temp)
        original = None
        rest_alike = _domain_rest(obj) == _domain_rest(twin)
    else:
        return None

    def accept(printed: Catalog, same_tree: bool) -> None:
        again = printed.objects.get(printed_key)
        if again is None:
            return
        text = again.definition if original is None else _named(
            _TRIGGER_NAME, again.definition, original)
        # a trigger's tree is its WHEN only: the rest of it must print alike
        alike = rest_alike and (original is None
                                or _outside_when(text) == _outside_when(twin.definition))
        if text == twin.definition or (same_tree and alike):
            objects[obj.key] = replace(obj, definition=twin.definition, detail=twin.detail)
    return _Job(statement, accept, before, after)


def _outside_when(definition: str | None) -> str | None:
    """A trigger definition less its WHEN condition (which the parse tree compares)."""
    if definition is None:
        return None
    return re.sub(r" WHEN \(.*\) EXECUTE ", " WHEN (...) EXECUTE ", definition, flags=re.S)


def _domain(obj: DbObject, temp: str) -> tuple[list[sql.Composed], tuple[str, str, str, str],
                                               sql.Composed, sql.Composed]:
    """A domain made again from its parts under a scratch name, and its trees' queries."""
    detail, name = obj.detail, sql.Identifier(SCHEMA, temp)
    create = sql.SQL("CREATE DOMAIN {} AS {}").format(name, sql.SQL(detail["base"]))
    if detail.get("default") is not None:
        create += sql.SQL(" DEFAULT {}").format(sql.SQL(detail["default"]))
    if detail.get("not_null"):
        create += sql.SQL(" NOT NULL")
    statements = [create] + [
        sql.SQL("ALTER DOMAIN {} ADD CONSTRAINT {} {}").format(
            name, sql.Identifier(check["name"]), sql.SQL(check["definition"]))
        for check in detail.get("checks", [])]
    tree = sql.SQL(
        "SELECT concat_ws(' | ', t.typdefaultbin::text,"
        " (SELECT string_agg(c.conname || ' ' || c.conbin::text, ' | ' ORDER BY c.conname)"
        "  FROM pg_constraint c WHERE c.contypid = t.oid)) FROM pg_type t WHERE t.oid = {}")
    regtype = "{}::regtype"
    before = tree.format(sql.SQL(regtype).format(
        sql.Literal(sql.Identifier(obj.schema, obj.name).as_string())))
    after = tree.format(sql.SQL(regtype).format(sql.Literal(name.as_string())))
    return statements, (ObjectKind.DOMAIN.value, SCHEMA, "", temp), before, after


def _domain_rest(obj: DbObject) -> tuple[object, ...]:
    """A domain less its default and CHECK expressions (which the parse trees compare)."""
    detail = obj.detail
    return (detail.get("base"), detail.get("not_null"), detail.get("default") is None,
            tuple((c["name"], c["validated"]) for c in detail.get("checks", [])))
