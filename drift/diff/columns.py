"""Columns: renames (declared and suggested), missing, unexpected, and mismatches."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from drift import changes as ch
from drift.diff.context import Context, Pair
from drift.findings import Code, Finding
from drift.model import (
    OWNED_SEQUENCE_DEFAULT,
    Catalog,
    Column,
    ConstraintKind,
    ObjectKind,
    Table,
)
from drift.spec import Priority
from drift.sqltext import qualified


def match_columns(ctx: Context, pair: Pair) -> None:
    """1. same name; 2. declared rename pending; 3. a unique same-type candidate (suggested)."""
    schema, table = pair.expected.schema, pair.expected.name
    live_names = {c.name for c in pair.live.columns}
    for col in pair.expected.columns:
        if col.name in live_names:
            pair.columns[col.name] = col.name
            continue
        rename = next((r for r in ctx.spec.renames if r.kind == "column"
                       and (r.schema, r.table, r.new) == (schema, table, col.name)
                       and r.old in live_names), None)
        if rename is not None:
            pair.columns[col.name] = rename.old
            ctx.add(_rename_finding(ctx, pair, rename.old, col.name, rename.priority,
                                    Code.PENDING_COLUMN_RENAME, rename.reason))
    _suggest_renames(ctx, pair)


def _references(table: Table, column: str, ctx: Context, live: bool) -> tuple[str, ...] | None:
    for con in table.constraints:
        if con.kind is ConstraintKind.FOREIGN_KEY and con.columns == (column,):
            ref = con.ref_table or ""
            if live:
                ref = ctx.expected_table(con.ref_schema or "", ref)
            return (con.ref_schema or "", ref, *con.ref_columns)
    return None


def _declared_legacy(ctx: Context, pair: Pair) -> set[str]:
    """Live columns the spec names as legacy ([[legacy]], or a priority rule for a
    column the target does not have): never a rename candidate."""
    schema, table = pair.expected.schema, pair.expected.name
    target = {c.name for c in pair.expected.columns}
    named = {e.name for e in ctx.spec.legacy if (e.schema, e.table) == (schema, table)}
    named |= {obj for (s, t, obj) in ctx.spec.object_priority if (s, t) == (schema, table)}
    return named - target


def _suggest_renames(ctx: Context, pair: Pair) -> None:
    """A missing and an unexpected column of one type and one reference look like a
    rename. Only a suggestion (DR303): it never moves data, the plan adds the new
    column and keeps the old one until drift.toml declares the rename."""
    missing = [c for c in pair.expected.columns if c.name not in pair.columns]
    claimed = set(pair.columns.values()) | _declared_legacy(ctx, pair)
    extra = [c for c in pair.live.columns if c.name not in claimed]

    def same(a: Column, b: Column) -> bool:
        return (a.type == b.type and _references(pair.expected, a.name, ctx, False)
                == _references(pair.live, b.name, ctx, True))

    for col in missing:
        candidates = [c for c in extra if same(col, c)]
        rivals = [m for m in missing if candidates and same(m, candidates[0])]
        if len(candidates) == 1 and len(rivals) == 1:
            pair.suggested[col.name] = candidates[0].name
            extra.remove(candidates[0])


def _rename_finding(ctx: Context, pair: Pair, old: str, new: str, priority: Priority,
                    code: str, reason: str) -> Finding:
    schema, table = pair.expected.schema, pair.expected.name
    return Finding(
        code=code, priority=priority, schema=schema, table=table, object=new,
        columns=(old, new),
        message=f"column {table}.{old} is still to be renamed to {new}"
                + (f": {reason}" if reason else ""),
        evidence={"from": old, "to": new, "declared": True},
        changes=(ch.RenameColumn(schema=schema, table=table, old=old, new=new,
                                 reason=f"{code} {old}->{new}"),))


def compare_columns(ctx: Context, pair: Pair) -> None:
    schema, table = pair.expected.schema, pair.expected.name
    live_table = pair.live.name
    for col in pair.expected.columns:
        live_name = pair.columns.get(col.name)
        if live_name is None:
            _missing_column(ctx, pair, col)
            continue
        live = pair.live_column_named(live_name)
        assert live is not None
        at: dict[str, Any] = dict(schema=schema, table=live_table, column=live_name)
        reason = f"{table}.{col.name}"
        if live.type != col.type:
            ctx.add(Finding(
                code=Code.COLUMN_TYPE_MISMATCH, priority=ctx.priority(schema, table, col.name),
                schema=schema, table=table, object=col.name, columns=(col.name,),
                message=f"{table}.{col.name} is {live.type}, target is {col.type}; a type change "
                        "rewrites the table: consider add column, backfill, swap",
                evidence={"expected": col.type, "live": live.type},
                changes=(_retype(col, live, at, reason,
                                 via_text=_is_enum(ctx.live, schema, live.type)
                                 and _is_enum(ctx.expected, schema, col.type)),)))
        elif live.collation != col.collation:
            ctx.add(Finding(
                code=Code.COLUMN_COLLATION_MISMATCH,
                priority=ctx.priority(schema, table, col.name),
                schema=schema, table=table, object=col.name, columns=(col.name,),
                message=f"{table}.{col.name} collation is {live.collation or 'the default'}, "
                        f"target is {col.collation or 'the default'}",
                evidence={"expected": col.collation, "live": live.collation},
                changes=(ch.ChangeCollation(type=col.type, new=col.collation, old=live.collation,
                                            reason=f"{Code.COLUMN_COLLATION_MISMATCH} {reason}",
                                            **at),)))
        if not col.nullable and live.nullable:
            ctx.add(Finding(
                code=Code.COLUMN_NOT_NULL_MISSING, priority=ctx.priority(schema, table, col.name),
                schema=schema, table=table, object=col.name, columns=(col.name,),
                message=f"{table}.{col.name} allows NULL; the target is NOT NULL",
                evidence={"expected": "NOT NULL", "live": "NULL"},
                changes=(not_null(ctx, pair, live_name, col.name),)))
        elif col.nullable and not live.nullable:
            ctx.add(Finding(
                code=Code.COLUMN_NOT_NULL_EXTRA, priority=ctx.priority(schema, table, col.name),
                schema=schema, table=table, object=col.name, columns=(col.name,),
                message=f"{table}.{col.name} is NOT NULL; the target allows NULL",
                evidence={"expected": "NULL", "live": "NOT NULL"},
                changes=(ch.DropNotNull(reason=f"{Code.COLUMN_NOT_NULL_EXTRA} {reason}",
                                        **at),)))
        if col.nullable or not live.nullable:  # else the NOT NULL steps carry it
            _declared_backfill(ctx, pair, col.name, live_name)
        if (col.identity, col.generated) != (live.identity, live.generated):
            change = _identity(ctx, pair, col, live, at,
                               f"{Code.COLUMN_IDENTITY_MISMATCH} {reason}")
            how = "" if change else "; change it by hand"
            ctx.add(Finding(
                code=Code.COLUMN_IDENTITY_MISMATCH, priority=ctx.priority(schema, table, col.name),
                schema=schema, table=table, object=col.name, columns=(col.name,),
                message=f"{table}.{col.name}: identity/generated differs{how}",
                evidence={"expected": {"identity": col.identity, "generated": col.generated},
                          "live": {"identity": live.identity, "generated": live.generated}},
                changes=(change,) if change else ()))
        elif col.default != live.default and not col.identity and not col.generated:
            ctx.add(Finding(
                code=Code.COLUMN_DEFAULT_MISMATCH,
                priority=ctx.priority(schema, table, col.name, Priority.SHOULD),
                schema=schema, table=table, object=col.name, columns=(col.name,),
                message=f"{table}.{col.name} default is {live.default}, target is {col.default}",
                evidence={"expected": col.default, "live": live.default},
                changes=(ch.SetDefault(new=col.default, old=live.default, column_type=live.type,
                                       reason=f"{Code.COLUMN_DEFAULT_MISMATCH} {reason}",
                                       **at),)))
    _unexpected_columns(ctx, pair)


def _declared_backfill(ctx: Context, pair: Pair, col: str, live_col: str) -> None:
    """A declared backfill of a column that exists: info, and a step of
    `drift plan --phase backfill` (the phase planned alone is complete; the column
    may have been added by an expand phase run on its own)."""
    if not ctx.spec.backfills:
        return
    schema, table = pair.expected.schema, pair.expected.name
    backfill = next((b for b in ctx.spec.backfills
                     if (b.schema, b.table, b.column) == (schema, table, col)), None)
    if backfill is None or not backfill.sql:
        return
    reason = f"{Code.BACKFILL_DECLARED} {table}.{col}"
    ctx.add(Finding(
        code=Code.BACKFILL_DECLARED, priority=ctx.priority(schema, table, col),
        schema=schema, table=table, object=col, columns=(col,),
        message=f"{table}.{col} has a declared backfill; drift plan --phase backfill runs "
                "it (a rerun fills only what is still empty, if its SQL says so)",
        evidence={"backfill": backfill.reason or "declared"},
        changes=(ch.Backfill(schema=schema, table=pair.live.name, column=live_col, reason=reason,
                             sql=ctx.spec_sql(backfill.sql, f"backfill of {table}.{col}")),)))


def _is_enum(catalog: Catalog, schema: str, type_name: str) -> bool:
    """Whether a format_type() name is one of the catalog's enums."""
    return any(o.kind is ObjectKind.ENUM and type_name in
               (o.name, f"{o.schema}.{o.name}", qualified(o.schema, o.name))
               and (o.schema == schema or "." in type_name) for o in catalog.objects.values())


