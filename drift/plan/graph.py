"""Order a plan's operations by a dependency graph, not by the order findings came in.

Each operation names the graph nodes it creates and the nodes it removes (a node is
`(kind, schema, table, name)`, see `drift.model.Node`). The edges come from pg_depend,
read on both sides by the same reader (`Catalog.depends`):

1. creates follow what they use, per the *target's* dependencies (a materialized
   view after the view it reads, a trigger after its function, a foreign key after
   the unique index it references);
2. drops come before what they use, per the *live* dependencies (a view before the
   view it reads, a trigger before its function): reverse dependency order;
3. an object dropped and created under one name in one phase is dropped first (an
   INVALID leftover of an interrupted build goes before the rebuild, never after it),
   and so is one of another kind under that name (a table that becomes a view, a view
   that becomes a table: relations share one namespace);
4. a VALIDATE follows the ADD of its constraint; DROP NOT NULL follows the drop of the
   primary key that still holds the column; a new default follows its column's retype.

An operation that must follow one of a later phase moves to that phase (phases run in
order, so no sort inside a phase could satisfy it). Within each phase the operations
are sorted topologically; among those free to go, the phase's own order decides
(stage, scans before exclusive locks, finding order), so a plan without dependencies
keeps the order it had. A view whose definition changes, or a function whose
signature or return type changes, is dropped and created again with every live view
and trigger that depends on it (CREATE OR REPLACE cannot do either), each drop
skipped once the target is reached.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from drift.model import Catalog, ConstraintKind, DbObject, Node, ObjectKind
from drift.plan.ddl import create_ddl, drop_ddl
from drift.plan.ops import (
    AddColumn,
    AddConstraint,
    AddConstraintUsingIndex,
    AlterColumnType,
    AlterDefault,
    CreateIndex,
    CreateObject,
    CreateTable,
    DropColumn,
    DropConstraint,
    DropIndex,
    DropNotNull,
    DropObject,
    DropTable,
    Operation,
    Phase,
    ReplaceObject,
    ValidateConstraint,
)
from drift.sqltext import literal, qualified

Edge = tuple[int, int]  # (before, after), indexes into the operation list


def _object_node(op: CreateObject | DropObject | ReplaceObject) -> Node:
    table = op.table if op.kind in ("trigger", "policy", "row_security") else ""
    return (op.kind, op.schema, table, op.name)


def creates(op: Operation) -> set[Node]:
    """The graph nodes an operation brings into existence."""
    if isinstance(op, CreateTable):
        return {("table", op.schema, "", op.table)} | {
            ("column", op.schema, op.table, c.name) for c in op.columns}
    if isinstance(op, AddColumn):
        return {("column", op.schema, op.table, op.column.name)}
    if isinstance(op, CreateIndex):
        return {("index", op.schema, "", op.index.name)}
    if isinstance(op, AddConstraint):
        return {("constraint", op.schema, op.table, op.name)}
    if isinstance(op, AddConstraintUsingIndex):
        nodes = {("constraint", op.schema, op.table, op.name)}
        if op.index != op.name:  # the index takes the constraint's name
            nodes.add(("index", op.schema, "", op.name))
        return nodes
    if isinstance(op, CreateObject | ReplaceObject):
        return {_object_node(op)}
    return set()


def removes(op: Operation, live: Catalog) -> set[Node]:
    """The graph nodes an operation takes away (a constraint with its own index)."""
    if isinstance(op, DropTable):
        return {("table", op.schema, "", op.table)}
    if isinstance(op, DropColumn):
        return {("column", op.schema, op.table, op.column)}
    if isinstance(op, DropIndex):
        return {("index", op.schema, "", op.name)}
    if isinstance(op, DropConstraint):
        nodes = {("constraint", op.schema, op.table, op.name)}
        table = live.table(op.schema, op.table)
        nodes |= {("index", op.schema, "", i.name) for i in (table.indexes if table else ())
                  if i.constraint == op.name}
        return nodes
    if isinstance(op, DropObject):
        return {_object_node(op)}
    return set()


_RELATIONS = ("table", "view", "index", "sequence")


def _name(node: Node) -> Node:
    """Tables, views, indexes and sequences share one namespace per schema."""
    return ("relation", node[1], "", node[3]) if node[0] in _RELATIONS else node


def _closure(depends: Iterable[tuple[Node, Node]]) -> dict[Node, set[Node]]:
    """Every node each node depends on, directly or through others."""
    direct: dict[Node, set[Node]] = defaultdict(set)
    for dependent, referenced in depends:
        direct[dependent].add(referenced)
    closed: dict[Node, set[Node]] = {}

    def walk(node: Node, seen: frozenset[Node]) -> set[Node]:
        if node not in closed:
            found: set[Node] = set()
            for ref in direct.get(node, ()):
                if ref not in seen:
                    found |= {ref} | walk(ref, seen | {node})
            closed[node] = found
        return closed[node]

    for node in list(direct):
        walk(node, frozenset())
    return closed


def edges(ops: list[Operation], live: Catalog, target: Catalog | None) -> set[Edge]:
    made: dict[Node, list[int]] = defaultdict(list)
    gone: dict[Node, list[int]] = defaultdict(list)
    for i, op in enumerate(ops):
        for node in creates(op):
            made[node].append(i)
        for node in removes(op, live):
            gone[node].append(i)
    found: set[Edge] = set()
    if target is not None:  # 1. creates after what they use, in the target
        uses = _closure(target.depends)
        for node, makers in made.items():
            for ref in uses.get(node, ()):
                found |= {(a, b) for a in made.get(ref, ()) for b in makers}
    uses = _closure(live.depends)  # 2. drops before what they use, live
    for node, droppers in gone.items():
        for ref in uses.get(node, ()):
            found |= {(b, a) for a in gone.get(ref, ()) for b in droppers}
    named: dict[Node, list[int]] = defaultdict(list)
    for node, makers in made.items():
        named[_name(node)] += makers
    for node, droppers in gone.items():  # 3. a name is freed before it is taken again
        # (a drop of the same object in a later phase ends the life of what was made,
        # like a helper CHECK; another kind under the name, a view that becomes a
        # table, must go first whatever its phase)
        found |= {(a, b) for a in droppers for b in named.get(_name(node), ())
                  if ops[a].phase <= ops[b].phase or node not in creates(ops[b])}
    for i, op in enumerate(ops):  # 4. rules of the operations themselves
        if isinstance(op, ValidateConstraint):
            found |= {(a, i) for a in made.get(("constraint", op.schema, op.table, op.name), ())}
        if isinstance(op, DropNotNull):
            found |= {(a, i) for a in _primary_key_drops(ops, live, op)}
        if isinstance(op, AlterDefault):  # the new default fits the new type only
            found |= {(a, i) for a, other in enumerate(ops) if isinstance(other, AlterColumnType)
                      and (other.schema, other.table, other.column)
                      == (op.schema, op.table, op.column)}
    return {(a, b) for a, b in found if a != b}


def _primary_key_drops(ops: list[Operation], live: Catalog, op: DropNotNull) -> list[int]:
    """PostgreSQL refuses DROP NOT NULL on a column of the primary key."""
    table = live.table(op.schema, op.table)
    keys = {c.name for c in (table.constraints if table else ())
            if c.kind is ConstraintKind.PRIMARY_KEY and op.column in c.columns}
    return [i for i, other in enumerate(ops) if isinstance(other, DropConstraint)
            and (other.schema, other.table) == (op.schema, op.table) and other.name in keys]


def _promote(ops: list[Operation], found: set[Edge]) -> list[Operation]:
    """An op that must follow one of a later phase joins that phase."""
    ops = list(ops)
    for _ in range(len(ops) + 1):
        moved = False
        for a, b in found:
            if ops[b].phase < ops[a].phase:
                ops[b] = replace(ops[b], phase=ops[a].phase)
                moved = True
        if not moved:
            break
    return ops


def order(ops: list[Operation], key: Callable[[int, Operation], tuple[int, ...]],
          live: Catalog, target: Catalog | None = None) -> list[Operation]:
    """Phases in order; within a phase, a topological sort whose ties `key` breaks."""
    ops = rebuild_views(ops, live, target)
    found = edges(ops, live, target)
    ops = _promote(ops, found)
    after: dict[int, set[int]] = defaultdict(set)
    waiting = [0] * len(ops)
    for a, b in found:
        if ops[a].phase == ops[b].phase and b not in after[a]:
            after[a].add(b)
            waiting[b] += 1
    result: list[Operation] = []
    for phase in Phase:
        members = [i for i, op in enumerate(ops) if op.phase is phase]
        ready = [(key(i, ops[i]), i) for i in members if waiting[i] == 0]
        heapq.heapify(ready)
        left = set(members)
        while left:
            if not ready:  # a cycle: let the phase's own order break it
                i = min(left, key=lambda j: key(j, ops[j]))
                waiting[i] = 0
                ready = [(key(i, ops[i]), i)]
            _, i = heapq.heappop(ready)
            if i not in left:
                continue
            left.discard(i)
            result.append(ops[i])
            for b in after[i]:
                waiting[b] -= 1
                if waiting[b] == 0 and b in left:
                    heapq.heappush(ready, (key(b, ops[b]), b))
    return result


# -- views and functions rebuilt with what depends on them ---------------------------

def _rebuilt_is(obj: DbObject) -> str:
    """True once the object exists with this definition: the rebuild is done."""
    if obj.kind is ObjectKind.FUNCTION:
        return (f"EXISTS (SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                f" WHERE n.nspname = {literal(obj.schema)} AND p.proname || '(' || "
                f"oidvectortypes(p.proargtypes) || ')' = {literal(obj.name)}"
                f" AND CASE WHEN p.prokind IN ('f', 'p') THEN pg_get_functiondef(p.oid) END"
                f" = {literal(obj.definition)})")  # CASE: never asked of an aggregate
    return (f"coalesce(pg_get_viewdef(to_regclass({literal(qualified(obj.schema, obj.name))}),"
            f" true) = {literal(obj.definition)}, false)")


def _needs_rebuild(have: DbObject, want: DbObject) -> bool:
    """A view is always rebuilt (CREATE OR REPLACE VIEW cannot rename, reorder or drop
    columns, and a matview has no OR REPLACE); a function when its signature line or
    RETURNS changes (CREATE OR REPLACE FUNCTION refuses both)."""
    if have.kind is ObjectKind.VIEW:
        return True
    if have.kind is ObjectKind.FUNCTION:
        return have.definition.splitlines()[:2] != want.definition.splitlines()[:2]
    return False


def _dependents(live: Catalog, root: Node) -> list[DbObject]:
    """Live views and triggers that use `root`, directly or not, each after what it uses."""
    uses = _closure(live.depends)
    found = [node for node, refs in uses.items()
             if root in refs and node[0] in ("view", "trigger")]
    found.sort(key=lambda n: len(uses.get(n, ())))
    return [live.objects[n] for n in found if n in live.objects]


def rebuild_views(ops: list[Operation], live: Catalog,
                  target: Catalog | None) -> list[Operation]:
    """A changed view, or a function whose signature changes: drop it and every live
    view and trigger that uses it, then create them all again (the dependents with
    their target definition when they have one), each drop skipped once the rebuild
    is done."""
    out: list[Operation] = []
    handled = {_object_node(op) for op in ops if isinstance(op, DropObject | ReplaceObject)}
    for op in ops:
        node = _object_node(op) if isinstance(op, ReplaceObject) else None
        have = live.objects.get(node) if node else None
        want = target.objects.get(node) if node and target is not None else None
        if not (isinstance(op, ReplaceObject) and node and have and want
                and _needs_rebuild(have, want)):
            out.append(op)
            continue
        done = _rebuilt_is(want)
        at: dict[str, Any] = dict(phase=op.phase, reason=op.reason)
        dependents = [d for d in _dependents(live, node) if d.key not in handled]
        for dep in reversed(dependents):
            out.append(DropObject(kind=dep.kind.value, name=dep.name, drop_ddl=drop_ddl(dep),
                                  restore_ddl=create_ddl(dep, live.major), unless=done,
                                  schema=dep.schema,
                                  table=dep.table or dep.name, **at))
        out.append(DropObject(kind=op.kind, name=op.name, drop_ddl=drop_ddl(have),
                              restore_ddl=op.old_ddl, unless=done, schema=op.schema,
                              table=op.table, **at))
        out.append(CreateObject(kind=op.kind, name=op.name, ddl=op.ddl,
                                drop_ddl=drop_ddl(want), schema=op.schema, table=op.table,
                                **at))
        for dep in dependents:
            again = target.objects.get(dep.key, dep) if target is not None else dep
            out.append(CreateObject(kind=dep.kind.value, name=dep.name,
                                    ddl=create_ddl(again, live.major),
                                    drop_ddl=drop_ddl(again), schema=dep.schema,
                                    table=dep.table or dep.name, **at))
        handled |= {d.key for d in dependents}
    return out
