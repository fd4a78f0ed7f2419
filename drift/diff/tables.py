"""Match expected tables to live ones: by name, or through a declared rename."""

from __future__ import annotations

from dataclasses import replace

from drift import changes as ch
from drift.diff.constraints import fk_live
from drift.diff.context import Context, Pair
from drift.findings import Code, Finding
from drift.model import ConstraintKind
from drift.spec import Priority


def match_tables(ctx: Context) -> None:
    """1. same name; 2. declared table rename still pending; 3. otherwise missing."""
    for key, table in sorted(ctx.expected.tables.items()):
        live = ctx.live.tables.get(key)
        if live is not None:
            ctx.pairs[key] = Pair(table, live)
            continue
        rename = next((r for r in ctx.spec.renames if r.kind == "table"
                       and (r.schema, r.new) == key
                       and (r.schema, r.old) in ctx.live.tables), None)
        if rename is None:
            continue
        ctx.pairs[key] = Pair(table, ctx.live.tables[(rename.schema, rename.old)])
        change = ch.RenameTable(schema=key[0], table=rename.old, old=rename.old, new=rename.new,
                                compat_view=rename.compat_view,
                                reason=f"{Code.PENDING_TABLE_RENAME} {rename.old}")
        ctx.add(Finding(
            code=Code.PENDING_TABLE_RENAME, priority=rename.priority, schema=key[0],
            table=key[1], object=rename.old,
            message=f"table {rename.old} is still to be renamed to {rename.new}"
                    + (f": {rename.reason}" if rename.reason else ""),
            evidence={"from": rename.old, "to": rename.new, "declared": True,
                      "compat_view": rename.compat_view},
            changes=(change,)))


def open_compat_view(ctx: Context, schema: str, name: str) -> tuple[str, bool] | None:
    """The renamed table a live view `name` is the declared compatibility view of, and
    whether the spec closes compat windows (then the full plan drops it)."""
    for r in ctx.spec.renames:
        if (r.kind == "table" and r.compat_view and (r.schema, r.old) == (schema, name)
                and (schema, r.new) in ctx.live.tables):
            return r.new, ctx.spec.close_compat_views
    return None


def missing_tables(ctx: Context) -> None:
    """New tables: schema if needed, table with keys and CHECKs, then FKs and indexes."""
    for key, table in sorted(ctx.expected.tables.items()):
        if key in ctx.pairs:
            continue
        foreign_keys = tuple(replace(fk, ref_table=ref_table, ref_columns=ref_columns)
                             for fk in table.constraints if fk.kind is ConstraintKind.FOREIGN_KEY
                             for ref_table, ref_columns in (fk_live(ctx, fk),))
        change = ch.CreateTable(schema=key[0], table=key[1], definition=table,
                                create_schema=key[0] not in ctx.live.schemas,
                                foreign_keys=foreign_keys,
                                reason=f"{Code.MISSING_TABLE} {table.name}")
        ctx.add(Finding(code=Code.MISSING_TABLE, priority=ctx.priority(*key), schema=key[0],
                        table=key[1], message=f"table {key[0]}.{key[1]} does not exist",
                        evidence={"columns": len(table.columns)}, changes=(change,)))


def _drop_depths(ctx: Context, dropped: set[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """0 for a dropped table no other dropped table references; a parent is one deeper
    than its deepest dropped child, so children are dropped first."""
    children: dict[tuple[str, str], set[tuple[str, str]]] = {key: set() for key in dropped}
    for key in dropped:
        for con in ctx.live.tables[key].constraints:
            parent = (con.ref_schema or "", con.ref_table or "")
            if con.kind is ConstraintKind.FOREIGN_KEY and parent in dropped and parent != key:
                children[parent].add(key)
    depths: dict[tuple[str, str], int] = {}

    def depth(key: tuple[str, str], seen: frozenset[tuple[str, str]]) -> int:
        if key not in depths:
            below = [depth(c, seen | {key}) for c in children[key] if c not in seen]
            depths[key] = 1 + max(below) if below else 0
        return depths[key]

    for key in dropped:
        depth(key, frozenset())
    return depths


def unexpected_tables(ctx: Context) -> None:
    matched = {pair.live.qualified for pair in ctx.pairs.values()}
    dropped = {key for key in ctx.live.tables if key not in matched
               and ctx.spec.drop_approved(key[0], key[1])}
    depths = _drop_depths(ctx, dropped)
    for key, table in sorted(ctx.live.tables.items()):
        if (key in matched or key[0] not in ctx.expected.schemas
                or key[1] in ctx.spec.ignore_tables or ".".join(key) in ctx.spec.ignore_tables):
            continue
        approved = ctx.spec.drop_approved(key[0], key[1])
        changes = (ch.DropTable(schema=key[0], table=key[1], depth=depths.get(key, 0),
                                reason=f"{Code.UNEXPECTED_TABLE} {key[1]}"),) if approved else ()
        ctx.add(Finding(
            code=Code.UNEXPECTED_TABLE, priority=ctx.priority(*key, fallback=Priority.SHOULD),
            schema=key[0], table=key[1],
            message=f"table {key[0]}.{key[1]} is not in the target"
                    + ("" if approved else "; it is kept until drift.toml approves the drop"),
            evidence={"estimated_rows": table.estimated_rows, "drop_approved": approved},
            changes=changes))
