"""Partitioned tables and INHERITS: keys, partitions, bounds, parents.

Partitions are not tables of the catalog: each hangs under its parent
(`Table.partitions`), so its columns, constraints and indexes (the parent's) are
compared once, on the parent. Columns and CHECKs an INHERITS child has from its
parents are compared on the parents too (`strip_inherited`): a change there reaches
the child, and drift never plans it on the child (PostgreSQL refuses to drop an
inherited column, and dropping the parent's takes the child's along).

`adjust` then rewrites what the other modules planned for a partitioned table in the
way PostgreSQL allows it: a new table `PARTITION BY` / `INHERITS` with its partitions,
an index built `ON ONLY` the parent, CONCURRENTLY on each partition and attached, a
key added `ONLY` to the parent with each partition's key attached, an index dropped
without CONCURRENTLY.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from drift.checks import CheckViolations
from drift.diff.columns import _server_major
from drift.diff.context import Context, Pair
from drift.findings import Code, Finding
from drift.model import ConstraintKind, Partition, Table
from drift.plan.ops import (
    AddColumn,
    AddConstraint,
    AddConstraintUsingIndex,
    CreateIndex,
    CreateTable,
    DropIndex,
    DropTable,
    Guard,
    Operation,
    Phase,
    ValidateConstraint,
)
from drift.plan.partitions import (
    AddKeyOnly,
    AttachIndex,
    AttachPartition,
    CreateParentIndex,
    CreateParentTable,
    CreatePartition,
    DetachPartition,
    DropParentIndex,
    SetInherit,
    key_definition,
    partition_index_name,
    partition_is,
)
from drift.spec import Priority
from drift.sqltext import ident

Key = tuple[str, str]


def _own(table: Table, columns: frozenset[str] = frozenset(),
         checks: frozenset[str] = frozenset()) -> Table:
    """The table without what it inherits from INHERITS parents (and without the
    `columns` and `checks` it is to inherit)."""
    return replace(table, columns=tuple(c for c in table.columns
                                        if not c.inherited and c.name not in columns),
                   constraints=tuple(c for c in table.constraints
                                     if not c.inherited and c.name not in checks))


def strip_inherited(ctx: Context) -> None:
    """Before columns are matched: an INHERITS child's inherited columns and CHECKs
    leave the comparison: the target's always; the live ones (and those the live child
    has of its own that the target's inherits: INHERIT adopts them) when the target
    child inherits too, else they are the child's own once it stops inheriting."""
    for key, pair in list(ctx.pairs.items()):
        expected = _own(pair.expected)
        live = pair.live
        if pair.expected.inherits:
            live = _own(pair.live,
                        frozenset(c.name for c in pair.expected.columns if c.inherited),
                        frozenset(c.name for c in pair.expected.constraints if c.inherited))
        if expected != pair.expected or live != pair.live:
            ctx.pairs[key] = replace(pair, expected=expected, live=live)


def _every(parts: tuple[Partition, ...], parent: Key) -> dict[Key, tuple[Key, Partition]]:
    out: dict[Key, tuple[Key, Partition]] = {}
    for p in parts:
        out[p.qualified] = (parent, p)
        out |= _every(p.partitions, p.qualified)
    return out


def partitions_of(tables: dict[Key, Table]) -> dict[Key, tuple[Key, Partition]]:
    """Every partition of a catalog, at any depth: (parent, partition)."""
    out: dict[Key, tuple[Key, Partition]] = {}
    for key, table in tables.items():
        out |= _every(table.partitions, key)
    return out


def compare_partitions(ctx: Context) -> None:
    """Partition keys and trees of matched tables, and INHERITS parents."""
    live_standalone = {pair.live.qualified for pair in ctx.pairs.values()}
    for pair in ctx.pairs.values():
        if pair.expected.partition_key != pair.live.partition_key:
            _key_mismatch(ctx, pair, pair.expected.name, pair.expected.partition_key,
                          pair.live.partition_key)
        elif pair.expected.partition_key:
            _compare_tree(ctx, pair, (pair.expected.schema, pair.live.name),
                          pair.expected.partitions, pair.live.partitions, live_standalone)
        if pair.expected.inherits or pair.live.inherits:
            _compare_inherits(ctx, pair)


