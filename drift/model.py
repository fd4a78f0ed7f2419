"""The schema model: plain frozen data, no SQL inside.

Both sides of a comparison (the reference model, materialised in a scratch server,
and the live database) are read into these classes by the same catalog reader, so
every type name and definition here is already normalised by PostgreSQL itself.
"""

from __future__ import annotations

import dataclasses
import enum
import sys
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any, overload

# How a column default that is nextval() of the column's own sequence reads on both
# sides: sequence names differ between databases, ownership is what matters.
OWNED_SEQUENCE_DEFAULT = "nextval(<owned sequence>)"


class ConstraintKind(enum.StrEnum):
    PRIMARY_KEY = "primary_key"
    UNIQUE = "unique"
    FOREIGN_KEY = "foreign_key"
    CHECK = "check"
    EXCLUDE = "exclude"


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: str  # format_type() output, e.g. "character varying(40)"
    nullable: bool
    default: str | None = None  # pg_get_expr(adbin), or OWNED_SEQUENCE_DEFAULT
    identity: str | None = None  # "always" | "by_default"
    generated: str | None = None  # generation expression of a STORED column
    comment: str | None = None
    collation: str | None = None  # COLLATE "schema"."name" when not the type's default
    inherited: bool = False  # from an INHERITS parent (attinhcount > 0): compared there


@dataclass(frozen=True, slots=True)
class Constraint:
    name: str
    kind: ConstraintKind
    columns: tuple[str, ...]
    definition: str  # pg_get_constraintdef()
    ref_schema: str | None = None
    ref_table: str | None = None
    ref_columns: tuple[str, ...] = ()
    on_update: str | None = None  # "a" | "r" | "c" | "n" | "d" (pg_constraint.confupdtype)
    on_delete: str | None = None
    match: str | None = None
    deferrable: bool = False
    deferred: bool = False
    validated: bool = True
    nulls_not_distinct: bool = False
    check_expr: str | None = None  # the CHECK expression alone
    include: tuple[str, ...] = ()  # INCLUDE columns of a unique or primary key
    delete_set_columns: tuple[str, ...] = ()  # ON DELETE SET NULL|DEFAULT (these columns)
    # What PostgreSQL prints after this CHECK is re-created from its own definition,
    # when that differs (e.g. varchar IN lists): a plan-made CHECK reads this way.
    check_settled: str | None = None
    inherited: bool = False  # a CHECK from an INHERITS parent (coninhcount > 0)

    @property
    def enforcing(self) -> bool:
        return self.kind in (ConstraintKind.PRIMARY_KEY, ConstraintKind.UNIQUE,
                             ConstraintKind.EXCLUDE)


@dataclass(frozen=True, slots=True)
class Index:
    name: str
    unique: bool
    method: str
    keys: tuple[str, ...]  # one entry per key: a column name or an expression
    key_is_expression: tuple[bool, ...]
    key_options: tuple[str, ...]  # "DESC", "NULLS FIRST", opclass, collation ("" if none)
    include: tuple[str, ...] = ()
    predicate: str | None = None
    nulls_not_distinct: bool = False
    valid: bool = True
    constraint: str | None = None  # name of the constraint this index backs, if any
    definition: str = ""  # pg_get_indexdef()
    primary: bool = False

    @property
    def enforcing(self) -> bool:
        return self.unique or self.primary

    @property
    def simple_columns(self) -> tuple[str, ...]:
        """Key columns when no key is an expression, else ()."""
        return () if any(self.key_is_expression) else self.keys


@dataclass(frozen=True, slots=True)
class Partition:
    """A partition of a partitioned table (or of a sub-partitioned partition). Its
    columns, constraints and indexes are the parent's: compared there, never twice."""

    schema: str
    name: str
    bound: str  # pg_get_expr(relpartbound): "FOR VALUES FROM (1) TO (10)", "DEFAULT"
    partition_key: str | None = None  # pg_get_partkeydef when itself partitioned
    partitions: tuple[Partition, ...] = ()
    estimated_rows: int = 0
    # pg_get_partition_constraintdef: the condition every row of it meets (None for a
    # default partition with no sibling); guards check rows against it
    bound_check: str | None = None

    @property
    def qualified(self) -> tuple[str, str]:
        return (self.schema, self.name)


