"""The independent oracle: `results` (migra's maintained successor) compares two databases.

drift and results share no code: results reads the catalog with its own queries
(`results.schemainspect`), so a difference it sees after a drift migration is a
second opinion on whether the plan really produced the target schema.

Differences are typed, not SQL text: each names results' category, the object's
quoted name, whether it was added, removed or modified, and for a modification the
*aspects* that differ (`column id: default`), so the runner can excuse one precise
difference without excusing its neighbours. The migra-style SQL that would close
the gap is kept for the failure message only.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import psycopg

# The attributes each kind's __eq__ compares in results, so that an aspect is
# named for every difference results acts on (and for nothing else: oids and
# dependency lists differ between any two databases).
_TABLE = ("relationtype", "inputs", "definition", "parent_table", "partition_def",
          "rowsecurity", "forcerowsecurity", "persistence", "options", "comment")
_COLUMN = ("dbtype", "dbtypestr", "default", "not_null", "enum", "collation", "is_identity",
           "is_identity_always", "is_generated", "is_inherited", "comment")
_ASPECTS: dict[str, tuple[str, ...]] = {
    "indexes": ("table_name", "definition", "key_columns", "included_columns", "key_options",
                "num_att", "is_unique", "is_pk", "is_exclusion", "is_immediate",
                "is_clustered", "key_collations", "key_expressions", "partial_predicate",
                "algorithm", "is_partitioned", "parent_index"),
    "constraints": ("table_name", "constraint_type", "definition", "index", "is_fk",
                    "is_not_valid", "is_deferrable", "initially_deferred",
                    "quoted_full_foreign_table_name", "fk_columns_local",
                    "fk_columns_foreign", "fk_on_delete", "fk_on_update"),
    "extensions": ("name", "schema", "version"),
    "sequences": ("quoted_table_and_column_name", "data_type", "start_value", "increment_by",
                  "min_value", "max_value", "cache_size", "cycle"),
}


@dataclass(frozen=True)
class Difference:
    """One object results finds different between the migrated db (A) and the target (B)."""

    category: str  # results' inspector attribute: "tables", "indexes", "sequences", ...
    name: str  # results' key: the quoted, schema-qualified name
    change: str  # "added" (only in B), "removed" (only in A), "modified"
    aspects: tuple[str, ...] = ()  # for "modified": what differs, e.g. "column id: default"
    values: tuple[str, ...] = ()  # the values behind each aspect, A -> B (messages only)

    def __str__(self) -> str:
        text = f"{self.category} {self.change} {self.name}"
        return text + "".join(f"\n    {v}" for v in self.values)


@dataclass(frozen=True)
class Comparison:
    differences: tuple[Difference, ...]
    sql: str  # what results would run to turn A into B


def compare(url_a: str, url_b: str) -> Comparison:
    """Inspect both databases with results (read only) and list what differs.

    Every category results inspects is compared, also those drift does not compare
    (enums, functions, views, ...): the corpus creates none of them, so a difference
    there is news, not noise. results is imported here, not at module level: it
    takes about 2 s to import, which every collection of the test suite would pay.
    """
    from results.dbdiff import Migration
    from results.schemainspect import PostgreSQL, SchemaDefinition

    with psycopg.connect(url_a) as conn_a, psycopg.connect(url_b) as conn_b, \
            conn_a.cursor() as cursor_a, conn_b.cursor() as cursor_b:
        a, b = PostgreSQL(cursor_a), PostgreSQL(cursor_b)
        differences = tuple(d for category in SchemaDefinition.CATEGORIES
                            for d in _category(category, getattr(a, category),
                                               getattr(b, category)))
        migration = Migration(a, b)
        migration.set_safety(False)
        migration.add_all_changes_ordered()
        return Comparison(differences=differences, sql=migration.sql)


def _category(category: str, a: dict[str, Any], b: dict[str, Any]) -> Iterator[Difference]:
    for name in sorted(set(b) - set(a)):
        yield Difference(category, name, "added")
    for name in sorted(set(a) - set(b)):
        yield Difference(category, name, "removed")
    for name in sorted(set(a) & set(b)):
        if a[name] != b[name]:
            pairs = list(_aspects(category, a[name], b[name])) or [("(unnamed)", "?")]
            yield Difference(category, name, "modified", tuple(p[0] for p in pairs),
                             tuple(f"{p[0]}: {p[1]}" for p in pairs))


def _aspects(category: str, a: Any, b: Any) -> Iterator[tuple[str, str]]:
    if category == "tables":
        yield from _fields(a, b, _TABLE, "")
        yield from _columns(a.columns, b.columns)
        return
    yield from _fields(a, b, _ASPECTS.get(category, ()), "")


def _columns(a: dict[str, Any], b: dict[str, Any]) -> Iterator[tuple[str, str]]:
    for name in sorted(set(b) - set(a)):
        yield f"column {name}: added", repr(b[name].dbtypestr)
    for name in sorted(set(a) - set(b)):
        yield f"column {name}: removed", repr(a[name].dbtypestr)
    for name in sorted(set(a) & set(b)):
        yield from _fields(a[name], b[name], _COLUMN, f"column {name}: ")


def _fields(a: Any, b: Any, fields: tuple[str, ...], prefix: str) -> Iterator[tuple[str, str]]:
    for field in fields:
        left, right = getattr(a, field, None), getattr(b, field, None)
        if left != right:
            yield f"{prefix}{field}", f"{_short(left)} -> {_short(right)}"


def _short(value: Any, limit: int = 160) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