def _key_mismatch(ctx: Context, pair: Pair, name: str, expected: str | None,
                  live: str | None) -> None:
    schema, table = pair.expected.schema, pair.expected.name
    what = ("should be partitioned by " + expected if expected and not live else
            "should not be partitioned (live: " + str(live) + ")" if live and not expected
            else f"is partitioned by {live}, target {expected}")
    ctx.add(Finding(
        code=Code.PARTITION_KEY_MISMATCH, priority=ctx.priority(schema, table, name),
        schema=schema, table=table, object=name,
        message=f"table {schema}.{name} {what}; PostgreSQL cannot change it in place: "
                "create the new table, move the rows, swap (by hand)",
        evidence={"expected": expected, "live": live}))


def _bound_text(bound: str) -> str:
    return bound or "(unread)"


def _compare_tree(ctx: Context, pair: Pair, parent: Key, expected: tuple[Partition, ...],
                  live: tuple[Partition, ...], standalone: set[Key]) -> None:
    schema, table = pair.expected.schema, pair.expected.name
    live_by = {p.qualified: p for p in live}
    expected_by = {p.qualified: p for p in expected}
    for key, part in expected_by.items():
        have = live_by.get(key)
        if have is None:
            _missing_partition(ctx, pair, parent, part, live, standalone)
            continue
        if have.bound and have.bound != part.bound:
            reason = f"{Code.PARTITION_BOUND_MISMATCH} {part.name}"
            at: dict[str, Any] = dict(phase=Phase.SWITCH, schema=part.schema, table=part.name,
                                      parent_schema=parent[0], parent=parent[1],
                                      reason=reason)
            ctx.add(Finding(
                code=Code.PARTITION_BOUND_MISMATCH,
                priority=ctx.priority(schema, table, part.name),
                schema=schema, table=table, object=part.name,
                message=f"partition {part.schema}.{part.name} of {parent[1]} is "
                        f"{have.bound}, target {part.bound}: detached and attached again "
                        "(the attach checks every row fits)",
                evidence={"expected": part.bound, "live": have.bound},
                operations=(*bound_guards(part, live, Phase.SWITCH, reason, own_rows=True),
                            DetachPartition(bound=have.bound, **at, unless=partition_is(
                                parent[0], parent[1], part.schema, part.name, part.bound)),
                            AttachPartition(bound=part.bound, **at))))
        if part.partition_key != have.partition_key:
            _key_mismatch(ctx, pair, part.name, part.partition_key, have.partition_key)
        elif part.partition_key:
            _compare_tree(ctx, pair, key, part.partitions, have.partitions, standalone)
    for key, part in live_by.items():
        if key not in expected_by:
            _unexpected_partition(ctx, pair, parent, part)


def bound_guards(part: Partition, siblings: tuple[Partition, ...], phase: Phase,
                 reason: str, *, own_rows: bool) -> list[Operation]:
    """Guards before `part` takes its bound: no row of a live default sibling belongs
    there (CREATE / ATTACH would fail), and with `own_rows` (an attach) every row of
    its own fits. Each is a CHECK of the bound's condition, in the preflight too."""
    if not part.bound_check:
        return []
    ops: list[Operation] = []
    at: dict[str, Any] = dict(phase=phase, reason=reason)
    for other in siblings:
        if other.bound == "DEFAULT" and other.qualified != part.qualified:
            ops.append(Guard(schema=other.schema, table=other.name, **at, check=CheckViolations(
                schema=other.schema, table=other.name, expression=f"NOT {part.bound_check}",
                constraint=f"partition {part.name}")))
    if own_rows:
        ops.append(Guard(schema=part.schema, table=part.name, **at, check=CheckViolations(
            schema=part.schema, table=part.name, expression=part.bound_check,
            constraint=f"partition {part.name}")))
    return ops


