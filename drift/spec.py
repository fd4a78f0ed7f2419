"""drift.toml: renames, legacy objects, priorities, backfills and approvals.

The spec is what the schema alone cannot say: which differences are renames rather
than drops and adds, which legacy objects must go, how urgent each change is, and
which destructive steps a human has approved.
"""

from __future__ import annotations

import difflib
import enum
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from drift.errors import DriftInputError, at


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
    # which schemas are compared at all: only `schemas` (None: every one), never
    # `ignore_schemas`; a schema out of scope is neither read nor reported
    schemas: tuple[str, ...] | None = None
    ignore_schemas: frozenset[str] = frozenset()
    approved_schema_drops: frozenset[str] = frozenset()  # DROP SCHEMA ... CASCADE
    compare_privileges: bool = False  # owners and GRANTs (DR137, DR138)
    source: str = "(none)"

    def in_scope(self, schema: str) -> bool:
        """Whether drift.toml lets drift read and compare this schema."""
        return ((self.schemas is None or schema in self.schemas)
                and schema not in self.ignore_schemas)

    def scope(self, schemas: tuple[str, ...] | None,
              present: list[str]) -> tuple[str, ...] | None:
        """The schemas to read: the command line's (`schemas`, else every one `present`)
        within drift.toml's scope; None when neither restricts anything."""
        if schemas is None and self.schemas is None and not self.ignore_schemas:
            return None
        return tuple(s for s in (schemas or present) if self.in_scope(s))

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


PYPROJECT = "pyproject.toml"


def in_pyproject(path: Path | None) -> bool:
    """Whether the config is the [tool.drift] table of a pyproject.toml."""
    return path is not None and path.name == PYPROJECT


def has_tool_drift(path: Path) -> bool:
    """Whether a pyproject.toml holds a [tool.drift] table (an unreadable one is bad input)."""
    tool = _read(path)[1].get("tool")
    return isinstance(tool, dict) and "drift" in tool


def key_path(path: Path | None, keys: tuple[str | int, ...]) -> tuple[str | int, ...]:
    """Where drift.toml's `keys` are in the file at `path`: in a pyproject.toml, [drift]
    is [tool.drift] itself and [[renames]] is [[tool.drift.renames]]."""
    if not in_pyproject(path):
        return keys
    return ("tool", "drift") + (keys[1:] if keys[:1] == ("drift",) else keys)


def _read(path: Path) -> tuple[str, dict[str, Any]]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DriftInputError(f"{path}: not UTF-8 text at byte {exc.start}") from exc
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DriftInputError(f"{path}: invalid TOML: {exc}") from exc


def _from_pyproject(tool: Any) -> dict[str, Any]:
    """[tool.drift] as drift.toml's layout: its own keys are the [drift] table, its
    sub-tables and arrays of tables are drift.toml's tables."""
    if not isinstance(tool, dict):
        raise SpecError(("drift",), "tool.drift must be a table, written [tool.drift]")
    settings: dict[str, Any] = {}
    data: dict[str, Any] = {"drift": settings}
    for name, value in tool.items():
        table = isinstance(value, dict) or (isinstance(value, list) and bool(value)
                                            and all(isinstance(v, dict) for v in value))
        if name == "drift" and table:
            raise SpecError(("drift", name), "[tool.drift.drift]: write these keys in [tool.drift] "
                                     "itself")
        if table or name in KEYS:
            data[name] = value
        else:
            settings[name] = value
    return data


def _pyproject_words(message: str) -> str:
    """drift.toml's table names as pyproject.toml spells them."""
    message = message.replace("[drift]", "[tool.drift]")
    return re.sub(r"\[\[(\w+)\]\]", r"[[tool.drift.\1]]", message)


def load_spec(path: Path | None) -> Spec:
    """drift.toml, or the [tool.drift] table of a pyproject.toml (same keys; its own
    keys are drift.toml's [drift] table)."""
    if path is None or not path.exists():
        return Spec()
    text, data = _read(path)
    pyproject = in_pyproject(path)
    try:
        if pyproject:
            data = _from_pyproject((data.get("tool") or {}).get("drift", {}))
        check_shape(data)
        return _parse(data, str(path))
    except SpecError as exc:
        message = _pyproject_words(str(exc)) if pyproject else str(exc)
        raise DriftInputError(f"{at(path, locate(text, key_path(path, exc.path)))}: "
                              f"{message}") from exc


