"""`check --estimate`: an instant, approximate answer from the planner's statistics.

For each guard, instead of reading the rows, drift reads `pg_stats` (a sample taken
by ANALYZE) and `pg_class.reltuples`. What comes out is a report *note* that starts
with "ESTIMATE" and says it is not exact: it never becomes a finding, a data-blocker
count, an exit code or a guard, so nothing downstream can take it for a fact.
Only what the statistics can say is estimated: NULLs in one column, and rows sharing
the value of one plain column (a new single-column unique without a predicate);
every other check says that it has no estimate.
"""

from __future__ import annotations

from typing import Any

import psycopg

from drift.checks.base import DataCheck, Duplicates, Nulls
from drift.sqltext import ident

LABEL = "ESTIMATE, not exact (pg_stats; run without --estimate for exact counts)"

_STATS = """
SELECT c.reltuples::float8, s.null_frac::float8, s.n_distinct::float8
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_stats s ON s.schemaname = n.nspname AND s.tablename = c.relname
   AND s.attname = %(column)s
 WHERE n.nspname = %(schema)s AND c.relname = %(table)s
"""


def _column(check: DataCheck) -> str | None:
    """The one plain column a check is about, if it is about one."""
    if isinstance(check, Nulls):
        return check.column
    if isinstance(check, Duplicates) and len(check.keys) == 1 and check.predicate is None:
        key = check.keys[0]
        name = key[1:-1].replace('""', '"') if key.startswith('"') else key
        return name if ident(name) == key else None  # else an expression
    return None


def estimate(conn: psycopg.Connection, check: DataCheck) -> str:
    """One line for `check`, labelled as an estimate, or saying there is none."""
    column = _column(check)
    if column is None:
        return f"{LABEL}: no estimate for {check.describe()} (not one column's statistic)"
    with conn.transaction():
        row = conn.execute(_STATS, {"schema": check.schema, "table": check.table,
                                    "column": column}).fetchone()
    if row is None or row[1] is None or row[0] < 0:
        return (f"{LABEL}: no statistics for {check.describe()} (the table was never "
                "analysed)")
    rows, null_frac, n_distinct = (float(v) for v in row)
    if isinstance(check, Nulls):
        return f"{LABEL}: about {round(rows * null_frac):,} rows for {check.describe()}"
    present = rows * (1 - null_frac)
    distinct = n_distinct if n_distinct > 0 else -n_distinct * rows
    extra = max(0, round(present - distinct))
    return (f"{LABEL}: about {extra:,} rows repeat a value for {check.describe()}"
            f" (about {round(distinct):,} distinct values in {round(present):,} non-NULL"
            " rows)")


def estimates(conn: psycopg.Connection, checks: list[object]) -> list[str]:
    """One note per check of a plan's guards (`Guard.check`)."""
    out: list[Any] = []
    for check in checks:
        assert isinstance(check, DataCheck)  # a plan's guards carry drift's checks
        try:
            out.append(estimate(conn, check))
        except psycopg.Error as exc:
            reason = (exc.diag.message_primary or str(exc)).strip()
            out.append(f"{LABEL}: no estimate for {check.describe()}: {reason}")
    return out
