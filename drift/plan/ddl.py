"""DDL text of the objects other than tables, from the server's own definitions.

The strategies (`drift.plan.strategies`) and the dependency graph both use it: a view
the graph rebuilds is created and dropped the way the strategies create and drop one.
"""

from __future__ import annotations

import re
from typing import Any

from drift.model import DbObject, ObjectKind
from drift.sqltext import dollar_quoted, ident, literal, qualified


def _fn_name(obj: DbObject) -> str:
    name, _, args = obj.name.partition("(")
    return f"{qualified(obj.schema, name)}({args}"


def create_ddl(obj: DbObject, major: int | None = None) -> str:
    """The CREATE of `obj`, for a server of `major` (None: the newest)."""
    d: dict[str, Any] = obj.detail
    where = qualified(obj.schema, obj.name) if obj.kind is not ObjectKind.FUNCTION else ""
    if obj.kind is ObjectKind.EXTENSION:
        version = f" VERSION {literal(d['version'])}" if obj.version_pinned else ""
        return (f"CREATE EXTENSION IF NOT EXISTS {ident(obj.name)} WITH SCHEMA "
                f"{ident(obj.schema)}{version}")
    if obj.kind is ObjectKind.ENUM:
        labels = ", ".join(literal(v) for v in d.get("labels", []))
        return f"CREATE TYPE {where} AS ENUM ({labels})"
    if obj.kind is ObjectKind.DOMAIN:
        parts = [f"CREATE DOMAIN {where} AS {d['base']}"]
        if d.get("default") is not None:
            parts.append(f"DEFAULT {d['default']}")
        if d.get("not_null"):
            parts.append("NOT NULL")
        parts += [f"CONSTRAINT {ident(c['name'])} {c['definition']}" for c in d.get("checks", [])]
        return " ".join(parts)
    if obj.kind is ObjectKind.SEQUENCE:
        return (f"CREATE SEQUENCE IF NOT EXISTS {where} AS {d['type']} INCREMENT BY "
                f"{d['increment']} MINVALUE {d['min']} MAXVALUE {d['max']} START WITH "
                f"{d['start']} CACHE {d['cache']} {'CYCLE' if d['cycle'] else 'NO CYCLE'}")
    if obj.kind is ObjectKind.VIEW:
        # rerunnable: a matview cannot be replaced, so IF NOT EXISTS
        what = "MATERIALIZED VIEW IF NOT EXISTS" if d.get("materialized") else "OR REPLACE VIEW"
        return f"CREATE {what} {where} AS\n{obj.definition.rstrip().rstrip(';')}"
    if obj.kind is ObjectKind.TRIGGER:
        if major is not None and major < 14:  # CREATE OR REPLACE TRIGGER is 14+
            return _trigger_13(obj)
        return obj.definition.replace("CREATE TRIGGER", "CREATE OR REPLACE TRIGGER", 1)
    if obj.kind is ObjectKind.ROW_SECURITY:
        force = "FORCE" if d.get("forced") else "NO FORCE"
        return (f"ALTER TABLE {qualified(obj.schema, obj.table or obj.name)} ENABLE ROW LEVEL "
                f"SECURITY, {force} ROW LEVEL SECURITY")
    if obj.kind is ObjectKind.POLICY:
        roles = ", ".join("PUBLIC" if r == "public" else ident(r) for r in d.get("roles", []))
        parts = [f"CREATE POLICY {ident(obj.name)} ON {qualified(obj.schema, obj.table or '')}",
                 f"AS {d.get('permissive', 'PERMISSIVE')} FOR {d.get('cmd', 'ALL')}",
                 f"TO {roles or 'PUBLIC'}"]
        if d.get("using") is not None:
            parts.append(f"USING ({d['using']})")
        if d.get("check") is not None:
            parts.append(f"WITH CHECK ({d['check']})")
        return " ".join(parts)
    return obj.definition.strip()  # pg_get_functiondef: CREATE OR REPLACE FUNCTION ...


