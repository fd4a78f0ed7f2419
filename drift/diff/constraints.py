"""Constraints: compared by structure in expected names, so renames don't show as drift."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from drift import changes as ch
from drift.diff.context import Context, Pair
from drift.findings import Code, Finding
from drift.model import Constraint, ConstraintKind, Index
from drift.spec import Priority
from drift.sqltext import rename_identifiers

_MISSING = {ConstraintKind.PRIMARY_KEY: Code.MISSING_PRIMARY_KEY,
            ConstraintKind.UNIQUE: Code.MISSING_UNIQUE_CONSTRAINT,
            ConstraintKind.FOREIGN_KEY: Code.MISSING_FOREIGN_KEY,
            ConstraintKind.CHECK: Code.MISSING_CHECK,
            ConstraintKind.EXCLUDE: Code.CONSTRAINT_DEFINITION_MISMATCH}
_LEGACY = {ConstraintKind.PRIMARY_KEY: Code.LEGACY_UNIQUE_CONSTRAINT,
           ConstraintKind.UNIQUE: Code.LEGACY_UNIQUE_CONSTRAINT,
           ConstraintKind.EXCLUDE: Code.LEGACY_UNIQUE_CONSTRAINT,
           ConstraintKind.FOREIGN_KEY: Code.LEGACY_FOREIGN_KEY,
           ConstraintKind.CHECK: Code.LEGACY_CHECK}

Signature = tuple[object, ...]


def _renamed(names: dict[str, str], columns: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(names.get(c, c) for c in columns) if names and columns else columns


def signature(con: Constraint, columns: dict[str, str], ref_table: str | None,
              ref_columns: dict[str, str]) -> Signature:
    """What a constraint enforces, with names translated into expected names."""
    # only the names that change: an identity map renames nothing (the common case)
    columns = {k: v for k, v in columns.items() if k != v} if columns else columns
    ref_columns = ({k: v for k, v in ref_columns.items() if k != v}
                   if ref_columns else ref_columns)
    check = con.check_expr
    if check and columns:
        check = rename_identifiers(check, columns)
    return (con.kind, _renamed(columns, con.columns), con.ref_schema, ref_table,
            _renamed(ref_columns, con.ref_columns), con.on_update, con.on_delete,
            con.match, con.deferrable, con.deferred, con.nulls_not_distinct,
            check or None, con.definition if con.kind is ConstraintKind.EXCLUDE else None,
            _renamed(columns, con.include), _renamed(columns, con.delete_set_columns))


def _expected_signatures(con: Constraint) -> set[Signature]:
    """As written, and as PostgreSQL prints it once a plan has re-created it."""
    sigs = {signature(con, {}, con.ref_table, {})}
    if con.check_settled is not None:
        sigs.add(signature(replace(con, check_expr=con.check_settled), {}, con.ref_table, {}))
    return sigs


def _enforces(sig: Signature, con: Constraint) -> bool:
    """`sig in _expected_signatures(con)`, the settled form built only when needed."""
    return sig == signature(con, {}, con.ref_table, {}) or (
        con.check_settled is not None
        and sig == signature(replace(con, check_expr=con.check_settled), {}, con.ref_table, {}))


def _live_signature(ctx: Context, inverse: dict[str, str], con: Constraint) -> Signature:
    """`inverse`: the pair's live -> expected column names."""
    ref_table = (ctx.expected_table(con.ref_schema, con.ref_table)
                 if con.ref_schema and con.ref_table else None)
    ref_cols: dict[str, str] = {}
    if con.ref_schema and ref_table:
        ref_cols = ctx.live_to_expected_of(con.ref_schema, ref_table)
    return signature(con, inverse, ref_table, ref_cols)


def fk_live(ctx: Context, con: Constraint) -> tuple[str, tuple[str, ...]]:
    """A foreign key's referenced table and columns in *live* names (the steps that
    add it run before any rename)."""
    assert con.ref_schema and con.ref_table
    ref_map = ctx.live_columns_of(con.ref_schema, con.ref_table)
    return (ctx.live_table(con.ref_schema, con.ref_table),
            tuple(ref_map.get(c, c) for c in con.ref_columns))


