"""Indexes that back no constraint: partial, expression, INCLUDE, NULLS NOT DISTINCT."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from drift import changes as ch
from drift.diff.context import Context, Pair
from drift.findings import Code, Finding
from drift.model import Index
from drift.spec import Priority
from drift.sqltext import rename_identifiers

Signature = tuple[object, ...]


def translate(index: Index, columns: dict[str, str]) -> Index:
    """The index with column names mapped: keys, INCLUDE, expressions and predicate."""
    keys = tuple(rename_identifiers(k, columns) if expr else columns.get(k, k)
                 for k, expr in zip(index.keys, index.key_is_expression, strict=True))
    predicate = rename_identifiers(index.predicate, columns) if index.predicate else None
    return replace(index, keys=keys, predicate=predicate,
                   include=tuple(columns.get(c, c) for c in index.include))


def signature(index: Index, columns: dict[str, str]) -> Signature:
    """`translate`'s fields that say what the index enforces (no Index is built, and
    an identity map renames nothing)."""
    columns = {k: v for k, v in columns.items() if k != v} if columns else columns
    keys, predicate, include = index.keys, index.predicate, index.include
    if columns:
        keys = tuple(rename_identifiers(k, columns) if expr else columns.get(k, k)
                     for k, expr in zip(keys, index.key_is_expression, strict=True))
        predicate = rename_identifiers(predicate, columns) if predicate else None
        include = tuple(columns.get(c, c) for c in include)
    return (index.unique, index.method, keys, index.key_is_expression, index.key_options,
            include, predicate or None, index.nulls_not_distinct)


def create_change(pair: Pair, index: Index, reason: str,
                  kind: type[ch.CreateIndex] = ch.CreateIndex, **extra: Any) -> ch.CreateIndex:
    """The change that builds `index` (or `kind` of it), in target and in live names."""
    return kind(schema=pair.expected.schema, table=pair.live.name, reason=reason, index=index,
                live_index=translate(index, pair.columns), **extra)


def compare_indexes(ctx: Context, pair: Pair) -> None:
    """1. same name, same structure; 2. same name, other structure or INVALID: rebuild;
    3. other name, same structure: naming drift; 4. missing; 5. leftovers."""
    schema, table = pair.expected.schema, pair.expected.name
    live_indexes = [i for i in pair.live.indexes if i.constraint is None]
    inverse = pair.live_to_expected
    claimed: set[str] = set()
    expected = [i for i in pair.expected.indexes if i.constraint is None]
    expected_names = {i.name for i in expected}
    for index in expected:
        sig = signature(index, {})
        live = pair.live.index(index.name)
        if live is not None and live.constraint is None:
            claimed.add(live.name)
            if not live.valid:
                _invalid(ctx, pair, live, rebuild=index)
            elif signature(live, inverse) != sig:
                _rebuild(ctx, pair, index, live)
            continue
        twin = next((i for i in live_indexes if i.name not in claimed and i.valid
                     and i.name not in expected_names and signature(i, inverse) == sig), None)
        if twin is not None:
            claimed.add(twin.name)
            ctx.naming_drift(pair, "index", twin.name, index.name, index.keys)
            continue
        code = Code.MISSING_UNIQUE_INDEX if index.unique else Code.MISSING_INDEX
        if live is not None:  # the name belongs to a constraint's index, dropped in the switch
            ctx.add(_build_aside(ctx, pair, index, code))
            continue
        ctx.add(Finding(
            code=code, priority=ctx.priority(schema, table, index.name,
                                             None if index.unique else Priority.SHOULD),
            schema=schema, table=table, object=index.name, columns=index.keys,
            message=f"{'unique ' if index.unique else ''}index {index.name} on {table} is "
                    f"missing: {index.definition}",
            evidence={"definition": index.definition, "predicate": index.predicate},
            changes=(create_change(pair, index, f"{code} {index.name}"),)))
    for live in live_indexes:
        if live.name not in claimed and (schema, pair.live.name, live.name) not in ctx.adopted:
            _leftover(ctx, pair, live)


def _build_aside(ctx: Context, pair: Pair, index: Index, code: str) -> Finding:
    """Build under a temporary name, then take the name once the constraint is gone."""
    schema, table = pair.expected.schema, pair.expected.name
    temporary = f"{index.name}_drift_new"[-63:]
    change = create_change(pair, index, f"{code} {index.name}", ch.BuildIndexAside,
                           target_table=table)
    return Finding(
        code=code, priority=ctx.priority(schema, table, index.name,
                                         None if index.unique else Priority.SHOULD),
        schema=schema, table=table, object=index.name, columns=index.keys,
        message=f"index {index.name} on {table} is missing: its name is still the index of "
                f"a constraint; it is built as {temporary} and renamed once that is dropped",
        evidence={"definition": index.definition, "built_as": temporary}, changes=(change,))


def _rebuild(ctx: Context, pair: Pair, index: Index, live: Index) -> None:
    schema, table = pair.expected.schema, pair.expected.name
    reason = f"{Code.INDEX_DEFINITION_MISMATCH} {index.name}"
    ctx.add(Finding(
        code=Code.INDEX_DEFINITION_MISMATCH,
        priority=ctx.priority(schema, table, index.name, None if index.unique else Priority.SHOULD),
        schema=schema, table=table, object=index.name, columns=index.keys,
        message=f"index {index.name} on {table} differs: live {live.definition}",
        evidence={"expected": index.definition, "live": live.definition},
        changes=(create_change(pair, index, reason, ch.RebuildIndex, live=live),)))


def _invalid(ctx: Context, pair: Pair, live: Index, rebuild: Index | None) -> None:
    schema, table = pair.expected.schema, pair.expected.name
    reason = f"{Code.INVALID_INDEX} {live.name}"
    change = ch.DropInvalidIndex(schema=schema, table=pair.live.name, name=live.name,
                                 reason=reason, rebuild=create_change(pair, rebuild, reason)
                                 if rebuild is not None else None)
    ctx.add(Finding(
        code=Code.INVALID_INDEX, priority=ctx.priority(schema, table, live.name),
        schema=schema, table=table, object=live.name, columns=live.keys,
        message=f"index {live.name} on {pair.live.name} is INVALID (a failed CREATE INDEX "
                "CONCURRENTLY): it enforces nothing yet slows every write",
        evidence={"definition": live.definition}, changes=(change,)))


def _leftover(ctx: Context, pair: Pair, live: Index) -> None:
    if not live.valid:
        _invalid(ctx, pair, live, rebuild=None)
        return
    schema, table = pair.expected.schema, pair.expected.name
    declared = next((e for e in ctx.spec.legacy
                     if (e.schema, e.name) == (schema, live.name)), None)
    code = Code.LEGACY_UNIQUE_INDEX if live.unique else Code.EXTRA_INDEX
    fallback = None if live.unique else Priority.DEFER
    priority = declared.priority if declared else ctx.priority(schema, table, live.name, fallback)
    ctx.add(Finding(
        code=code, priority=priority, schema=schema, table=table, object=live.name,
        columns=tuple(pair.live_to_expected.get(k, k) for k in live.keys),
        message=f"{'legacy unique ' if live.unique else ''}index {live.name} on {pair.live.name}"
                " is not in the target",
        evidence={"definition": live.definition, "declared_legacy": declared is not None},
        changes=(ch.DropIndex(schema=schema, table=pair.live.name, name=live.name,
                              unique=live.unique, restore=live, target_table=table,
                              restore_target=translate(live, pair.live_to_expected),
                              reason=f"{code} {live.name}"),)))