def create_partition_ops(parent: Key, part: Partition, at: dict[str, Any]
                         ) -> list[Operation]:
    """CREATE TABLE ... PARTITION OF for `part` and, below it, its own partitions."""
    ops: list[Operation] = [CreatePartition(schema=part.schema, table=part.name,
                                            parent_schema=parent[0], parent=parent[1],
                                            bound=part.bound, partition_by=part.partition_key,
                                            **at)]
    for sub in part.partitions:
        ops += create_partition_ops(part.qualified, sub, at)
    return ops


def _missing_partition(ctx: Context, pair: Pair, parent: Key, part: Partition,
                       siblings: tuple[Partition, ...], standalone: set[Key]) -> None:
    schema, table = pair.expected.schema, pair.expected.name
    reason = f"{Code.MISSING_PARTITION} {part.name}"
    attach = part.qualified in ctx.live.tables and part.qualified not in standalone
    if attach:  # a live table of that name, not in the target as a table: attach it
        ops: list[Operation] = [*bound_guards(part, siblings, Phase.SWITCH, reason,
                                              own_rows=True), AttachPartition(
            phase=Phase.SWITCH, schema=part.schema, table=part.name, parent_schema=parent[0],
            parent=parent[1], bound=part.bound, reason=reason)]
        how = "the live table of that name is attached (the attach checks every row fits)"
    else:
        ops = [*bound_guards(part, siblings, Phase.EXPAND, reason, own_rows=False),
               *create_partition_ops(parent, part, dict(phase=Phase.EXPAND, reason=reason))]
        how = "created PARTITION OF it"
    ctx.add(Finding(
        code=Code.MISSING_PARTITION, priority=ctx.priority(schema, table, part.name),
        schema=schema, table=table, object=part.name,
        message=f"partition {part.schema}.{part.name} of {parent[1]} ({part.bound}) is "
                f"missing: {how}",
        evidence={"bound": part.bound, "partition_by": part.partition_key, "attach": attach,
                  "partition": list(part.qualified)},
        operations=tuple(ops)))


def _unexpected_partition(ctx: Context, pair: Pair, parent: Key, part: Partition) -> None:
    schema, table = pair.expected.schema, pair.expected.name
    reason = f"{Code.UNEXPECTED_PARTITION} {part.name}"
    becomes_table = part.qualified in ctx.expected.tables
    approved = ctx.spec.drop_approved(*part.qualified)
    ops: tuple[Operation, ...] = ()
    if becomes_table:  # the target has it as a table of its own: detach, keep the rows
        ops = (DetachPartition(phase=Phase.SWITCH, schema=part.schema, table=part.name,
                               parent_schema=parent[0], parent=parent[1], bound=part.bound,
                               reason=reason),)
        how = "the target has it as a table of its own: it is detached, rows kept"
    elif approved:
        ops = (DropTable(phase=Phase.CLEANUP, schema=part.schema, table=part.name,
                         reason=reason),)
        how = "drift.toml approves the drop: DROP TABLE deletes its rows"
    else:
        how = "it is kept (with its rows) until drift.toml approves the drop"
    ctx.add(Finding(
        code=Code.UNEXPECTED_PARTITION,
        priority=ctx.priority(schema, table, part.name, Priority.SHOULD),
        schema=schema, table=table, object=part.name,
        message=f"partition {part.schema}.{part.name} of {parent[1]} ({part.bound}) is not "
                f"in the target; {how}",
        evidence={"bound": part.bound, "estimated_rows": part.estimated_rows,
                  "drop_approved": approved, "detach": becomes_table,
                  "partition": list(part.qualified)},
        operations=ops))


