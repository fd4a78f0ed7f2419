"""Partitioned tables and INHERITS: keys, partitions, bounds, parents.

Partitions are not tables of the catalog: each hangs under its parent
(`Table.partitions`), so its columns, constraints and indexes (the parent's) are
compared once, on the parent. Columns and CHECKs an INHERITS child has from its
parents are compared on the parents too (`strip_inherited`): a change there reaches
the child, and drift never plans it on the child (PostgreSQL refuses to drop an
inherited column, and dropping the parent's takes the child's along).

`adjust` then, with the table pairs the diff matched (declared renames included),
marks each index and constraint change on a partitioned table with the partitions
that table will have (`changes.Partitioned`): the planner's strategies build from that
what PostgreSQL allows there (an index `ON ONLY` the parent, CONCURRENTLY on each
partition and attached; a key added `ONLY` to the parent with each partition's
attached; an index dropped without CONCURRENTLY).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from drift import changes as ch
from drift.diff.context import Context, Pair
from drift.findings import Code, Finding
from drift.model import ConstraintKind, Partition, Table
from drift.spec import Priority

Key = tuple[str, str]


def _own(table: Table, columns: frozenset[str] = frozenset(),
         checks: frozenset[str] = frozenset()) -> Table:
    """The table without what it inherits from INHERITS parents (and without the
    `columns` and `checks` it is to inherit): the table itself when that is nothing."""
    if not (columns or checks or any(c.inherited for c in table.columns)
            or any(c.inherited for c in table.constraints)):
        return table
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
            ctx.add(Finding(
                code=Code.PARTITION_BOUND_MISMATCH,
                priority=ctx.priority(schema, table, part.name),
                schema=schema, table=table, object=part.name,
                message=f"partition {part.schema}.{part.name} of {parent[1]} is "
                        f"{have.bound}, target {part.bound}: detached and attached again "
                        "(the attach checks every row fits)",
                evidence={"expected": part.bound, "live": have.bound},
                changes=(ch.MovePartitionBound(
                    schema=part.schema, table=part.name, reason=reason,
                    parent_schema=parent[0], parent=parent[1], partition=part,
                    live_bound=have.bound, siblings=live),)))
        if part.partition_key != have.partition_key:
            _key_mismatch(ctx, pair, part.name, part.partition_key, have.partition_key)
        elif part.partition_key:
            _compare_tree(ctx, pair, key, part.partitions, have.partitions, standalone)
    for key, part in live_by.items():
        if key not in expected_by:
            _unexpected_partition(ctx, pair, parent, part)


def _missing_partition(ctx: Context, pair: Pair, parent: Key, part: Partition,
                       siblings: tuple[Partition, ...], standalone: set[Key]) -> None:
    schema, table = pair.expected.schema, pair.expected.name
    reason = f"{Code.MISSING_PARTITION} {part.name}"
    attach = part.qualified in ctx.live.tables and part.qualified not in standalone
    at = dict(schema=part.schema, table=part.name, reason=reason, parent_schema=parent[0],
              parent=parent[1], partition=part, siblings=siblings)
    change: ch.Change
    if attach:  # a live table of that name, not in the target as a table: attach it
        change = ch.AttachPartition(**at)  # type: ignore[arg-type]
        how = "the live table of that name is attached (the attach checks every row fits)"
    else:
        change = ch.CreatePartition(**at)  # type: ignore[arg-type]
        how = "created PARTITION OF it"
    ctx.add(Finding(
        code=Code.MISSING_PARTITION, priority=ctx.priority(schema, table, part.name),
        schema=schema, table=table, object=part.name,
        message=f"partition {part.schema}.{part.name} of {parent[1]} ({part.bound}) is "
                f"missing: {how}",
        evidence={"bound": part.bound, "partition_by": part.partition_key, "attach": attach,
                  "partition": list(part.qualified)},
        changes=(change,)))


def _unexpected_partition(ctx: Context, pair: Pair, parent: Key, part: Partition) -> None:
    schema, table = pair.expected.schema, pair.expected.name
    reason = f"{Code.UNEXPECTED_PARTITION} {part.name}"
    becomes_table = part.qualified in ctx.expected.tables
    approved = ctx.spec.drop_approved(*part.qualified)
    changes: tuple[ch.Change, ...] = ()
    if becomes_table:  # the target has it as a table of its own: detach, keep the rows
        changes = (ch.DetachPartition(schema=part.schema, table=part.name, reason=reason,
                                      parent_schema=parent[0], parent=parent[1],
                                      bound=part.bound),)
        how = "the target has it as a table of its own: it is detached, rows kept"
    elif approved:
        changes = (ch.DropPartition(schema=part.schema, table=part.name, reason=reason),)
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
        changes=changes))


def _compare_inherits(ctx: Context, pair: Pair) -> None:
    schema, table = pair.expected.schema, pair.expected.name
    live_parents = [(s, ctx.expected_table(s, n)) for s, n in pair.live.inherits]
    if live_parents == list(pair.expected.inherits):
        return
    reason = f"{Code.INHERITANCE_MISMATCH} {table}"
    at: dict[str, Any] = dict(schema=schema, table=pair.live.name, reason=reason)
    changes: list[ch.Change] = []
    full = ctx.expected.tables.get(pair.expected.qualified)
    live_full = ctx.live.tables.get(pair.live.qualified)
    live_columns = {c.name for c in (live_full.columns if live_full else ())}
    live_checks = {c.name for c in (live_full.constraints if live_full else ())}
    for s, n in pair.expected.inherits:
        if (s, n) in live_parents:
            continue
        # INHERIT needs the child to have the parent's columns and CHECKs already
        columns = tuple(replace(col, inherited=False) for col in (full.columns if full else ())
                        if col.inherited and col.name not in live_columns)
        checks = tuple((con.name, con.definition) for con in (full.constraints if full else ())
                       if con.inherited and con.kind is ConstraintKind.CHECK
                       and con.name not in live_checks)
        changes.append(ch.SetInherit(parent_schema=s, parent=ctx.live_table(s, n),
                                     columns=columns, checks=checks, **at))
    for (s, n), (_, live_name) in zip(live_parents, pair.live.inherits, strict=True):
        if (s, n) not in pair.expected.inherits:
            changes.append(ch.SetInherit(parent_schema=s, parent=live_name, inherit=False,
                                         **at))
    names = ", ".join(f"{s}.{n}" for s, n in pair.expected.inherits) or "nothing"
    have = ", ".join(f"{s}.{n}" for s, n in pair.live.inherits) or "nothing"
    ctx.add(Finding(
        code=Code.INHERITANCE_MISMATCH, priority=ctx.priority(schema, table),
        schema=schema, table=table,
        message=f"table {schema}.{table} inherits {have}; the target inherits {names}",
        evidence={"expected": [list(p) for p in pair.expected.inherits],
                  "live": [list(p) for p in pair.live.inherits]},
        changes=tuple(changes)))


def merged(live: tuple[Partition, ...], target: tuple[Partition, ...]
           ) -> tuple[Partition, ...]:
    """The partitions there will be when the expand phase has run: the live ones and
    the target's missing ones (created in expand, before any index)."""
    out = []
    target_by = {p.qualified: p for p in target}
    for p in live:
        t = target_by.get(p.qualified)
        out.append(replace(p, partitions=merged(p.partitions, t.partitions if t else ())))
    have = {p.qualified for p in live}
    out += [p for p in target if p.qualified not in have]
    return tuple(out)


