"""Compare an expected catalog with a live one: findings, each with its typed changes
(`drift.changes`; the planner's strategies turn them into steps).

Order matters: tables are matched first (renames included), then columns (so that
constraints and indexes can be compared in expected names), then constraints and
indexes, then the tables that exist on one side only, and last the other objects
(types, sequences, functions, views, triggers, extensions, policies), and comments.
"""

from __future__ import annotations

from drift.diff.columns import compare_columns, match_columns
from drift.diff.comments import compare_comments
from drift.diff.constraints import compare_constraints
from drift.diff.context import Context
from drift.diff.extensions import compare_extension_versions
from drift.diff.indexes import compare_indexes
from drift.diff.objects import compare_objects
from drift.diff.partitions import adjust, compare_partitions, strip_inherited
from drift.diff.privileges import compare_privileges
from drift.diff.schemas import compare_schemas
from drift.diff.tables import match_tables, missing_tables, unexpected_tables
from drift.findings import Finding
from drift.model import Catalog
from drift.spec import Spec
from drift.sqltext import NameMap


def name_map(expected: Catalog, live: Catalog, spec: Spec) -> NameMap:
    """Target names -> the names live now (for invariants, written in target names)."""
    ctx = Context(expected=expected, live=live, spec=spec)
    match_tables(ctx)
    for pair in ctx.pairs.values():
        match_columns(ctx, pair)
    return ctx.names()


def compare(expected: Catalog, live: Catalog, spec: Spec) -> list[Finding]:
    ctx = Context(expected=expected, live=live, spec=spec)
    match_tables(ctx)
    strip_inherited(ctx)
    for pair in ctx.pairs.values():
        match_columns(ctx, pair)
    missing_tables(ctx)
    for pair in ctx.pairs.values():
        compare_columns(ctx, pair)
        compare_constraints(ctx, pair)
        compare_indexes(ctx, pair)
    unexpected_tables(ctx)
    compare_partitions(ctx)
    compare_schemas(ctx)
    compare_objects(ctx)
    compare_extension_versions(ctx)
    compare_privileges(ctx)
    compare_comments(ctx)
    adjust(ctx)
    return sorted(ctx.findings, key=Finding.sort_key)