def _compare_inherits(ctx: Context, pair: Pair) -> None:
    schema, table = pair.expected.schema, pair.expected.name
    live_parents = [(s, ctx.expected_table(s, n)) for s, n in pair.live.inherits]
    if live_parents == list(pair.expected.inherits):
        return
    reason = f"{Code.INHERITANCE_MISMATCH} {table}"
    at: dict[str, Any] = dict(phase=Phase.EXPAND, schema=schema, table=pair.live.name,
                              reason=reason)
    ops: list[Operation] = []
    full = ctx.expected.tables.get(pair.expected.qualified)
    live_full = ctx.live.tables.get(pair.live.qualified)
    live_columns = {c.name for c in (live_full.columns if live_full else ())}
    live_checks = {c.name for c in (live_full.constraints if live_full else ())}
    for s, n in pair.expected.inherits:
        if (s, n) in live_parents:
            continue
        # INHERIT needs the child to have the parent's columns and CHECKs already
        for col in (full.columns if full else ()):
            if col.inherited and col.name not in live_columns:
                ops.append(AddColumn(column=replace(col, inherited=False), **at))
        for con in (full.constraints if full else ()):
            if con.inherited and con.kind is ConstraintKind.CHECK \
                    and con.name not in live_checks:
                ops.append(AddConstraint(name=con.name, definition=con.definition, **at))
        ops.append(SetInherit(parent_schema=s, parent=ctx.live_table(s, n), **at))
    for (s, n), (_, live_name) in zip(live_parents, pair.live.inherits, strict=True):
        if (s, n) not in pair.expected.inherits:
            ops.append(SetInherit(parent_schema=s, parent=live_name, inherit=False, **at))
    names = ", ".join(f"{s}.{n}" for s, n in pair.expected.inherits) or "nothing"
    have = ", ".join(f"{s}.{n}" for s, n in pair.live.inherits) or "nothing"
    ctx.add(Finding(
        code=Code.INHERITANCE_MISMATCH, priority=ctx.priority(schema, table),
        schema=schema, table=table,
        message=f"table {schema}.{table} inherits {have}; the target inherits {names}",
        evidence={"expected": [list(p) for p in pair.expected.inherits],
                  "live": [list(p) for p in pair.live.inherits]},
        operations=tuple(ops)))


# -- what the other modules planned, made possible on partitioned tables -----------

def _merged(live: tuple[Partition, ...], target: tuple[Partition, ...]
            ) -> tuple[Partition, ...]:
    """The partitions there will be when the expand phase has run: the live ones and
    the target's missing ones (created in expand, before any index)."""
    out = []
    target_by = {p.qualified: p for p in target}
    for p in live:
        t = target_by.get(p.qualified)
        out.append(replace(p, partitions=_merged(p.partitions, t.partitions if t else ())))
    have = {p.qualified for p in live}
    out += [p for p in target if p.qualified not in have]
    return tuple(out)


