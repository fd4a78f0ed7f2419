"""Objects other than tables: a keyed diff on the server's own definitions.

1. Missing: CreateObject.
2. Different: functions, views, triggers, row-level security and policies are
   replaced (ReplaceObject); enums gain the values they lack (AddEnumValue, when the
   live labels are an ordered subset); domains gain missing CHECKs (AddDomainCheck,
   with every live column of that domain, where the CHECK must hold); anything else
   is reported for a human.
3. Unexpected: those that hold no data are dropped (DropObject; the downgrade
   restores them); other kinds are only reported.

When and how each is done (phases, guards) is the planner's: `drift.plan.strategies`.
"""

from __future__ import annotations

from typing import Any

from drift import changes as ch
from drift.diff.context import Context
from drift.diff.tables import open_compat_view
from drift.findings import Code, Finding
from drift.model import ConstraintKind, DbObject, ObjectKind
from drift.spec import Priority
from drift.sqltext import qualified

_REPLACEABLE = (ObjectKind.FUNCTION, ObjectKind.VIEW, ObjectKind.TRIGGER,
                ObjectKind.ROW_SECURITY)
# objects that hold no data: an unexpected one is dropped
_DROPPABLE = (*_REPLACEABLE, ObjectKind.POLICY)


def _finding(ctx: Context, code: str, obj: DbObject, message: str,
             evidence: dict[str, Any], changes: tuple[ch.Change, ...],
             fallback: Priority | None = None) -> Finding:
    table = obj.table or ""
    return Finding(code=code, priority=ctx.priority(obj.schema, table or obj.name, obj.name,
                                                    fallback),
                   schema=obj.schema, table=table, object=obj.name, message=message,
                   evidence={"kind": obj.kind.value, **evidence}, changes=changes)


def _at(obj: DbObject, code: str) -> dict[str, Any]:
    return dict(schema=obj.schema, table=obj.table or obj.name, reason=f"{code} {obj.name}")


def _live_key(ctx: Context, obj: DbObject) -> tuple[str, str, str, str]:
    """A trigger's table is keyed by its target name, so a table rename is no drift."""
    table = ctx.expected_table(obj.schema, obj.table) if obj.table else ""
    return (obj.kind.value, obj.schema, table, obj.name)


def compare_objects(ctx: Context) -> None:
    live = {_live_key(ctx, o): o for o in ctx.live.objects.values()
            if o.schema in ctx.expected.schemas}
    for key, obj in sorted(ctx.expected.objects.items()):
        have = live.pop(key, None)
        if have is None:
            _missing(ctx, obj)
        elif have.definition != obj.definition:
            _mismatch(ctx, obj, have)
    for obj in live.values():
        _unexpected(ctx, obj)


def _missing(ctx: Context, obj: DbObject) -> None:
    code = Code.MISSING_OBJECT
    create = ch.CreateObject(obj=obj, **_at(obj, code))
    ctx.add(_finding(ctx, code, obj, f"{obj.kind} {obj.schema}.{obj.name} does not exist",
                     {"definition": obj.definition}, (create,)))


def _mismatch(ctx: Context, obj: DbObject, have: DbObject) -> None:
    if obj.kind is ObjectKind.ENUM and _enum_values(ctx, obj, have):
        return
    if obj.kind is ObjectKind.DOMAIN and _domain_checks(ctx, obj, have):
        return
    code = Code.OBJECT_DEFINITION_MISMATCH
    changes: tuple[ch.Change, ...] = ()
    if obj.kind in _DROPPABLE:  # replaced (a policy: dropped and created again)
        changes = (ch.ReplaceObject(obj=obj, live=have, **_at(obj, code)),)
    how = "" if changes else "; no safe automatic change: alter it by hand"
    ctx.add(_finding(ctx, code, obj, f"{obj.kind} {obj.schema}.{obj.name} differs from the "
                                     f"target{how}",
                     {"expected": obj.definition, "live": have.definition}, changes))


