"""Data invariants from drift.toml: named rules the rows must obey.

A `check` is a predicate every row must satisfy (NULL passes, as in a CHECK); a
`query` must return no rows. Both run inside the read-only snapshot, each in its
own savepoint; violations are counted by the server and at most 5 come back as
samples.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import psycopg

from drift import evidence as ev
from drift.checks.run import jsonable
from drift.db import run_untrusted
from drift.findings import Code, Finding
from drift.model import Catalog, ConstraintKind
from drift.spec import Invariant
from drift.sqltext import column_list, qualified


def violations_sql(inv: Invariant, live: Catalog) -> str:
    if inv.query:
        return inv.query.strip().rstrip(";")
    table = live.table(inv.schema, inv.table)
    key = next((c.columns for c in table.constraints
                if c.kind is ConstraintKind.PRIMARY_KEY), ()) if table else ()
    cols = column_list(key) if key else "*"
    return f"SELECT {cols} FROM {qualified(inv.schema, inv.table)} WHERE NOT ({inv.check})"


def evaluate(conn: psycopg.Connection, inv: Invariant, live: Catalog,
             samples: bool) -> ev.Invariant:
    sql = violations_sql(inv, live)
    with conn.transaction():
        if samples:  # the count and up to 5 rows from one scan: no second run
            names, rows = run_untrusted(conn, f"SELECT v.*, count(*) OVER () AS"
                                              f" drift_violating_rows FROM ({sql}) AS v LIMIT 5")
            count = int(rows[0][-1]) if rows else 0
        else:
            _, rows = run_untrusted(conn, f"SELECT count(*) FROM ({sql}) AS v")
            count = int(rows[0][0]) if rows else 0
        evidence = ev.Invariant(invariant=inv.name, violating_rows=count, query=sql)
        if samples and count:
            evidence = replace(evidence, samples=tuple(
                ev.Sample(key={k: jsonable(v) for k, v in zip(names[:-1], r[:-1], strict=True)},
                          count=1) for r in rows))
    return evidence


def invariant_findings(conn: psycopg.Connection, invariants: tuple[Invariant, ...],
                       live: Catalog, *, samples: bool = True) -> list[Finding]:
    out = []
    for inv in invariants:
        base: dict[str, Any] = dict(priority=inv.priority, schema=inv.schema, table=inv.table,
                                    object=inv.name)
        try:
            evidence = evaluate(conn, inv, live, samples)
        except psycopg.Error as exc:
            reason = (exc.diag.message_primary or str(exc)).strip()
            out.append(Finding(code=Code.INVARIANT_NOT_EVALUATED,
                               message=f"invariant {inv.name} could not be evaluated: {reason}",
                               evidence=ev.InvariantNotEvaluated(invariant=inv.name,
                                                                 error=reason), **base))
            continue
        if evidence.violated():
            n = evidence.violating_rows
            rule = f"check {inv.check}" if inv.check else "its query must return no rows"
            out.append(Finding(code=Code.INVARIANT_VIOLATION,
                               message=f"{n} {'row breaks' if n == 1 else 'rows break'} "
                                       f"invariant {inv.name} ({rule})"
                                       + (f": {inv.reason}" if inv.reason else ""),
                               evidence=evidence, **base))
    return out