class _Adjuster:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.new_tables = {key for key in ctx.expected.tables if key not in ctx.pairs}
        self.by_live = {pair.live.qualified: pair for pair in ctx.pairs.values()}
        self.old_server = 0 < _server_major(ctx.live) < 18
        self.validated: set[tuple[str, str, str]] = set()

    def partitioned(self, schema: str, table: str) -> tuple[Key, tuple[Partition, ...]] | None:
        """A partitioned table an operation names (live name, or expected name in the
        cleanup phase): its live key and the partitions it will have."""
        pair = self.by_live.get((schema, table)) or self.ctx.pairs.get((schema, table))
        if pair is None or not pair.live.partition_key:
            return None
        return pair.live.qualified, _merged(pair.live.partitions, pair.expected.partitions)

    def index_ops(self, op: CreateIndex, parent: Key, parts: tuple[Partition, ...],
                  ) -> list[Operation]:
        """ON ONLY the parent, CONCURRENTLY on each partition, each attached."""
        at: dict[str, Any] = dict(phase=op.phase, reason=op.reason, unless=op.unless)
        out: list[Operation] = [CreateParentIndex(schema=parent[0], table=parent[1],
                                                  index=op.index, columns=op.columns, **at)]
        out += self._below(op, parent[0], op.index.name, parts, at)
        return out

    def _below(self, op: CreateIndex, parent_schema: str, parent_index: str,
               parts: tuple[Partition, ...], at: dict[str, Any]) -> list[Operation]:
        out: list[Operation] = []
        for part in parts:
            name = partition_index_name(part.name, op.index)
            index = replace(op.index, name=name)
            if part.partition_key:
                out.append(CreateParentIndex(schema=part.schema, table=part.name, index=index,
                                             columns=op.columns, **at))
                out += self._below(op, part.schema, name, part.partitions, at)
            else:
                out.append(CreateIndex(schema=part.schema, table=part.name, index=index,
                                       columns=op.columns, **at))
            if part.qualified in self.ctx.live.tables:
                continue  # a table the switch attaches: ATTACH PARTITION takes its index
            out.append(AttachIndex(schema=part.schema, table=part.name,
                                   parent_schema=parent_schema, parent_index=parent_index,
                                   index_schema=part.schema, index=name, **at))
        return out

    def key_ops(self, build: CreateIndex, key: AddConstraintUsingIndex, parent: Key,
                parts: tuple[Partition, ...]) -> tuple[list[Operation], list[Operation]]:
        """A unique or primary key: each partition's unique index built CONCURRENTLY
        (where the parent's was), then in the key's phase the key added ONLY to the
        parent, each partition's made `USING INDEX` and attached."""
        kind = "primary_key" if key.primary_key else "unique"
        definition = key_definition(build.index, build.columns, primary=key.primary_key,
                                    deferrable=key.deferrable)
        builds: list[Operation] = []
        at: dict[str, Any] = dict(phase=key.phase, reason=key.reason, unless=key.unless)
        keys: list[Operation] = [AddKeyOnly(schema=parent[0], table=parent[1], name=key.name,
                                            definition=definition, **at)]

        def walk(schema: str, parent_index: str, below: tuple[Partition, ...]) -> None:
            for part in below:
                name = partition_index_name(part.name, build.index, kind)
                if part.partition_key:
                    keys.append(AddKeyOnly(schema=part.schema, table=part.name, name=name,
                                           definition=definition, **at))
                    walk(part.schema, name, part.partitions)
                else:
                    builds.append(replace(build, schema=part.schema, table=part.name,
                                          index=replace(build.index, name=name)))
                    keys.append(AddConstraintUsingIndex(
                        schema=part.schema, table=part.name, name=name, index=name,
                        primary_key=key.primary_key, deferrable=key.deferrable, **at))
                if part.qualified in self.ctx.live.tables:
                    continue  # attached by the switch, with its key
                keys.append(AttachIndex(schema=part.schema, table=part.name,
                                        parent_schema=schema, parent_index=parent_index,
                                        index_schema=part.schema, index=name, **at))

        walk(parent[0], key.name, parts)
        return builds, keys

    def resumable(self, finding: Finding, op: DropIndex) -> bool:
        """An INVALID index of a partitioned table with the target's definition is one
        whose partitions are not all attached yet (an interrupted ON ONLY build): it is
        completed, not dropped and built again."""
        pair = self.by_live.get((op.schema, op.table))
        if finding.code != Code.INVALID_INDEX or pair is None:
            return False
        have, want = pair.live.index(op.name), pair.expected.index(op.name)
        return have is not None and want is not None and have.definition == want.definition \
            and any(isinstance(o, CreateIndex) and o.index.name == op.name
                    for o in finding.operations)

    def finding(self, finding: Finding) -> Finding:
        ops = list(finding.operations)
        if finding.code == Code.MISSING_TABLE:
            ops = self.new_table(finding, ops)
        out: list[Operation] = []
        keyed = {op.index: op for op in ops if isinstance(op, AddConstraintUsingIndex)}
        deferred: dict[int, list[Operation]] = {}
        for op in ops:
            target = self.partitioned(op.schema, op.table)
            if isinstance(op, CreateIndex) and (op.schema, op.table) in self.new_tables \
                    and self.ctx.expected.tables[(op.schema, op.table)].partition_key:
                out.append(CreateParentIndex(schema=op.schema, table=op.table, index=op.index,
                                             columns=op.columns, only=False, phase=op.phase,
                                             reason=op.reason, unless=op.unless))
            elif target is None:
                if id(op) in deferred:
                    out += deferred[id(op)]
                else:
                    out.append(op)
            elif isinstance(op, CreateIndex) and op.index.name in keyed:
                key = keyed[op.index.name]
                builds, keys = self.key_ops(op, key, *target)
                out += builds
                deferred[id(key)] = keys
            elif isinstance(op, CreateIndex):
                out += self.index_ops(op, *target)
            elif isinstance(op, AddConstraint) and op.not_valid and self.old_server \
                    and op.definition.startswith("FOREIGN KEY"):
                # before 18 a partitioned table takes no NOT VALID foreign key: added
                # valid in the switch, after its guard (it scans each partition)
                out.append(replace(op, phase=Phase.SWITCH, not_valid=False))
                self.validated.add((op.schema, op.table, op.name))
            elif isinstance(op, ValidateConstraint) \
                    and (op.schema, op.table, op.name) in self.validated:
                continue
            elif isinstance(op, DropIndex) and self.resumable(finding, op):
                continue  # an interrupted build: its partitions are built and attached
            elif isinstance(op, DropIndex):
                out.append(DropParentIndex(phase=op.phase, schema=op.schema, table=op.table,
                                           name=op.name, restore=op.restore, reason=op.reason,
                                           unless=op.unless))
            elif id(op) in deferred:
                out += deferred[id(op)]
            else:
                out.append(op)
        if out == list(finding.operations):
            return finding
        if finding.code == Code.INVALID_INDEX and not any(
                isinstance(o, DropParentIndex) for o in out):
            finding = replace(finding, message=(
                f"index {finding.object} on {finding.table} is INVALID: built ON ONLY the "
                "partitioned table, not every partition's index is attached yet (an "
                "interrupted build); the plan builds and attaches the rest"))
        return replace(finding, operations=tuple(out))

    def new_table(self, finding: Finding, ops: list[Operation]) -> list[Operation]:
        """A new table PARTITION BY / INHERITS: its own columns and CHECKs only, then its
        partitions (before its indexes, which then reach them)."""
        key = (finding.schema, finding.table)
        table = self.ctx.expected.tables.get(key)
        if table is None or not (table.partition_key or table.inherits):
            return ops
        out: list[Operation] = []
        for op in ops:
            if type(op) is CreateTable:
                own = _own(table)
                out.append(CreateParentTable(
                    phase=op.phase, schema=op.schema, table=op.table, reason=op.reason,
                    columns=own.columns, partition_by=table.partition_key,
                    inherits=table.inherits,
                    constraints=tuple(f"CONSTRAINT {ident(c.name)} {c.definition}"
                                      for c in own.constraints
                                      if c.kind is not ConstraintKind.FOREIGN_KEY)))
                for part in table.partitions:
                    out += create_partition_ops(key, part, dict(phase=op.phase,
                                                                reason=op.reason))
            else:
                out.append(op)
        return out