def _partitioned(ctx: Context, pair: Pair) -> ch.Partitioned:
    """The mark of a partitioned live table's changes."""
    parts = merged(pair.live.partitions, pair.expected.partitions)
    return ch.Partitioned(partitions=parts, attached=frozenset(
        key for key in _every(parts, pair.live.qualified) if key in ctx.live.tables))


def _mark(ctx: Context, finding: Finding, by_live: dict[Key, Pair],
          marks: dict[Key, ch.Partitioned]) -> Finding:
    """The finding's index and constraint changes on a partitioned table (`by_live`:
    the pairs of the partitioned live tables), marked so (and an INVALID index there
    that is an interrupted ON ONLY build said to be one); `marks`: each table's mark,
    made once."""
    changes: list[ch.Change] = []
    for change in finding.changes:
        if isinstance(change, ch.RedefineConstraint) and change.dependents:
            change = replace(change, partitioned_dependents=frozenset(
                (s, t) for s, t, _ in change.dependents if (s, t) in by_live))
        pair = by_live.get((change.schema, change.table))
        if pair is None:
            changes.append(change)
            continue
        if pair.live.qualified not in marks:
            marks[pair.live.qualified] = _partitioned(ctx, pair)
        where = marks[pair.live.qualified]
        if isinstance(change, ch.DropInvalidIndex):
            have, want = pair.live.index(change.name), pair.expected.index(change.name)
            interrupted = change.rebuild is not None and have is not None \
                and want is not None and have.definition == want.definition
            rebuild = replace(change.rebuild, partitioned=where) if change.rebuild else None
            changes.append(replace(change, partitioned=where, rebuild=rebuild,
                                   interrupted=interrupted))
            if interrupted:
                finding = replace(finding, message=(
                    f"index {finding.object} on {finding.table} is INVALID: built ON ONLY "
                    "the partitioned table, not every partition's index is attached yet (an "
                    "interrupted build); the plan builds and attaches the rest"))
        elif isinstance(change, ch.CreateIndex | ch.DropIndex | ch.AddConstraint):
            changes.append(replace(change, partitioned=where))
        else:
            changes.append(change)
    if changes == list(finding.changes):
        return finding
    return replace(finding, changes=tuple(changes))


def adjust(ctx: Context) -> None:
    """After every comparison: drop the table findings a partition
    finding stands for (a live table attached as a partition: not DR221; a partition
    detached to be the target's table: not DR101); mark the changes on partitioned
    tables (`_mark`)."""
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
        kept.append(_reaches(ctx, finding))
    by_live = {pair.live.qualified: pair for pair in ctx.pairs.values()
               if pair.live.partition_key}
    if by_live:
        marks: dict[Key, ch.Partitioned] = {}
        kept = [_mark(ctx, f, by_live, marks) for f in kept]
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