def _enum_values(ctx: Context, obj: DbObject, have: DbObject) -> bool:
    """Values the live enum lacks, when its labels are an ordered subset of the target's."""
    want: list[str] = list(obj.detail.get("labels", []))
    got: list[str] = list(have.detail.get("labels", []))
    if [v for v in want if v in got] != got:
        return False  # a value was removed or reordered: that needs a rebuild
    code = Code.ENUM_VALUES_MISSING
    changes = tuple(ch.AddEnumValue(type_name=obj.name, value=v,
                                    before=next((w for w in want[i + 1:] if w in got), None),
                                    **_at(obj, code))
                    for i, v in enumerate(want) if v not in got)
    ctx.add(_finding(ctx, code, obj, f"enum {obj.schema}.{obj.name} lacks "
                                     f"{', '.join(v for v in want if v not in got)}",
                     {"expected": want, "live": got}, changes))
    return True


def _domain_checks(ctx: Context, obj: DbObject, have: DbObject) -> bool:
    """CHECKs the live domain lacks, everything else equal: NOT VALID, guard, VALIDATE."""
    want = {c["name"]: c["definition"] for c in obj.detail.get("checks", [])}
    got = {c["name"]: c["definition"] for c in have.detail.get("checks", [])}
    same_base = all(obj.detail.get(k) == have.detail.get(k) for k in ("base", "not_null",
                                                                     "default"))
    lacking = {n: d for n, d in want.items() if n not in got}
    if not same_base or not lacking or any(got.get(n) != want.get(n) for n in got):
        return False
    for name, definition in lacking.items():
        code = Code.DOMAIN_CHECK_MISSING
        change = ch.AddDomainCheck(domain=obj.name, name=name, definition=definition,
                                   columns=_domain_columns(ctx, obj), **_at(obj, code))
        ctx.add(_finding(ctx, code, obj, f"domain {obj.schema}.{obj.name} lacks {name} "
                                         f"{definition}",
                         {"constraint": name, "definition": definition}, (change,)))
    return True


def _domain_columns(ctx: Context, obj: DbObject) -> tuple[ch.DomainColumn, ...]:
    """Every live column of this domain's type, where a new CHECK on it must hold."""
    names = {obj.name, f"{obj.schema}.{obj.name}", qualified(obj.schema, obj.name)}
    out = []
    for table in ctx.live.tables.values():
        pk = next((c.columns for c in table.constraints
                   if c.kind is ConstraintKind.PRIMARY_KEY), ())
        for column in table.columns:
            if column.type in names:
                target = ctx.expected_table(table.schema, table.name)
                pair = ctx.pairs.get((table.schema, target))
                named = pair.live_to_expected.get(column.name, column.name) if pair \
                    else column.name
                out.append(ch.DomainColumn(schema=table.schema, table=table.name,
                                           column=column.name, sample_key=pk,
                                           located=(target, (named,))))
    return tuple(out)


def _compat_view(ctx: Context, obj: DbObject) -> bool:
    """A declared compatibility view of a table renamed by now: its window is open.
    Info (DR232), not drift; a later `drift plan --phase cleanup` drops it (or any
    plan, once drift.toml says `close_compat_views = true`)."""
    if obj.kind is not ObjectKind.VIEW:
        return False
    found = open_compat_view(ctx, obj.schema, obj.name)
    if found is None:
        return False
    table, close = found
    rename = next(r for r in ctx.spec.renames if r.kind == "table" and r.new == table
                  and r.schema == obj.schema)
    code = Code.COMPAT_VIEW_OPEN
    change = ch.DropObject(obj=obj, schema=obj.schema, table=table,
                           reason=f"{code} {obj.name}")
    when = ("drift.toml closes compat windows: the plan drops it" if close
            else "drift plan --phase cleanup drops it once old clients have moved")
    ctx.add(Finding(code=code, priority=rename.priority, schema=obj.schema, table=table,
                    object=obj.name,
                    message=f"compatibility view {obj.schema}.{obj.name} of {table} is open; "
                            + when,
                    evidence={"kind": obj.kind.value, "definition": obj.definition,
                              "renamed_to": table, "close_in_full_plan": close},
                    changes=(change,)))
    return True


def _unexpected(ctx: Context, obj: DbObject) -> None:
    if _compat_view(ctx, obj):
        return
    code = Code.UNEXPECTED_OBJECT
    changes: tuple[ch.Change, ...] = ()
    if obj.kind in _DROPPABLE:
        changes = (ch.DropObject(obj=obj, **_at(obj, code)),)
    keep = "" if changes else "; it is kept (it may hold state or be in use)"
    ctx.add(_finding(ctx, code, obj, f"{obj.kind} {obj.schema}.{obj.name} is not in the "
                                     f"target{keep}",
                     {"definition": obj.definition}, changes, Priority.SHOULD))