def compare_constraints(ctx: Context, pair: Pair) -> None:
    """1. same name, same structure: fine; 2. same name, other structure: rebuild;
    3. other name, same structure: naming drift; 4. no match: missing; 5. live leftovers: legacy."""
    inverse = pair.live_to_expected
    live_by_sig: dict[Signature, list[Constraint]] = {}
    live_sig: dict[str, Signature] = {}  # by name: each live signature is computed once
    live_by_name: dict[str, Constraint] = {}
    for con in pair.live.constraints:
        sig = _live_signature(ctx, inverse, con)
        live_by_sig.setdefault(sig, []).append(con)
        live_sig.setdefault(con.name, sig)
        live_by_name.setdefault(con.name, con)  # the first of a name, as Table.constraint
    claimed: set[str] = set()
    expected_names = {c.name for c in pair.expected.constraints}
    for con in pair.expected.constraints:
        live = live_by_name.get(con.name)
        if live is not None:
            claimed.add(live.name)
            if not _enforces(live_sig[live.name], con):
                _redefine(ctx, pair, con, live)
            elif not live.validated:
                _unvalidated(ctx, pair, con)
            continue
        sigs = _expected_signatures(con)
        twin = next((c for sig in sigs for c in live_by_sig.get(sig, [])
                     if c.name not in claimed and c.name not in expected_names), None)
        if twin is not None:
            claimed.add(twin.name)
            ctx.naming_drift(pair, "constraint", twin.name, con.name, con.columns,
                             definition=con.definition)
            continue
        _missing(ctx, pair, con)
    for con in pair.live.constraints:
        if con.name not in claimed:
            _legacy(ctx, pair, con)


def add_change(ctx: Context, pair: Pair, con: Constraint, reason: str,
               kind: type[ch.AddConstraint] = ch.AddConstraint,
               **extra: Any) -> ch.AddConstraint:
    """The change that adds `con` (or `kind` of it), with the live names it needs."""
    ref_table, ref_columns = (fk_live(ctx, con) if con.kind is ConstraintKind.FOREIGN_KEY
                              else (None, ()))
    pk = next((c.columns for c in pair.live.constraints
               if c.kind is ConstraintKind.PRIMARY_KEY), ())
    return kind(schema=pair.expected.schema, table=pair.live.name, reason=reason,
                constraint=con, columns=dict(pair.columns), ref_table=ref_table,
                ref_columns=ref_columns, sample_key=pk, **extra)


def _adoptable(pair: Pair, con: Constraint) -> Index | None:
    """A live unique index that already enforces exactly this key: adopt, don't rebuild."""
    if con.kind not in (ConstraintKind.UNIQUE, ConstraintKind.PRIMARY_KEY):
        return None
    inverse = pair.live_to_expected
    return next((i for i in pair.live.indexes
                 if i.constraint is None and i.unique and i.valid and i.method == "btree"
                 and i.predicate is None and not any(i.key_is_expression)
                 and not any(i.key_options)
                 and tuple(inverse.get(k, k) for k in i.keys) == con.columns
                 and tuple(inverse.get(c, c) for c in i.include) == con.include
                 and i.nulls_not_distinct == con.nulls_not_distinct), None)


def _missing(ctx: Context, pair: Pair, con: Constraint) -> None:
    schema, table = pair.expected.schema, pair.expected.name
    code = _MISSING[con.kind]
    index = _adoptable(pair, con)
    if index is not None:
        ctx.adopted.add((schema, pair.live.name, index.name))
        ctx.add(Finding(
            code=code, priority=ctx.priority(schema, table, con.name), schema=schema,
            table=table, object=con.name, columns=con.columns,
            message=f"{con.kind.replace('_', ' ')} {con.name} on {table} is missing; the "
                    f"unique index {index.name} already enforces it and becomes the constraint",
            evidence={"definition": con.definition, "adopts_index": index.name},
            changes=(ch.AdoptIndex(
                schema=schema, table=pair.live.name, name=con.name, index=index.name,
                primary_key=con.kind is ConstraintKind.PRIMARY_KEY,
                deferrable=con.deferrable, deferred=con.deferred,
                reason=f"{code} {con.name}"),)))
        return
    ctx.add(Finding(
        code=code, priority=ctx.priority(schema, table, con.name), schema=schema, table=table,
        object=con.name, columns=con.columns,
        message=f"{con.kind.replace('_', ' ')} {con.name} on {table} is missing: "
                f"{con.definition}",
        evidence={"definition": con.definition},
        changes=(add_change(ctx, pair, con, f"{code} {con.name}"),)))