@dataclass(frozen=True, slots=True)
class Table:
    schema: str
    name: str
    columns: tuple[Column, ...] = ()
    constraints: tuple[Constraint, ...] = ()
    indexes: tuple[Index, ...] = ()
    comment: str | None = None
    estimated_rows: int = 0
    partition_key: str | None = None  # pg_get_partkeydef: "RANGE (created_at)"
    partitions: tuple[Partition, ...] = ()
    inherits: tuple[tuple[str, str], ...] = ()  # INHERITS parents (schema, name), in order

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)

    def constraint(self, name: str) -> Constraint | None:
        return next((c for c in self.constraints if c.name == name), None)

    def index(self, name: str) -> Index | None:
        return next((i for i in self.indexes if i.name == name), None)

    @property
    def qualified(self) -> tuple[str, str]:
        return (self.schema, self.name)


class ObjectKind(enum.StrEnum):
    """Objects other than tables, in the order a plan creates them."""

    EXTENSION = "extension"
    ENUM = "enum"
    DOMAIN = "domain"
    SEQUENCE = "sequence"
    FUNCTION = "function"
    VIEW = "view"
    TRIGGER = "trigger"
    ROW_SECURITY = "row_security"  # ENABLE [and FORCE] ROW LEVEL SECURITY of a table
    POLICY = "policy"


@dataclass(frozen=True, slots=True)
class DbObject:
    """A schema object compared by the server's own normalised definition."""

    kind: ObjectKind
    schema: str
    name: str  # a function's name carries its identity arguments: f(integer, text)
    definition: str  # pg_get_functiondef / pg_get_viewdef / pg_get_triggerdef / ...
    table: str | None = None  # a trigger's, policy's or row_security's table
    detail: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.kind.value, self.schema, self.table or "", self.name)

    @property
    def version_pinned(self) -> bool:
        """Whether the target names this extension's version: read from a source, it
        is at another version than the one its server installs by default (a source
        that names no version gets that one, and drift then compares no version); from
        a snapshot without that default, the snapshot's version stands."""
        d = self.detail
        return (self.kind is ObjectKind.EXTENSION and "version" in d
                and d.get("default_version", None) != d["version"])


@dataclass(frozen=True)
class Acl:
    """Who owns a table, view, sequence, function or schema, and who else may use it."""

    kind: str  # table | view | materialized view | sequence | function | schema
    schema: str
    name: str  # a function's carries its identity arguments, as DbObject's
    owner: str
    grants: frozenset[tuple[str, str, bool]]  # (grantee or PUBLIC, privilege, grantable)
    linked: bool = False  # a sequence a column owns: it follows its table's owner

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.kind, self.schema, self.name)


@dataclass(frozen=True)
class Privileges:
    """Owners and grants, read only when drift.toml asks (`compare_privileges`)."""

    reader: str  # the role that read them (on a scratch server: that created the target)
    roles: frozenset[str]  # every role of the server
    objects: dict[tuple[str, str, str], Acl] = field(default_factory=dict)


# A node of the dependency graph: (kind, schema, table, name), keyed like DbObject.key;
# kinds: table, column, view, index, sequence, function, trigger, constraint, enum, domain.
Node = tuple[str, str, str, str]


