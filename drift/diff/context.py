"""How expected names map onto live ones, once renames are taken into account.

Diffing compares in *expected* names; changes name what they act on in *live*
names (the planner's steps before the rename phase run in those). `Context` holds
both directions so every module can translate.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from drift import changes as ch
from drift.errors import DriftInputError
from drift.findings import Code, Finding
from drift.model import Catalog, Column, Table
from drift.spec import Priority, Spec
from drift.sqltext import NameMap, SpecNameError, rename_identifiers


@dataclass
class Pair:
    """An expected table and the live table that stands for it."""

    expected: Table
    live: Table
    columns: dict[str, str] = field(default_factory=dict)  # expected -> live
    # undeclared renames drift suggests (expected -> live): never acted on, the new
    # column is added beside the old one
    suggested: dict[str, str] = field(default_factory=dict)
    # the live table's columns by name, built on first use (`live_column_named`)
    _live_by_name: dict[str, Column] | None = field(default=None, init=False, repr=False,
                                                    compare=False)

    def live_column_named(self, name: str) -> Column | None:
        """`live.column(name)` as a dict lookup (the first column of that name)."""
        if self._live_by_name is None:
            by_name: dict[str, Column] = {}
            for col in self.live.columns:
                by_name.setdefault(col.name, col)
            self._live_by_name = by_name
        return self._live_by_name.get(name)

    @property
    def live_to_expected(self) -> dict[str, str]:
        return {v: k for k, v in self.columns.items()}

    def live_column(self, name: str) -> str:
        return self.columns.get(name, name)

    def to_live(self, expression: str | None) -> str | None:
        """An expression in target names, as it must read before the rename phase."""
        return rename_identifiers(expression, self.columns) if expression else expression

    def to_expected(self, expression: str | None) -> str | None:
        return (rename_identifiers(expression, self.live_to_expected)
                if expression else expression)


@dataclass
class Context:
    expected: Catalog
    live: Catalog
    spec: Spec
    pairs: dict[tuple[str, str], Pair] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    # live indexes a new constraint takes over (USING INDEX): not leftovers
    adopted: set[tuple[str, str, str]] = field(default_factory=set)
    # live (schema, name) -> expected name, rebuilt when pairs grow (they only grow)
    _by_live: dict[tuple[str, str], str] = field(default_factory=dict, repr=False)
    _indexed: int = field(default=-1, repr=False)
    # (schema, expected table) -> (columns matched when built, live -> expected names)
    _inverse: dict[tuple[str, str], tuple[int, dict[str, str]]] = field(
        default_factory=dict, repr=False)

    def live_table(self, schema: str, name: str) -> str:
        pair = self.pairs.get((schema, name))
        return pair.live.name if pair else name

    def expected_table(self, schema: str, live_name: str) -> str:
        """The expected name of a live table: a dict lookup, not a scan of the pairs
        (called once per foreign key and object, it made the diff O(tables^2))."""
        if self._indexed != len(self.pairs):
            self._by_live = {}
            for (s, n), pair in self.pairs.items():
                self._by_live.setdefault((s, pair.live.name), n)
            self._indexed = len(self.pairs)
        return self._by_live.get((schema, live_name), live_name)

    def live_columns_of(self, schema: str, expected_table: str) -> dict[str, str]:
        pair = self.pairs.get((schema, expected_table))
        return pair.columns if pair else {}

    def live_to_expected_of(self, schema: str, expected_table: str) -> dict[str, str]:
        """A matched table's live -> expected column names (empty if unmatched), built
        once per table (columns are matched first and only ever added)."""
        pair = self.pairs.get((schema, expected_table))
        if pair is None:
            return {}
        cached = self._inverse.get((schema, expected_table))
        if cached is None or cached[0] != len(pair.columns):
            cached = (len(pair.columns), pair.live_to_expected)
            self._inverse[(schema, expected_table)] = cached
        return cached[1]

    def table_renamed(self, schema: str, expected_table: str) -> Priority | None:
        for r in self.spec.renames:
            if r.kind == "table" and r.schema == schema and r.new == expected_table:
                pair = self.pairs.get((schema, expected_table))
                if pair and pair.live.name != expected_table:
                    return r.priority
        return None

    def names(self) -> NameMap:
        """Target names -> live names, once tables and columns are matched."""
        tables = {name: self.live_table(schema, name) for schema, name in self.expected.tables}
        columns = {name: {c.name: self.live_columns_of(schema, name).get(c.name, c.name)
                          for c in table.columns}
                   for (schema, name), table in self.expected.tables.items()}
        old_tables = {r.old: r.new for r in self.spec.renames if r.kind == "table"}
        old_columns: dict[str, dict[str, str]] = {}
        for r in self.spec.renames:
            if r.kind == "column":
                old_columns.setdefault(r.table, {})[r.old] = r.new
        return NameMap(tables, columns, old_tables, old_columns)

    def spec_sql(self, sql: str, where: str) -> str:
        """Spec SQL (backfills), written in target names, in the names live now."""
        return spec_sql(self.names(), sql, self.spec.source, where)

    def priority(self, schema: str, table: str, obj: str | None = None,
                 fallback: Priority | None = None) -> Priority:
        return self.spec.priority_for(schema, table, obj, fallback)

    def naming_priority(self, schema: str, table: str, name: str) -> Priority:
        """The README's order: object rule, table rule, the table's rename, then should."""
        return (self.spec.object_priority.get((schema, table, name))
                or self.spec.table_priority.get((schema, table))
                or self.table_renamed(schema, table) or Priority.SHOULD)

    def add(self, finding: Finding) -> None:
        self.findings.append(finding)

    def naming_drift(self, pair: Pair, kind: str, old: str, new: str,
                     columns: tuple[str, ...], **evidence: str) -> None:
        """Same definition, other name: a rename (RENAME CONSTRAINT / ALTER INDEX)."""
        schema, table = pair.expected.schema, pair.expected.name
        code = Code.CONSTRAINT_NAMING_DRIFT if kind == "constraint" else Code.INDEX_NAMING_DRIFT
        self.add(Finding(
            code=code, schema=schema, table=table, object=new, columns=columns,
            priority=self.naming_priority(schema, table, new),
            message=f"{kind} {old} on {table} should be named {new}",
            evidence={"from": old, "to": new, **evidence},
            changes=((ch.RenameConstraint if kind == "constraint" else ch.RenameIndex)(
                schema=schema, table=table, old=old, new=new, reason=f"{code} {old}"),)))


def spec_sql(names: NameMap, sql: str, source: str, where: str,
             table: str | None = None) -> str:
    try:
        return names.to_live(sql, table)
    except SpecNameError as exc:
        raise DriftInputError(f"{source}: {where}: {exc}") from None