def _redefine(ctx: Context, pair: Pair, con: Constraint, live: Constraint) -> None:
    schema, table = pair.expected.schema, pair.expected.name
    reason = f"{Code.CONSTRAINT_DEFINITION_MISMATCH} {con.name}"
    # the live foreign keys that reference a key being replaced
    dependents = tuple((t.schema, t.name, fk) for t in ctx.live.tables.values()
                       for fk in t.constraints
                       if fk.kind is ConstraintKind.FOREIGN_KEY and fk.ref_schema == schema
                       and fk.ref_table == pair.live.name
                       and set(fk.ref_columns) == set(live.columns)) \
        if con.kind in (ConstraintKind.UNIQUE, ConstraintKind.PRIMARY_KEY) else ()
    ctx.add(Finding(
        code=Code.CONSTRAINT_DEFINITION_MISMATCH, priority=ctx.priority(schema, table, con.name),
        schema=schema, table=table, object=con.name, columns=con.columns,
        message=f"constraint {con.name} on {table} is {live.definition}; "
                f"the target is {con.definition}",
        evidence={"expected": con.definition, "live": live.definition},
        changes=(add_change(ctx, pair, con, reason, ch.RedefineConstraint, live=live,
                            target_table=table, dependents=dependents),)))


def _unvalidated(ctx: Context, pair: Pair, con: Constraint) -> None:
    schema, table = pair.expected.schema, pair.expected.name
    ctx.add(Finding(
        code=Code.CONSTRAINT_DEFINITION_MISMATCH, priority=ctx.priority(schema, table, con.name),
        schema=schema, table=table, object=con.name, columns=con.columns,
        message=f"constraint {con.name} on {table} is NOT VALID: existing rows are unchecked",
        evidence={"expected": "validated", "live": "not valid"},
        changes=(add_change(ctx, pair, con, f"{Code.CONSTRAINT_DEFINITION_MISMATCH} {con.name}",
                            ch.ValidateConstraint),)))


def _drifts_own_helper(pair: Pair, con: Constraint) -> bool:
    """The NOT VALID `CHECK (col IS NOT NULL)` that drift's NOT NULL steps add and drop
    again, left by an interrupted run: the pending DR104 fix takes it over (its ADD is
    skipped as done), so it is no legacy CHECK."""
    if con.kind is not ConstraintKind.CHECK:
        return False
    for col in pair.expected.columns:
        live_name = pair.columns.get(col.name)
        live = pair.live_column_named(live_name) if live_name else None
        if (live is not None and live_name is not None and not col.nullable and live.nullable
                and con.name == ch.helper_check_name(pair.live.name, live_name)):
            return True
    return False


def _legacy(ctx: Context, pair: Pair, con: Constraint) -> None:
    if _drifts_own_helper(pair, con):
        return
    schema, table = pair.expected.schema, pair.expected.name
    declared = next((entry for entry in ctx.spec.legacy
                     if (entry.schema, entry.table, entry.name) == (schema, table, con.name)
                     or (entry.schema, entry.name) == (schema, con.name)), None)
    code = _LEGACY[con.kind]
    fallback = None if con.enforcing else Priority.SHOULD
    priority = declared.priority if declared else ctx.priority(schema, table, con.name, fallback)
    ctx.add(Finding(
        code=code, priority=priority, schema=schema, table=table, object=con.name,
        columns=tuple(pair.live_to_expected.get(c, c) for c in con.columns),
        message=f"legacy {con.kind.replace('_', ' ')} {con.name} on {pair.live.name} "
                f"({con.definition}) is not in the target"
                + (f": {declared.reason}" if declared and declared.reason else ""),
        evidence={"definition": con.definition, "declared_legacy": declared is not None},
        changes=(ch.DropConstraint(schema=schema, table=pair.live.name, name=con.name,
                                   restore=con.definition, reason=f"{code} {con.name}"),)))
