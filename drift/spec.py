"""drift.toml: renames, legacy objects, priorities, backfills and approvals.

The spec is what the schema alone cannot say: which differences are renames rather
than drops and adds, which legacy objects must go, how urgent each change is, and
which destructive steps a human has approved.
"""

from __future__ import annotations

import enum
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from drift.errors import DriftInputError


class Priority(enum.StrEnum):
    MUST = "must"
    SHOULD = "should"
    DEFER = "defer"

    @property
    def rank(self) -> int:
        """Higher is more urgent."""
        return {"must": 3, "should": 2, "defer": 1}[self.value]


@dataclass(frozen=True)
class Rename:
    kind: str  # "table" | "column"
    schema: str
    table: str  # for a column rename: the table's *target* name
    old: str
    new: str
    priority: Priority
    reason: str = ""
    compat_view: bool = False  # keep a view under the old name until cleanup


@dataclass(frozen=True)
class Legacy:
    schema: str
    table: str  # target name of the table
    name: str
    priority: Priority
    reason: str = ""


@dataclass(frozen=True)
class Backfill:
    schema: str
    table: str
    column: str
    sql: str | None = None
    reason: str = ""


# Bookkeeping tables that are never part of a target schema.
DEFAULT_IGNORED = frozenset({"alembic_version"})


@dataclass(frozen=True)
class Invariant:
    """A rule about the data: `check` must hold for every row of `table`, or `query`
    must return no rows. Both are SQL on the live database, in its current names."""

    name: str
    schema: str
    table: str
    priority: Priority
    check: str | None = None
    query: str | None = None
    reason: str = ""


@dataclass(frozen=True)
class Spec:
    default_priority: Priority = Priority.MUST
    default_schema: str = "public"
    renames: tuple[Rename, ...] = ()
    legacy: tuple[Legacy, ...] = ()
    backfills: tuple[Backfill, ...] = ()
    invariants: tuple[Invariant, ...] = ()
    table_priority: dict[tuple[str, str], Priority] = field(default_factory=dict)
    object_priority: dict[tuple[str, str, str], Priority] = field(default_factory=dict)
    approved_drops: frozenset[tuple[str, str, str | None]] = frozenset()
    ignore_tables: frozenset[str] = DEFAULT_IGNORED
    extra_sql: tuple[str, ...] = ()  # files beside the source, applied after it
    # compat windows: closed by `drift plan --phase cleanup`, or by any plan with this
    close_compat_views: bool = False
    source: str = "(none)"

    def priority_for(self, schema: str, table: str, obj: str | None = None,
                     fallback: Priority | None = None) -> Priority:
        """Object rule, then table rule, then the finding's own fallback, then the default."""
        if obj is not None and (schema, table, obj) in self.object_priority:
            return self.object_priority[(schema, table, obj)]
        if (schema, table) in self.table_priority:
            return self.table_priority[(schema, table)]
        return fallback or self.default_priority

    def drop_approved(self, schema: str, table: str, column: str | None = None) -> bool:
        return (schema, table, column) in self.approved_drops


def split_name(name: str, default_schema: str) -> tuple[str, str]:
    schema, dot, rest = name.partition(".")
    return (schema, rest) if dot else (default_schema, name)


