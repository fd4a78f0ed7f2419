"""Schemas: the target's that the live database lacks, and the live database's that
the target lacks (within drift.toml's `schemas` / `ignore_schemas` scope).

A missing schema that holds no table is created (`CreateSchema`: CREATE SCHEMA IF NOT
EXISTS, before the tables; a missing table brings its schema with it). An
unexpected one is reported with the number of relations it holds and kept, unless
drift.toml approves its drop (`[[approve_drop]] schema = "..."`): then `DropSchema`
(DROP SCHEMA ... CASCADE in cleanup, since everything in it goes too).
"""

from __future__ import annotations

from drift import changes as ch
from drift.diff.context import Context
from drift.findings import Code, Finding
from drift.spec import Priority


def compare_schemas(ctx: Context) -> None:
    with_tables = {schema for schema, _ in ctx.expected.tables}
    used = {o.schema for o in ctx.expected.objects.values()}
    for schema in ctx.expected.schemas:
        # a missing table creates its schema itself (DR101): one finding, not two; every
        # new database has a public schema, so an empty one in the target says nothing
        if (schema not in ctx.live.schemas and schema not in with_tables
                and (schema != "public" or schema in used) and ctx.spec.in_scope(schema)):
            code = Code.MISSING_SCHEMA
            create = ch.CreateSchema(schema=schema, table="", reason=f"{code} {schema}")
            ctx.add(Finding(code=code, priority=ctx.priority(schema, "", None), schema=schema,
                            table="", object=schema, message=f"schema {schema} does not exist",
                            evidence={"kind": "schema"}, changes=(create,)))
    for schema, relations in sorted(ctx.live.present_schemas.items()):
        if schema in ctx.expected.schemas or not ctx.spec.in_scope(schema):
            continue
        code = Code.UNEXPECTED_SCHEMA
        changes: tuple[ch.Change, ...] = ()
        if schema in ctx.spec.approved_schema_drops:
            changes = (ch.DropSchema(schema=schema, table="", reason=f"{code} {schema}"),)
            what = "drift.toml approves its drop: the plan drops it with everything in it"
        else:
            what = ("it is kept (approve its drop in drift.toml, or scope it out with "
                    "[drift] ignore_schemas)")
        ctx.add(Finding(code=code, priority=ctx.priority(schema, "", None, Priority.SHOULD),
                        schema=schema, table="", object=schema,
                        message=f"schema {schema} is not in the target and holds {relations} "
                                f"relation{'s' if relations != 1 else ''}; {what}",
                        evidence={"kind": "schema", "relations": relations,
                                  "drop_approved": bool(changes)}, changes=changes))