def _server_major(catalog: Catalog) -> int:
    head = catalog.server_version.split(".")[0].split()[0] if catalog.server_version else ""
    return int(head) if head.isdigit() else 0


def _identity(ctx: Context, pair: Pair, col: Column, live: Column, at: dict[str, Any],
              why: str) -> ch.Change | None:
    """Identity and generation changes PostgreSQL can make in place: ADD / SET / DROP
    IDENTITY, SET EXPRESSION (17+), DROP EXPRESSION; a plain column that becomes
    generated is dropped and added again, only when drift.toml approves the drop.
    None when none applies: the finding then says to change it by hand."""
    at = dict(at, reason=why)
    if col.generated == live.generated:  # identity differs
        return ch.ChangeIdentity(new=col.identity, old=live.identity, column_type=live.type,
                                 live_default=live.default, default=col.default,
                                 target_type=col.type, **at)
    if col.identity != live.identity:
        return None
    expression = pair.to_live(col.generated)
    if expression is not None and live.generated is not None and _server_major(ctx.live) >= 17:
        return ch.SetGeneration(new=expression, old=live.generated, **at)
    if expression is None:
        return ch.SetGeneration(new=None, old=live.generated, default=col.default,
                                column_type=col.type, **at)
    if not ctx.spec.drop_approved(pair.expected.schema, pair.expected.name, col.name):
        return None
    del at["column"]
    return ch.RegenerateColumn(column=replace(col, name=pair.live_column(col.name),
                                              generated=expression), **at)