class Depends(Sequence[tuple[Node, Node]]):
    """`Catalog.depends` as read: (dependent, referenced) pairs, each once, sorted, kept
    compactly: every node once, in order, and each pair as one number in an array of 8
    bytes a pair (the dependent's place in the nodes × their count + the referenced
    one's). With 10,000 tables that is 250,000 pairs over 160,000 nodes: a tuple of
    pairs held 38 MB, and 95 MB while it was sorted."""

    __slots__ = ("_codes", "_nodes")

    def __init__(self, nodes: Sequence[Node], codes: array[int]) -> None:
        self._nodes = tuple(nodes)
        self._codes = codes

    @classmethod
    def of(cls, pairs: Iterable[tuple[Node, Node]]) -> Depends:
        """The pairs, each once, sorted by node; `pairs` is read once, one at a time
        (rows as they arrive), and each node kept once."""
        seen: dict[Node, int] = {}  # node -> its place in the order first seen
        first = array("Q")  # each pair as (place of dependent) << 32 | place of referenced
        for a, b in pairs:
            first.append(seen.setdefault(a, len(seen)) << 32 | seen.setdefault(b, len(seen)))
        arrival = list(seen)
        del seen
        order = sorted(range(len(arrival)), key=arrival.__getitem__)
        rank = array("Q", bytes(8 * len(order)))  # place first seen -> place in order
        for place, i in enumerate(order):
            rank[i] = place
        nodes = [arrival[i] for i in order]
        del arrival, order
        width = len(nodes)
        codes = sorted(rank[c >> 32] * width + rank[c & 0xFFFFFFFF] for c in first)
        del first
        return cls(nodes, array("Q", (code for code, _ in groupby(codes))))

    def __len__(self) -> int:
        return len(self._codes)

    def _pair(self, code: int) -> tuple[Node, Node]:
        a, b = divmod(code, len(self._nodes))
        return (self._nodes[a], self._nodes[b])

    @overload
    def __getitem__(self, index: int) -> tuple[Node, Node]: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[tuple[Node, Node], ...]: ...
    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return tuple(map(self._pair, self._codes[index]))
        return self._pair(self._codes[index])

    def __iter__(self) -> Iterator[tuple[Node, Node]]:
        return map(self._pair, self._codes)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Depends | tuple):
            return tuple(self) == tuple(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Depends({len(self)} pairs over {len(self._nodes)} nodes)"


class DependsNotRead(Sequence[tuple[Node, Node]]):
    """`Catalog.depends` of a read that skipped pg_depend (`read_catalog(depends=False)`:
    a check that builds no plan). Any use raises, so that a plan can never be ordered
    on pairs that were not read."""

    __slots__ = ()

    def _refuse(self) -> Any:
        raise RuntimeError("pg_depend was not read for this catalog (read_catalog "
                           "depends=False); a plan needs it")

    def __len__(self) -> int:
        return int(self._refuse())

    @overload
    def __getitem__(self, index: int) -> tuple[Node, Node]: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[tuple[Node, Node], ...]: ...
    def __getitem__(self, index: int | slice) -> Any:
        return self._refuse()

    def __iter__(self) -> Iterator[tuple[Node, Node]]:
        return iter(self._refuse())

    def __repr__(self) -> str:
        return "DependsNotRead()"


DEPENDS_NOT_READ = DependsNotRead()


@dataclass(frozen=True, slots=True)
class Catalog:
    """Everything drift compares: tables keyed by (schema, table), other objects by key."""

    tables: dict[tuple[str, str], Table] = field(default_factory=dict)
    schemas: tuple[str, ...] = ()
    server_version: str = ""
    objects: dict[tuple[str, str, str, str], DbObject] = field(default_factory=dict)
    # Relations a live read could not deparse (another session holds a lock on them):
    # ("table" | "view", schema, name) -> why. Their definitions above are incomplete.
    unread: dict[tuple[str, str, str], str] = field(default_factory=dict)
    # (dependent, referenced) pairs from pg_depend, for ordering DDL only: not
    # compared, not in a snapshot (a snapshot-sourced plan keeps its phase order)
    # (a tuple, or the Depends the reader makes: the same pairs, compactly; or
    # DEPENDS_NOT_READ, which refuses any use, when the read skipped them)
    depends: Sequence[tuple[Node, Node]] = field(default=(), compare=False)
    # Live only: every schema on the server within the command line's --schema (read or
    # not) -> the relations it holds, so a schema the target lacks can be reported
    present_schemas: dict[str, int] = field(default_factory=dict, compare=False)
    # Owners and grants (Privileges), when drift.toml compares them; None: not read
    privileges: Privileges | None = field(default=None, compare=False)

    def table(self, schema: str, name: str) -> Table | None:
        return self.tables.get((schema, name))

    @property
    def major(self) -> int | None:
        """The server's major version (13 for '13.16 (Debian ...)'); None when unknown.
        DDL that only newer majors accept is written for it (`plan.ddl.create_ddl`)."""
        head = self.server_version.strip().split(".", 1)[0].split(" ", 1)[0]
        return int(head) if head.isdigit() else None

    # -- snapshot form ---------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """Canonical JSON form: stable key order, tables sorted by qualified name."""
        return {
            "format": "drift-snapshot",
            "format_version": 1,
            "server_version": self.server_version,
            "schemas": list(self.schemas),
            "tables": [_table_to_dict(self.tables[k]) for k in sorted(self.tables)],
            "objects": [{"kind": o.kind.value, "schema": o.schema, "name": o.name,
                         "table": o.table, "definition": o.definition, "detail": o.detail}
                        for _, o in sorted(self.objects.items())],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Catalog:
        """The catalog of a snapshot's JSON form; `data["tables"]` is emptied on the
        way, so a large snapshot is never held twice (as dicts and as records)."""
        tables = {}
        rows: list[dict[str, Any]] = data["tables"]
        rows.reverse()
        while rows:
            table = table_from_dict(rows.pop())
            tables[table.qualified] = table
        return cls.from_shell(data, tables)

    @classmethod
    def from_shell(cls, shell: dict[str, Any], tables: dict[tuple[str, str], Table]) -> Catalog:
        """The catalog of a snapshot's JSON form whose tables are already records
        (`table_from_dict`, as a snapshot is read a table at a time): the rest is read
        from `shell`, whose "tables" is not."""
        objects = {}
        for o in shell.get("objects", []):
            obj = DbObject(kind=ObjectKind(o["kind"]), schema=shared(o["schema"]),
                           name=o["name"], definition=o["definition"],
                           table=shared(o.get("table")), detail=o.get("detail", {}))
            objects[obj.key] = obj
        return cls(tables=tables, schemas=tuple(map(shared, shell["schemas"])),
                   server_version=shell.get("server_version", ""), objects=objects)


# -- one copy of each repeated value -----------------------------------------------------
# Thousands of tables repeat the same schema and column names, types, defaults, key
# definitions, column lists and whole columns: each is kept once (strings with
# sys.intern, which lets them go when unused; tuples and columns in bounded caches), in
# both catalogs of a comparison, which then share every definition they agree on. At
# 10,000 tables that is most of the strings and columns a catalog holds.
_intern = sys.intern


@overload
def shared(text: str) -> str: ...
@overload
def shared(text: str | None) -> str | None: ...
def shared(text: str | None) -> str | None:
    """`text` as the one copy of it (sys.intern); None stays None."""
    return None if text is None else _intern(text)


# Each distinct tuple once, up to this many (a bounded cache: a long-lived process
# that reads many catalogs keeps at most these).
_KEPT = 1 << 14
_tuples: dict[tuple[Any, ...], tuple[Any, ...]] = {}


def shared_names(items: Sequence[str]) -> tuple[str, ...]:
    """A tuple of names (a key's columns, ...): each name and the tuple itself shared."""
    names = tuple(items)
    kept = _tuples.get(names)
    if kept is not None:
        return kept
    try:
        names = tuple(map(_intern, names))
    except TypeError:  # not all str (a NULL among them): each kept as it is
        pass
    return shared_tuple(names)


_columns: dict[tuple[Any, ...], Column] = {}


def make_column(name: str, type: str, nullable: bool, default: str | None = None,
                identity: str | None = None, generated: str | None = None,
                comment: str | None = None, collation: str | None = None,
                inherited: bool = False) -> Column:
    """Column(...), or the equal one made before (it is frozen): most tables repeat a
    few columns (`id bigint NOT NULL`, ...), each then held once, its texts shared.
    Bounded as the tuples are."""
    key = (name, type, nullable, default, identity, generated, comment, collation, inherited)
    kept = _columns.get(key)
    if kept is None:
        kept = Column(_intern(name), _intern(type), nullable, shared(default),
                      shared(identity), shared(generated), comment, shared(collation),
                      inherited)
        if len(_columns) < _KEPT:
            _columns[key] = kept
    return kept


def shared_tuple(items: Iterable[Any]) -> tuple[Any, ...]:
    """A tuple of hashable values (bool flags, ...), shared with its equals."""
    values = tuple(items)
    kept = _tuples.get(values)
    if kept is not None:
        return kept
    if values and len(_tuples) < _KEPT:
        _tuples[values] = values
    return values


def _fields(obj: Any) -> dict[str, Any]:
    """A dataclass's fields as a dict, one level deep: what `dataclasses.asdict` gives
    for these records (their values are str, bool, int, None and tuples of those),
    without its deep copy, which took most of a 10,000-table snapshot's time."""
    return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}


def table_to_dict(t: Table) -> dict[str, Any]:
    """One table of a snapshot's JSON form."""
    return _table_to_dict(t)


def _table_to_dict(t: Table) -> dict[str, Any]:
    d = _fields(t)
    d["columns"] = [_fields(c) for c in t.columns]
    d["constraints"] = sorted((_fields(c) for c in t.constraints), key=lambda c: c["name"])
    d["indexes"] = sorted((_fields(i) for i in t.indexes), key=lambda i: i["name"])
    for c in d["constraints"]:
        c["kind"] = str(c["kind"])
        del c["check_settled"]  # learnt in a scratch database; a live snapshot cannot know it
    # partitioning and inheritance only where used: a snapshot (and the hash a plan
    # records) of a catalog without them reads as it did before drift compared them
    d["partitions"] = [_partition_to_dict(p) for p in t.partitions]
    d["inherits"] = [list(p) for p in t.inherits]
    for key in ("partition_key", "partitions", "inherits"):
        if not d[key]:
            del d[key]
    for item in (*d["columns"], *d["constraints"]):
        if not item["inherited"]:
            del item["inherited"]
    return d


def _partition_to_dict(p: Partition) -> dict[str, Any]:
    d = _fields(p)
    d["partitions"] = [_partition_to_dict(sub) for sub in p.partitions]
    return d


def _partition_from_dict(d: dict[str, Any]) -> Partition:
    d["schema"] = shared(d["schema"])
    d["partitions"] = tuple(_partition_from_dict(p) for p in d.get("partitions", ()))
    return Partition(**d)


def table_from_dict(t: dict[str, Any]) -> Table:
    """One table of a snapshot's JSON form (whose dicts it takes apart)."""
    return Table(
        schema=shared(t["schema"]), name=shared(t["name"]), comment=t.get("comment"),
        estimated_rows=t.get("estimated_rows", 0),
        columns=tuple(make_column(**c) for c in t["columns"]),
        constraints=tuple(_constraint_from_dict(c) for c in t["constraints"]),
        indexes=tuple(_index_from_dict(i) for i in t["indexes"]),
        partition_key=t.get("partition_key"),
        partitions=tuple(_partition_from_dict(p) for p in t.get("partitions", ())),
        inherits=tuple((shared(s), shared(n)) for s, n in t.get("inherits", ())),
    )


# The fields kept once (see `shared`) are names and the texts that repeat from table to
# table, and the definitions: an index's names the index and its table, so it repeats
# only in the other catalog of a comparison, which then shares it. The snapshot's dicts
# are taken apart in place, field by field: this runs for every column, constraint and
# index of a snapshot.


def _constraint_from_dict(d: dict[str, Any]) -> Constraint:
    d["kind"] = ConstraintKind(d["kind"])
    d["name"] = _intern(d["name"])
    d["definition"] = _intern(d["definition"])
    for key in ("ref_schema", "ref_table", "on_update", "on_delete", "match", "check_expr"):
        value = d.get(key)
        if value is not None:
            d[key] = _intern(value)
    d["columns"] = shared_names(d["columns"])
    for key in ("ref_columns", "include", "delete_set_columns"):
        value = d.get(key)
        d[key] = shared_names(value) if value else ()
    return Constraint(**d)


def _index_from_dict(d: dict[str, Any]) -> Index:
    d["name"] = _intern(d["name"])
    d["method"] = _intern(d["method"])
    d["definition"] = _intern(d.get("definition", ""))
    for key in ("predicate", "constraint"):
        value = d.get(key)
        if value is not None:
            d[key] = _intern(value)
    d["keys"] = shared_names(d["keys"])
    d["key_options"] = shared_names(d["key_options"])
    d["include"] = shared_names(d["include"]) if d["include"] else ()
    d["key_is_expression"] = shared_tuple(d["key_is_expression"])
    return Index(**d)