def drop_ddl(obj: DbObject) -> str:
    if obj.kind is ObjectKind.FUNCTION:
        what = "PROCEDURE" if obj.detail.get("kind") == "p" else "FUNCTION"
        return f"DROP {what} IF EXISTS {_fn_name(obj)}"
    if obj.kind is ObjectKind.TRIGGER:
        return (f"DROP TRIGGER IF EXISTS {ident(obj.name)} ON "
                f"{qualified(obj.schema, obj.table or '')}")
    if obj.kind is ObjectKind.EXTENSION:
        return f"DROP EXTENSION IF EXISTS {ident(obj.name)}"
    if obj.kind is ObjectKind.ROW_SECURITY:
        return (f"ALTER TABLE {qualified(obj.schema, obj.table or obj.name)} DISABLE ROW LEVEL "
                "SECURITY, NO FORCE ROW LEVEL SECURITY")
    if obj.kind is ObjectKind.POLICY:
        return (f"DROP POLICY IF EXISTS {ident(obj.name)} ON "
                f"{qualified(obj.schema, obj.table or '')}")
    view = "MATERIALIZED VIEW" if obj.detail.get("materialized") else "VIEW"
    what = {ObjectKind.ENUM: "TYPE", ObjectKind.DOMAIN: "DOMAIN",
            ObjectKind.SEQUENCE: "SEQUENCE"}.get(obj.kind, view)
    return f"DROP {what} IF EXISTS {qualified(obj.schema, obj.name)}"


# The policy's one-line definition, as queries/policies.sql builds it from pg_policies.
POLICY_TEXT = ("concat_ws(' ', 'AS', permissive, 'FOR', cmd, 'TO', array_to_string(roles, ', '),"
               " 'USING (' || qual || ')', 'WITH CHECK (' || with_check || ')')")


def policy_is(obj: DbObject) -> str:
    """True once the policy exists with the target's definition: a rebuild is done."""
    return (f"EXISTS (SELECT 1 FROM pg_policies WHERE schemaname = {literal(obj.schema)} AND "
            f"tablename = {literal(obj.table or '')} AND policyname = {literal(obj.name)} AND "
            f"{POLICY_TEXT} = {literal(obj.definition)})")


_PROBE = "drift_probe_trigger"


def _trigger_13(obj: DbObject) -> str:
    """DROP and CREATE TRIGGER in one DO (one transaction: the table is never without
    its trigger), skipped when the trigger already has the target's definition. The
    server decides that itself: the target trigger is created under a probe name in a
    subtransaction that is rolled back, and both definitions are compared past their
    names (the target's text was printed by another major, so text alone would differ)."""
    definition = obj.definition.strip().rstrip(";")
    head = re.match(r"CREATE (?:CONSTRAINT )?TRIGGER ", definition)
    name = ident(obj.name)
    drop = drop_ddl(obj)
    if head is None or not definition[head.end():].startswith(name + " "):
        body = f"BEGIN\n  {drop};\n  {definition};\nEND"
        return "DO " + dollar_quoted(body, "drift_trigger")
    probe = definition[:head.end()] + _PROBE + definition[head.end() + len(name):]
    rel = literal(qualified(obj.schema, obj.table or ""))

    def tail(trigger: str) -> str:
        return (f"(SELECT substr(d, position({literal(ident(trigger) + ' ')} IN d) + "
                f"{len(ident(trigger))}) FROM (SELECT pg_get_triggerdef(oid) AS d FROM "
                f"pg_trigger WHERE tgrelid = to_regclass({rel}) AND tgname = {literal(trigger)}"
                " AND NOT tgisinternal) t)")
    body = ("DECLARE\n  have text;\n  want text;\nBEGIN\n"
            f"  have := {tail(obj.name)};\n"
            "  IF have IS NOT NULL THEN\n    BEGIN\n"
            f"      EXECUTE {literal(probe)};\n"
            f"      want := {tail(_PROBE)};\n"
            "      RAISE EXCEPTION USING ERRCODE = 'DRIFT';\n"
            "    EXCEPTION WHEN SQLSTATE 'DRIFT' THEN NULL;  -- the probe is rolled back\n"
            "    END;\n"
            "    IF have = want THEN\n      RETURN;\n    END IF;\n  END IF;\n"
            f"  {drop};\n  {definition};\nEND")
    return "DO " + dollar_quoted(body, "drift_trigger")