def adjust(ctx: Context) -> None:
    """After every comparison: rewrite the steps planned for partitioned tables, new
    tables that are partitioned or inherit, and drop the table findings a partition
    finding stands for (a live table attached as a partition: not DR221; a partition
    detached to be the target's table: not DR101)."""
    adjuster = _Adjuster(ctx)
    moved = {(str(f.code), *f.evidence["partition"]) for f in ctx.findings
             if f.evidence.get("attach") or f.evidence.get("detach")}
    kept = []
    for finding in ctx.findings:
        if (Code.MISSING_PARTITION, finding.schema, finding.table) in moved \
                and finding.code == Code.UNEXPECTED_TABLE:
            continue
        if (Code.UNEXPECTED_PARTITION, finding.schema, finding.table) in moved \
                and finding.code == Code.MISSING_TABLE:
            continue
        kept.append(_reaches(ctx, adjuster.finding(finding)))
    ctx.findings[:] = kept


def _reaches(ctx: Context, finding: Finding) -> Finding:
    """A parent's column dropped takes its children's and partitions' along: the drop
    (and its approval) says so, and nothing is planned on them."""
    if finding.code != Code.UNEXPECTED_COLUMN:
        return finding
    pair = ctx.pairs.get((finding.schema, finding.table))
    if pair is None:
        return finding
    key = pair.live.qualified
    below = sorted(f"{s}.{n}" for (s, n), t in ctx.live.tables.items() if key in t.inherits)
    below += sorted(f"{s}.{n}" for s, n in _every(pair.live.partitions, key))
    if not below:
        return finding
    return replace(finding, message=f"{finding.message} (dropping it drops the column of "
                                    f"{', '.join(below)} too)",
                   evidence={**finding.evidence, "also_drops_in": below})
