"""The four data checks and the SQL each one pushes down."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from drift import evidence as ev
from drift.sqltext import bare, column_list, conjuncts, ident, qualified


@dataclass(frozen=True)
class DataCheck:
    """Rows of a live table that a pending change would reject.

    Names are *live* names: the checks run before any rename.
    """

    schema: str
    table: str
    kind: ClassVar[str] = ""
    code: ClassVar[str] = ""

    @property
    def relation(self) -> str:
        return qualified(self.schema, self.table)

    def violations_sql(self) -> str:
        """A query with one row per violating group or row (the guard's EXISTS)."""
        raise NotImplementedError

    def count_sql(self) -> str:
        raise NotImplementedError

    def report_sql(self, limit: int) -> str:
        """Counts and up to `limit` samples from ONE scan: rows of (key..., count,
        groups, rows), the totals repeated on each row by window aggregates over the
        violations, largest groups first. No row means no violation."""
        raise NotImplementedError

    def totals(self, groups: int, rows: int) -> tuple[int, ...]:
        """What `evidence` takes, from the violating groups and rows."""
        return (rows,)

    def evidence(self, counts: tuple[Any, ...]) -> ev.Evidence:
        """This kind's typed evidence (`drift.evidence`) from the counts."""
        raise NotImplementedError

    def violated(self, evidence: ev.Evidence) -> bool:
        return evidence.violated()

    def describe(self) -> str:
        raise NotImplementedError


def _where(conditions: list[str]) -> str:
    return " WHERE " + " AND ".join(conditions) if conditions else ""


def _windowed(violations: str, keys: int, limit: int) -> str:
    """`violations` (key..., rows) with its totals, top `limit` by rows then key: one
    scan, as the window aggregates run over the (already grouped) violations."""
    order = ", ".join(str(i + 1) for i in range(keys))
    return (f"SELECT v.*, count(*) OVER () AS groups, sum(v.rows) OVER ()::bigint AS total"
            f" FROM ({violations}) AS v ORDER BY v.rows DESC, {order} LIMIT {int(limit)}")


@dataclass(frozen=True)
class GroupedCheck(DataCheck):
    """A check whose violations are groups of rows sharing a key, largest first."""

    @property
    def key_count(self) -> int:
        raise NotImplementedError

    def report_sql(self, limit: int) -> str:
        return _windowed(self.violations_sql(), self.key_count, limit)


@dataclass(frozen=True)
class Duplicates(GroupedCheck):
    """Groups of rows sharing a key that a new unique constraint or index would reject.

    NULLs are distinct unless `nulls_not_distinct`, exactly as PostgreSQL enforces
    it; a partial index's predicate applies; expression keys are grouped by their
    value.
    """

    keys: tuple[str, ...] = ()  # SQL: quoted column names or expressions
    labels: tuple[str, ...] = ()  # how the report names each key
    predicate: str | None = None
    nulls_not_distinct: bool = False
    # Keys (indexes into `keys`) of a string type at a deterministic collation that the
    # check's own queries group under COLLATE "C" (`checks.run.grouping` sets it): a
    # deterministic collation's equality is byte equality, so the groups are the same,
    # and a sort compares bytes (with abbreviated keys) instead of calling strcoll. The
    # keys come out at their own collation again, so the samples are ordered as before.
    # How the check is run, not what it checks: not compared, and `violations_sql` (the
    # report's query and the plan's guard) does not change.
    bytewise: tuple[int, ...] = field(default=(), compare=False)
    kind: ClassVar[str] = "duplicates"
    code: ClassVar[str] = "DR401"

    def violations_sql(self) -> str:
        return self._grouped(())

    def _grouped(self, bytewise: tuple[int, ...]) -> str:
        conditions = [f"({self.predicate})"] if self.predicate else []
        if not self.nulls_not_distinct:
            stated = conjuncts(self.predicate or "")
            conditions += [f"({k}) IS NOT NULL" for k in self.keys
                           if f"{bare(k)} IS NOT NULL" not in stated]
        grouped = [f'({k}) COLLATE "C"' if i in bytewise else f"({k})"
                   for i, k in enumerate(self.keys)]
        shown = [f'({g}) COLLATE "default" AS {k}' if i in bytewise else g
                 for i, (g, k) in enumerate(zip(grouped, self.keys, strict=True))]
        return (f"SELECT {', '.join(shown)}, count(*) AS rows FROM {self.relation}"
                f"{_where(conditions)} GROUP BY {', '.join(grouped)} HAVING count(*) > 1")

    @property
    def key_count(self) -> int:
        return len(self.keys)

    def report_sql(self, limit: int) -> str:
        return _windowed(self._grouped(self.bytewise), self.key_count, limit)

    def count_sql(self) -> str:
        return (f"SELECT count(*), coalesce(sum(rows), 0)::bigint"
                f" FROM ({self._grouped(self.bytewise)}) AS v")

    def totals(self, groups: int, rows: int) -> tuple[int, ...]:
        return (groups, rows)

    def evidence(self, counts: tuple[Any, ...]) -> ev.Duplicates:
        return ev.Duplicates(duplicate_groups=int(counts[0]), duplicate_rows=int(counts[1]))

    def describe(self) -> str:
        where = f" where {self.predicate}" if self.predicate else ""
        return f"duplicate ({', '.join(self.labels)}) in {self.schema}.{self.table}{where}"


@dataclass(frozen=True)
class RowCheck(DataCheck):
    """A check whose violations are single rows, sampled by the table's key."""

    sample_key: tuple[str, ...] = ()  # live primary-key columns, for samples

    def condition(self) -> str:
        raise NotImplementedError

    def violations_sql(self) -> str:
        key = column_list(self.sample_key) if self.sample_key else "ctid"
        return f"SELECT {key}, 1 AS rows FROM {self.relation} WHERE {self.condition()}"

    def count_sql(self) -> str:
        return f"SELECT count(*) FROM {self.relation} WHERE {self.condition()}"

    def report_sql(self, limit: int) -> str:
        return _windowed(self.violations_sql(), len(self.sample_key) or 1, limit)


@dataclass(frozen=True)
class Nulls(RowCheck):
    """NULLs in a column that is about to become NOT NULL (or an unfinished backfill)."""

    column: str = ""
    backfill: bool = False
    kind: ClassVar[str] = "nulls"
    code: ClassVar[str] = "DR402"

    def condition(self) -> str:
        return f"{ident(self.column)} IS NULL"

    def evidence(self, counts: tuple[Any, ...]) -> ev.Nulls:
        return ev.Nulls(null_rows=int(counts[0]), backfill_declared=self.backfill)

    def describe(self) -> str:
        text = f"NULL {self.column} in {self.schema}.{self.table}"
        return text + " (the plan runs the declared backfill first)" if self.backfill else text


@dataclass(frozen=True)
class Orphans(GroupedCheck):
    """Rows whose key has no parent: a new foreign key (MATCH SIMPLE) would reject them."""

    columns: tuple[str, ...] = ()
    ref_schema: str = ""
    ref_table: str = ""
    ref_columns: tuple[str, ...] = ()
    kind: ClassVar[str] = "orphans"
    code: ClassVar[str] = "DR403"

    def violations_sql(self) -> str:
        child = [f"c.{ident(c)} IS NOT NULL" for c in self.columns]
        join = " AND ".join(f"p.{ident(r)} = c.{ident(c)}"
                            for c, r in zip(self.columns, self.ref_columns, strict=True))
        cols = ", ".join(f"c.{ident(c)}" for c in self.columns)
        return (f"SELECT {cols}, count(*) AS rows FROM {self.relation} AS c"
                f" WHERE {' AND '.join(child)} AND NOT EXISTS (SELECT 1 FROM"
                f" {qualified(self.ref_schema, self.ref_table)} AS p WHERE {join})"
                f" GROUP BY {cols}")

    @property
    def key_count(self) -> int:
        return len(self.columns)

    def count_sql(self) -> str:
        return f"SELECT coalesce(sum(rows), 0)::bigint FROM ({self.violations_sql()}) AS v"

    def evidence(self, counts: tuple[Any, ...]) -> ev.Orphans:
        return ev.Orphans(orphan_rows=int(counts[0]),
                          references=f"{self.ref_schema}.{self.ref_table}"
                                     f"({', '.join(self.ref_columns)})")

    def describe(self) -> str:
        return (f"{self.schema}.{self.table} ({', '.join(self.columns)}) without a parent in"
                f" {self.ref_schema}.{self.ref_table}")


@dataclass(frozen=True)
class CheckViolations(RowCheck):
    """Rows for which a new CHECK is false (NULL passes, as in PostgreSQL)."""

    expression: str = ""
    constraint: str = ""
    # where blocking rows are, when the change is not on this table (a domain CHECK):
    # the target table and columns a blocker names
    located: tuple[str, tuple[str, ...]] | None = None
    kind: ClassVar[str] = "check_violations"
    code: ClassVar[str] = "DR404"

    def condition(self) -> str:
        return f"NOT ({self.expression})"

    def evidence(self, counts: tuple[Any, ...]) -> ev.CheckViolations:
        return ev.CheckViolations(violating_rows=int(counts[0]), expression=self.expression)

    def describe(self) -> str:
        return f"rows of {self.schema}.{self.table} violating CHECK ({self.expression})"


def row_checks_in_one_scan(checks: Sequence[RowCheck | Orphans], limit: int) -> str:
    """The NULL, CHECK and orphan checks of ONE table in one scan of it: each check's
    counts and top `limit` samples, exactly as its own `report_sql` gives them.

    Rows: (check's index, every check's keys..., rows, groups, total, sample_rank).
    The scan computes a flag per check (its row condition; for an orphan check, its
    key is complete and has no parent, from a left join to the parent's distinct
    keys, which multiplies no row) and lets through only the rows some flag marks.
    Over those rows alone, GROUPING SETS group each check's rows on (flag, key), the
    key NULLed where the flag is false, as `report_sql` groups them; window
    aggregates per check give the totals. So the work beyond one scan (and one join
    per new foreign key) grows with the violations, not with the table.
    """
    if len({(c.schema, c.table) for c in checks}) != 1:
        raise ValueError("one scan covers one table")
    inner, joins, flags, masked, sets, names = [], [], [], [], [], []
    for i, check in enumerate(checks):
        keys = [f"k{i}_{j}" for j in range(_key_count(check))]
        if isinstance(check, Orphans):
            refs = [f"p{i}_{j}" for j in range(len(check.ref_columns))]
            inner += [f"{ident(c)} AS {k}" for c, k in zip(check.columns, keys, strict=True)]
            parent = ", ".join(f"{ident(r)} AS {n}" for r, n in zip(check.ref_columns, refs,
                                                                     strict=True))
            present = " AND ".join(f"{ident(r)} IS NOT NULL" for r in check.ref_columns)
            on = " AND ".join(f"p{i}.{n} = r.{k}" for n, k in zip(refs, keys, strict=True))
            joins.append(f" LEFT JOIN (SELECT DISTINCT {parent} FROM"
                         f" {qualified(check.ref_schema, check.ref_table)} WHERE {present})"
                         f" AS p{i} ON {on}")
            complete = " AND ".join(f"r.{k} IS NOT NULL" for k in keys)
            flags.append(f"({complete} AND p{i}.{refs[0]} IS NULL) AS f{i}")
        else:
            sample = [ident(c) for c in check.sample_key] or ["ctid"]
            inner += [f"coalesce({check.condition()}, false) AS f{i}"]
            inner += [f"{c} AS {k}" for c, k in zip(sample, keys, strict=True)]
        masked += [f"f{i}"] + [f"CASE WHEN f{i} THEN {k} END AS {k}" for k in keys]
        sets.append(f"(f{i}, {', '.join(keys)})")
        names += keys
    n = range(len(checks))
    which = " ".join(f"WHEN f{i} IS TRUE THEN {i}" for i in n)
    cols = ", ".join(names)
    return (
        f"SELECT * FROM (SELECT d.*, count(*) OVER w AS groups,"
        f" (sum(d.rows) OVER w)::bigint AS total,"
        f" row_number() OVER (w ORDER BY d.rows DESC, {cols}) AS sample_rank FROM ("
        f"SELECT CASE {which} END AS key_set, {cols}, count(*) AS rows FROM ("
        f"SELECT {', '.join(masked)} FROM (SELECT {', '.join(['r.*', *flags])} FROM"
        f" (SELECT {', '.join(inner)} FROM {checks[0].relation}) AS r{''.join(joins)}) AS x"
        f" WHERE {' OR '.join(f'f{i}' for i in n)}) AS m"
        f" GROUP BY GROUPING SETS ({', '.join(sets)})"
        f" HAVING {' OR '.join(f'f{i} IS TRUE' for i in n)}) AS d"
        f" WINDOW w AS (PARTITION BY d.key_set)) AS t"
        f" WHERE t.sample_rank <= {int(limit)} ORDER BY t.key_set, t.sample_rank")


def _key_count(check: RowCheck | Orphans) -> int:
    return len(check.columns) if isinstance(check, Orphans) else len(check.sample_key) or 1