class SpecError(ValueError):
    """A drift.toml problem at `path`: the keys and array indexes leading to it."""

    def __init__(self, path: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.path = path


# Every table and key drift.toml may hold, with the kind of value each takes. A key
# that is not here is a typo (exit 2), never silently ignored.
_STR, _BOOL, _STRS, _PRIO = "a string", "a boolean (true or false)", "a list of strings", "prio"
KEYS: dict[str, dict[str, str]] = {
    "drift": {"default_schema": _STR, "default_priority": _PRIO, "ignore_tables": _STRS,
              "extra_sql": _STRS, "close_compat_views": _BOOL, "schemas": _STRS,
              "ignore_schemas": _STRS, "compare_privileges": _BOOL},
    "renames": {"kind": _STR, "table": _STR, "from": _STR, "to": _STR, "priority": _PRIO,
                "reason": _STR, "compat_view": _BOOL},
    "legacy": {"table": _STR, "name": _STR, "priority": _PRIO, "reason": _STR},
    "backfills": {"table": _STR, "column": _STR, "sql": _STR, "reason": _STR},
    "invariants": {"name": _STR, "table": _STR, "check": _STR, "query": _STR,
                   "priority": _PRIO, "reason": _STR},
    "priorities": {"table": _STR, "object": _STR, "priority": _PRIO},
    "approve_drop": {"table": _STR, "column": _STR, "schema": _STR},
}
_SINGLE = frozenset({"drift"})  # [drift] is one table; the others are arrays [[...]]
_TOML_TYPES = {str: "string", bool: "boolean", int: "integer", float: "float", list: "array",
               dict: "table"}


def _header(name: str, single: frozenset[str] = _SINGLE) -> str:
    return f"[{name}]" if name in single else f"[[{name}]]"


def _got(value: Any) -> str:
    kind = _TOML_TYPES.get(type(value), "date-time")
    if isinstance(value, dict):
        return kind
    shown = repr(value)
    return f"{kind} {shown if len(shown) <= 40 else shown[:37] + '...'}"


def _did_you_mean(name: str, valid: list[str]) -> str | None:
    close = difflib.get_close_matches(name, valid, n=1, cutoff=0.6)
    return close[0] if close else None


def check_shape(data: dict[str, Any], layout: dict[str, dict[str, str]] = KEYS,
                single: frozenset[str] = _SINGLE) -> None:
    """Every table and key known, every value of its kind; else a SpecError.
    `layout` and `single`: drift.toml's by default; drift.fleet passes fleet.toml's."""
    tables = ", ".join(_header(t, single)
                       for t in sorted(layout, key=lambda t: (t not in single, t)))
    for name, value in data.items():
        if name not in layout:
            if "drift" in layout and name in layout["drift"]:
                raise SpecError((name,), f"key {name!r} belongs in the [drift] table: "
                                         "write it below a [drift] line")
            written = (f"table [[{name}]]" if isinstance(value, list) and value
                       and all(isinstance(v, dict) for v in value)
                       else f"table [{name}]" if isinstance(value, dict) else f"key {name!r}")
            close = _did_you_mean(name, list(layout))
            hint = f"; did you mean {_header(close, single)}?" if close else ""
            raise SpecError((name,), f"unknown {written}{hint} (valid: {tables})")
        if name in single:
            if not isinstance(value, dict):
                raise SpecError((name,), f"{name} must be a table, written [{name}]")
            _check_entry(value, name, (name,), f"[{name}]", layout)
            continue
        if not isinstance(value, list):
            raise SpecError((name,), f"{name} must be an array of tables, written "
                                     f"[[{name}]] above each entry")
        for i, entry in enumerate(value):
            if not isinstance(entry, dict):
                raise SpecError((name, i), f"{name}[{i}] must be a table, written [[{name}]]")
            _check_entry(entry, name, (name, i), f"{name}[{i}]", layout)


def _check_entry(entry: dict[str, Any], table: str, path: tuple[str | int, ...],
                 where: str, layout: dict[str, dict[str, str]] = KEYS) -> None:
    valid = layout[table]
    for key, value in entry.items():
        if key not in valid:
            close = _did_you_mean(key, list(valid))
            hint = f"; did you mean {close!r}?" if close else ""
            raise SpecError(path + (key,), f"unknown key {key!r} in {where}{hint} "
                                           f"(valid: {', '.join(sorted(valid))})")
        kind = valid[key]
        if kind == _PRIO:
            _priority(value, where, path + (key,))
        elif kind == _STR and not isinstance(value, str):
            raise SpecError(path + (key,), f"{where}: {key} must be a string, got {_got(value)}")
        elif kind == _BOOL and not isinstance(value, bool):
            raise SpecError(path + (key,), f"{where}: {key} must be {_BOOL}, got {_got(value)}")
        elif kind == _STRS and not (isinstance(value, list)
                                    and all(isinstance(v, str) for v in value)):
            raise SpecError(path + (key,), f"{where}: {key} must be {_STRS} "
                                           f"(e.g. {key} = [\"a\", \"b\"]), got {_got(value)}")


def _priority(value: Any, where: str, path: tuple[str | int, ...] = ()) -> Priority:
    if isinstance(value, Priority):
        return value
    if isinstance(value, str) and value in {p.value for p in Priority}:
        return Priority(value)
    raise SpecError(path, f"{where}: priority must be must, should or defer, got {value!r}")


def _require(entry: dict[str, Any], key: str, where: str,
             path: tuple[str | int, ...] = ()) -> str:
    if key not in entry:
        raise SpecError(path, f"{where}: missing key {key!r}")
    return str(entry[key])


def _parse(data: dict[str, Any], source: str) -> Spec:
    top = data.get("drift", {})
    default_schema = top.get("default_schema", "public")
    default = _priority(top.get("default_priority", "must"), "[drift]",
                        ("drift", "default_priority"))
    renames = []
    for i, r in enumerate(data.get("renames", [])):
        where, here = f"renames[{i}]", ("renames", i)
        kind = r.get("kind", "column" if "table" in r else "table")
        if kind not in ("table", "column"):
            raise SpecError(here + ("kind",),
                            f"{where}: kind must be table or column, got {kind!r}")
        prio = _priority(r.get("priority", default), where, here + ("priority",))
        if kind == "table":
            if "table" in r:
                raise SpecError(here + ("table",), f"{where}: a table rename names its tables "
                                                   "in from and to; table is for column renames")
            schema, old = split_name(_require(r, "from", where, here), default_schema)
            new = split_name(_require(r, "to", where, here), default_schema)[1]
            renames.append(Rename("table", schema, new, old, new, prio,
                                  r.get("reason", ""), bool(r.get("compat_view", False))))
        else:
            if "compat_view" in r:
                raise SpecError(here + ("compat_view",),
                                f"{where}: compat_view is for table renames only")
            schema, table = split_name(_require(r, "table", where, here), default_schema)
            renames.append(Rename("column", schema, table, _require(r, "from", where, here),
                                  _require(r, "to", where, here), prio, r.get("reason", "")))
    legacy = []
    for i, entry in enumerate(data.get("legacy", [])):
        where, here = f"legacy[{i}]", ("legacy", i)
        schema, table = split_name(_require(entry, "table", where, here), default_schema)
        legacy.append(Legacy(schema, table, _require(entry, "name", where, here),
                             _priority(entry.get("priority", default), where),
                             entry.get("reason", "")))
    backfills = []
    for i, entry in enumerate(data.get("backfills", [])):
        where, here = f"backfills[{i}]", ("backfills", i)
        schema, table = split_name(_require(entry, "table", where, here), default_schema)
        backfills.append(Backfill(schema, table, _require(entry, "column", where, here),
                                  entry.get("sql"), entry.get("reason", "")))
    invariants = []
    for i, entry in enumerate(data.get("invariants", [])):
        where, here = f"invariants[{i}]", ("invariants", i)
        schema, table = split_name(_require(entry, "table", where, here), default_schema)
        if ("check" in entry) == ("query" in entry):
            raise SpecError(here, f"{where}: give exactly one of check (a predicate every row "
                                  "must satisfy) or query (must return no rows)")
        invariants.append(Invariant(_require(entry, "name", where, here), schema, table,
                                    _priority(entry.get("priority", default), where),
                                    entry.get("check"), entry.get("query"),
                                    entry.get("reason", "")))
    table_priority: dict[tuple[str, str], Priority] = {}
    object_priority: dict[tuple[str, str, str], Priority] = {}
    for i, entry in enumerate(data.get("priorities", [])):
        where, here = f"priorities[{i}]", ("priorities", i)
        schema, table = split_name(_require(entry, "table", where, here), default_schema)
        prio = _priority(_require(entry, "priority", where, here), where, here + ("priority",))
        if "object" in entry:
            object_priority[(schema, table, str(entry["object"]))] = prio
        else:
            table_priority[(schema, table)] = prio
    approved: set[tuple[str, str, str | None]] = set()
    schema_drops: set[str] = set()
    for i, entry in enumerate(data.get("approve_drop", [])):
        where, here = f"approve_drop[{i}]", ("approve_drop", i)
        if "schema" in entry:
            if "table" in entry or "column" in entry:
                raise SpecError(here + ("schema",), f"{where}: schema approves dropping a whole "
                                                    "schema; name a table or a schema, not both")
            schema_drops.add(entry["schema"])
            continue
        schema, table = split_name(_require(entry, "table", where, here), default_schema)
        approved.add((schema, table, entry.get("column")))
    ignored = frozenset(str(t) for t in top.get("ignore_tables", sorted(DEFAULT_IGNORED)))
    extra = top.get("extra_sql", [])
    close = top.get("close_compat_views", False)
    scoped = top.get("schemas")
    if scoped is not None and not scoped:
        raise SpecError(("drift", "schemas"), "[drift]: schemas must name at least one schema "
                                              "(leave it out to compare every schema)")
    return Spec(schemas=tuple(scoped) if scoped is not None else None,
                ignore_schemas=frozenset(top.get("ignore_schemas", ())),
                approved_schema_drops=frozenset(schema_drops),
                compare_privileges=top.get("compare_privileges", False),
                default_priority=default, default_schema=default_schema, ignore_tables=ignored,
                extra_sql=tuple(extra), close_compat_views=close,
                renames=tuple(renames), legacy=tuple(legacy), backfills=tuple(backfills),
                invariants=tuple(invariants),
                table_priority=table_priority, object_priority=object_priority,
                approved_drops=frozenset(approved), source=source)


# Where each key and table header of a TOML text is. tomllib keeps no positions, so a
# small scan of the (already valid) text records the line of every header and key,
# stepping over strings, multi-line strings, comments and multi-line arrays.
_BARE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
_TRIPLES = ('"""', "'''")


class _Scan:
    def __init__(self, text: str) -> None:
        self.text, self.n, self.line = text, len(text), 1
        self.lines: dict[tuple[str | int, ...], int] = {}
        self.counts: dict[tuple[str | int, ...], int] = {}

    def resolve(self, parts: tuple[str, ...]) -> tuple[str | int, ...]:
        """A dotted name, with the last entry of each array of tables it passes through."""
        out: tuple[str | int, ...] = ()
        for part in parts:
            out += (part,)
            if out in self.counts:
                out += (self.counts[out] - 1,)
        return out

    def key(self, j: int, stop: str) -> tuple[tuple[str, ...], int]:
        """A dotted key (bare or quoted parts) from j up to `stop`."""
        text, parts = self.text, []
        while j < self.n and text[j] not in stop and text[j] != "\n":
            ch = text[j]
            if ch in "\"'":
                end = j + 1
                while end < self.n and text[end] != ch:
                    end += 2 if ch == '"' and text[end] == "\\" else 1
                raw = text[j + 1:end]
                parts.append(raw if ch == "'" else tomllib.loads(f'k = "{raw}"')["k"])
                j = end + 1
            elif ch in _BARE:
                end = j
                while end < self.n and text[end] in _BARE:
                    end += 1
                parts.append(text[j:end])
                j = end
            else:
                j += 1
        return tuple(parts), j

    def value(self, j: int) -> int:
        """From after `=` to the newline that ends the value, counting the lines it spans."""
        text, depth = self.text, 0
        while j < self.n:
            ch = text[j]
            if text.startswith(_TRIPLES, j):
                quote = text[j:j + 3]
                end = j + 3
                while end < self.n and not text.startswith(quote, end):
                    end += 2 if quote == _TRIPLES[0] and text[end] == "\\" else 1
                while text.startswith(quote[0], end + 3):
                    end += 1  # one or two quotes may end the content itself
                self.line += text.count("\n", j, end + 3)
                j = end + 3
                continue
            if ch in "\"'":
                end = j + 1
                while end < self.n and text[end] not in (ch, "\n"):
                    end += 2 if ch == '"' and text[end] == "\\" else 1
                j = end + 1
                continue
            if ch == "#":
                j = self.eol(j)
                continue
            if ch in "[{":
                depth += 1
            elif ch in "]}":
                depth -= 1
            elif ch == "\n":
                if depth <= 0:
                    return j
                self.line += 1
            j += 1
        return j

    def eol(self, j: int) -> int:
        end = self.text.find("\n", j)
        return self.n if end < 0 else end

    def run(self) -> dict[tuple[str | int, ...], int]:
        text, i = self.text, 0
        table: tuple[str | int, ...] = ()
        while i < self.n:
            ch = text[i]
            if ch == "\n":
                self.line += 1
                i += 1
            elif ch in " \t\r":
                i += 1
            elif ch == "#":
                i = self.eol(i)
            elif ch == "[":
                array = text.startswith("[[", i)
                parts, i = self.key(i + (2 if array else 1), "]")
                if array and parts:
                    prefix = self.resolve(parts[:-1]) + parts[-1:]
                    self.counts[prefix] = self.counts.get(prefix, 0) + 1
                    self.lines.setdefault(prefix, self.line)
                    table = prefix + (self.counts[prefix] - 1,)
                else:
                    table = self.resolve(parts)
                self.lines.setdefault(table, self.line)
                i = self.eol(i)
            else:
                parts, i = self.key(i, "=")
                for k in range(1, len(parts) + 1):
                    self.lines.setdefault(table + parts[:k], self.line)
                i = self.value(i + 1)
        return self.lines


def key_lines(text: str) -> dict[tuple[str | int, ...], int]:
    """The 1-based line of every table header, array entry and key, by its path."""
    return _Scan(text).run()


def locate(text: str, path: tuple[str | int, ...]) -> int | None:
    """The line of `path` in `text`, or of its nearest enclosing table that has one."""
    lines = key_lines(text)
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return None