def _retype(col: Column, live: Column, at: dict[str, Any], reason: str, *,
            via_text: bool = False) -> ch.RetypeColumn:
    """The type change (through text between two enums); a serial column's own
    sequence follows it. A live default that differs from the target's is dropped
    in the same statement (it may not cast); DR106 sets the new one after."""
    drop_default = live.default is not None and col.default != live.default \
        and live.default != OWNED_SEQUENCE_DEFAULT and not col.identity and not col.generated
    return ch.RetypeColumn(new_type=col.type, old_type=live.type, via_text=via_text,
                           drop_default=drop_default,
                           serial_sequence=live.default == OWNED_SEQUENCE_DEFAULT,
                           reason=f"{Code.COLUMN_TYPE_MISMATCH} {reason}", **at)


def _backfill_of(ctx: Context, schema: str, table: str, col: str) -> Any:
    return next((b for b in ctx.spec.backfills
                 if (b.schema, b.table, b.column) == (schema, table, col)), None)


def not_null(ctx: Context, pair: Pair, live_col: str, col: str, *,
             new_column: bool = False) -> ch.SetNotNull:
    """NOT NULL for a column whose rows may hold NULLs, with its declared backfill."""
    schema, table = pair.expected.schema, pair.expected.name
    backfill = _backfill_of(ctx, schema, table, col)
    pk = next((c.columns for c in pair.live.constraints
               if c.kind is ConstraintKind.PRIMARY_KEY), ())
    return ch.SetNotNull(
        schema=schema, table=pair.live.name, column=live_col, sample_key=pk,
        reason=f"{Code.COLUMN_NOT_NULL_MISSING} {table}.{col}",
        backfill=ctx.spec_sql(backfill.sql, f"backfill of {table}.{col}")
        if backfill and backfill.sql else None,
        backfilled=backfill is not None, new_column=new_column)