def load_spec(path: Path | None) -> Spec:
    if path is None or not path.exists():
        return Spec()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise DriftInputError(f"{path}: invalid TOML: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise DriftInputError(f"{path}: not UTF-8 text at byte {exc.start}") from exc
    try:
        return _parse(data, str(path))
    except (KeyError, ValueError, TypeError) as exc:
        raise DriftInputError(f"{path}: {exc}") from exc


def _priority(value: Any, where: str) -> Priority:
    try:
        return Priority(value)
    except ValueError:
        raise ValueError(f"{where}: priority must be must, should or defer, "
                         f"got {value!r}") from None


def _require(entry: dict[str, Any], key: str, where: str) -> str:
    if key not in entry:
        raise ValueError(f"{where}: missing key {key!r}")
    return str(entry[key])


def _parse(data: dict[str, Any], source: str) -> Spec:
    top = data.get("drift", {})
    default_schema = top.get("default_schema", "public")
    default = _priority(top.get("default_priority", "must"), "[drift]")
    renames = []
    for i, r in enumerate(data.get("renames", [])):
        where = f"renames[{i}]"
        kind = r.get("kind", "column" if "column" in r or "table" in r else "table")
        if kind not in ("table", "column"):
            raise ValueError(f"{where}: kind must be table or column, got {kind!r}")
        if kind == "table":
            schema, old = split_name(_require(r, "from", where), default_schema)
            new = split_name(_require(r, "to", where), default_schema)[1]
            renames.append(Rename("table", schema, new, old, new,
                                  _priority(r.get("priority", default), where),
                                  r.get("reason", ""), bool(r.get("compat_view", False))))
        else:
            schema, table = split_name(_require(r, "table", where), default_schema)
            renames.append(Rename("column", schema, table, _require(r, "from", where),
                                  _require(r, "to", where),
                                  _priority(r.get("priority", default), where),
                                  r.get("reason", "")))
    legacy = []
    for i, entry in enumerate(data.get("legacy", [])):
        where = f"legacy[{i}]"
        schema, table = split_name(_require(entry, "table", where), default_schema)
        legacy.append(Legacy(schema, table, _require(entry, "name", where),
                             _priority(entry.get("priority", default), where),
                             entry.get("reason", "")))
    backfills = []
    for i, entry in enumerate(data.get("backfills", [])):
        where = f"backfills[{i}]"
        schema, table = split_name(_require(entry, "table", where), default_schema)
        backfills.append(Backfill(schema, table, _require(entry, "column", where),
                                  entry.get("sql"), entry.get("reason", "")))
    invariants = []
    for i, entry in enumerate(data.get("invariants", [])):
        where = f"invariants[{i}]"
        schema, table = split_name(_require(entry, "table", where), default_schema)
        if ("check" in entry) == ("query" in entry):
            raise ValueError(f"{where}: give exactly one of check (a predicate every row "
                             "must satisfy) or query (must return no rows)")
        invariants.append(Invariant(_require(entry, "name", where), schema, table,
                                    _priority(entry.get("priority", default), where),
                                    entry.get("check"), entry.get("query"),
                                    entry.get("reason", "")))
    table_priority: dict[tuple[str, str], Priority] = {}
    object_priority: dict[tuple[str, str, str], Priority] = {}
    for i, entry in enumerate(data.get("priorities", [])):
        where = f"priorities[{i}]"
        schema, table = split_name(_require(entry, "table", where), default_schema)
        prio = _priority(_require(entry, "priority", where), where)
        if "object" in entry:
            object_priority[(schema, table, str(entry["object"]))] = prio
        else:
            table_priority[(schema, table)] = prio
    approved: set[tuple[str, str, str | None]] = set()
    for i, entry in enumerate(data.get("approve_drop", [])):
        schema, table = split_name(_require(entry, "table", f"approve_drop[{i}]"), default_schema)
        approved.add((schema, table, entry.get("column")))
    ignored = frozenset(str(t) for t in top.get("ignore_tables", sorted(DEFAULT_IGNORED)))
    extra = top.get("extra_sql", [])
    if isinstance(extra, str) or not all(isinstance(e, str) for e in extra):
        raise ValueError("[drift]: extra_sql must be a list of file names")
    close = top.get("close_compat_views", False)
    if not isinstance(close, bool):
        raise ValueError("[drift]: close_compat_views must be true or false")
    return Spec(default_priority=default, default_schema=default_schema, ignore_tables=ignored,
                extra_sql=tuple(extra), close_compat_views=close,
                renames=tuple(renames), legacy=tuple(legacy), backfills=tuple(backfills),
                invariants=tuple(invariants),
                table_priority=table_priority, object_priority=object_priority,
                approved_drops=frozenset(approved), source=source)
