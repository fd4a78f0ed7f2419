"""Names of what a finding is about, as the live database calls it.

A finding names its table by the *target* name (the table a pending rename will
produce); CI outputs also show the live object, so a reader can find it in `psql`.
Everything here reads the JSON report dict, so every output names objects alike.
"""

from __future__ import annotations

from typing import Any

# codes whose object does not exist in the live database yet (only its table does)
ABSENT_LIVE = frozenset({"DR101", "DR102", "DR111", "DR112", "DR113", "DR114", "DR121",
                         "DR122", "DR131", "DR133", "DR134"})
# codes whose evidence "from" is the live name of the object
RENAMED = frozenset({"DR302", "DR303", "DR311", "DR312"})


def live_tables(report: dict[str, Any]) -> dict[tuple[str, str], str | None]:
    """(schema, target table) -> the live table's name (None when it is missing)."""
    return {(r["schema"], r["table"]): r.get("live_name") for r in report.get("matrix") or []}


def where(f: dict[str, Any]) -> str:
    """`schema.table` in target names, or the schema alone for schema-level objects."""
    return f"{f['schema']}.{f['table']}" if f.get("table") else str(f["schema"])


def live_label(f: dict[str, Any]) -> str:
    """How to introduce `live_object(f)`: the object itself, or the table holding the rows
    (data blockers) or lacking the object (missing constraints, indexes, columns)."""
    if f["category"] in ("data_blocker", "invariant_violation") or f["code"] in ABSENT_LIVE:
        return "live table" if f.get("table") else "live schema"
    return "live object"


def live_object(f: dict[str, Any], tables: dict[tuple[str, str], str | None]) -> str | None:
    """The live object a finding is about, qualified; None when nothing of it exists live."""
    schema, table = f["schema"], f.get("table") or ""
    if not table:
        if f["code"] in ABSENT_LIVE or f["category"] in ("data_blocker", "invariant_violation"):
            return str(schema)
        return f"{schema}.{f['object']}" if f.get("object") else schema
    live_table = tables.get((schema, table), table)
    if live_table is None or f["code"] == "DR101":
        return None
    base = f"{schema}.{live_table}"
    obj = f.get("object")
    code = f["code"]
    if f["category"] in ("data_blocker", "invariant_violation") or code in ABSENT_LIVE:
        return base  # the rows (or the table that lacks the object) are live
    if code in RENAMED and f["evidence"].get("from"):
        return f"{base}.{f['evidence']['from']}"
    if code == "DR301" or not obj or obj == table:
        return base
    return f"{base}.{obj}"