def _missing_column(ctx: Context, pair: Pair, col: Column) -> None:
    """DR102, or DR303 when a live column looks like its old name: the same steps
    either way (a suggestion never moves data), and the old column is kept."""
    schema, table, live_table = pair.expected.schema, pair.expected.name, pair.live.name
    needs_value = not col.nullable and col.default is None and not col.identity \
        and not col.generated
    reason = f"{Code.MISSING_COLUMN} {table}.{col.name}"
    changes: tuple[ch.Change, ...] = (ch.AddColumn(schema=schema, table=live_table, column=col,
                                                   nullable=True if needs_value else None,
                                                   reason=reason),)
    if needs_value:
        changes += (not_null(ctx, pair, col.name, col.name, new_column=True),)
    else:  # a declared backfill still fills the new column, NOT NULL or not
        backfill = _backfill_of(ctx, schema, table, col.name)
        if backfill is not None and backfill.sql:
            changes += (ch.Backfill(schema=schema, table=live_table, column=col.name,
                                    sql=ctx.spec_sql(backfill.sql,
                                                     f"backfill of {table}.{col.name}"),
                                    reason=reason),)
    old = pair.suggested.get(col.name)
    if old is not None:
        ctx.add(Finding(
            code=Code.RENAME_SUGGESTED, priority=ctx.priority(schema, table, col.name),
            schema=schema, table=table, object=col.name, columns=(old, col.name),
            message=f"column {table}.{old} looks renamed (undeclared) to {col.name} (same "
                    f"type and references); the plan adds {col.name} and keeps {old}: if "
                    f"it is a rename, declare it in drift.toml ([[renames]] table = "
                    f"\"{table}\", from = \"{old}\", to = \"{col.name}\")",
            evidence={"from": old, "to": col.name, "declared": False, "type": col.type},
            changes=changes))
        return
    ctx.add(Finding(code=Code.MISSING_COLUMN, priority=ctx.priority(schema, table, col.name),
                    schema=schema, table=table, object=col.name, columns=(col.name,),
                    message=f"column {table}.{col.name} ({col.type}) does not exist",
                    evidence={"type": col.type, "nullable": col.nullable,
                              "default": col.default},
                    changes=changes))


def _unexpected_columns(ctx: Context, pair: Pair) -> None:
    schema, table = pair.expected.schema, pair.expected.name
    claimed = set(pair.columns.values()) | set(pair.suggested.values())
    for col in pair.live.columns:
        if col.name in claimed:
            continue
        approved = ctx.spec.drop_approved(schema, table, col.name)
        changes = (ch.DropColumn(schema=schema, table=table, column=col.name,
                                 reason=f"{Code.UNEXPECTED_COLUMN} {table}.{col.name}"),) \
            if approved else ()
        ctx.add(Finding(
            code=Code.UNEXPECTED_COLUMN,
            priority=ctx.priority(schema, table, col.name, Priority.SHOULD),
            schema=schema, table=table, object=col.name, columns=(col.name,),
            message=f"column {table}.{col.name} is not in the target"
                    + ("" if approved else "; kept until drift.toml approves the drop"),
            evidence={"type": col.type, "drop_approved": approved}, changes=changes))
