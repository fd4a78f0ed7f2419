"""The priority matrix: for every target table, its live state, priority and gaps.

It is rebuilt from the findings of this run, so it states live facts, not a plan.
"""

from __future__ import annotations

from typing import Any

from drift.findings import Code, Finding
from drift.model import Catalog
from drift.spec import Spec

_STATES = (("not read", {Code.OBJECT_NOT_READ}), ("missing", {Code.MISSING_TABLE}),
           ("rename pending", {Code.PENDING_TABLE_RENAME}))


def priority_matrix(expected: Catalog, spec: Spec,
                    findings: list[Finding]) -> list[dict[str, Any]]:
    by_table: dict[tuple[str, str], list[Finding]] = {}
    for f in findings:
        by_table.setdefault((f.schema, f.table), []).append(f)
    rows = []
    for (schema, table) in sorted(expected.tables):
        mine = by_table.get((schema, table), [])
        codes = {f.code for f in mine}
        state = next((name for name, wanted in _STATES if codes & wanted),
                     "drift" if any(f.is_drift for f in mine) else "ok")
        rename = next((f.evidence["from"] for f in mine
                       if f.code == Code.PENDING_TABLE_RENAME), None)
        rows.append({
            "schema": schema, "table": table,
            "priority": spec.priority_for(schema, table).value,
            "state": state,
            "live_name": rename or (None if state == "missing" else table),
            "findings": len(mine),
            "gaps": sorted(f"{f.code} {f.object or f.table}" for f in mine),
        })
    return rows


def render_matrix(rows: list[dict[str, Any]]) -> str:
    width = max((len(f"{r['schema']}.{r['table']}") for r in rows), default=10)
    lines = [f"  {'entity':<{width}}  priority  state           gaps"]
    for r in rows:
        gaps = ", ".join(r["gaps"][:4]) + (f" (+{len(r['gaps']) - 4})" if len(r["gaps"]) > 4
                                           else "")
        lines.append(f"  {r['schema'] + '.' + r['table']:<{width}}  {r['priority']:<8}  "
                     f"{r['state']:<14}  {gaps or '-'}")
    return "\n".join(lines)
