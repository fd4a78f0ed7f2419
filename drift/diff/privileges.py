"""Owners and privileges (only with `[drift] compare_privileges = true`).

Tables, views, materialized views, sequences, functions and schemas are compared
(the kinds drift creates; not foreign tables nor aggregates); not column privileges,
default privileges (ALTER DEFAULT PRIVILEGES), nor the public schema's own owner and
ACL (PostgreSQL 15 changed both).

- **Grants** (DR137): the set of (grantee, privilege, grant option) besides the
  owner's own, an ACL never set read as its default: a `Grant` of what the live
  object lacks, a `Revoke` of what it has beyond the target (the planner runs them in
  cleanup, after every object exists); an object the plan creates starts from the
  default ACL.
- **Owner** (DR138): compared only where the target sets one: an object the
  scratch server's own role owns was created by drift and names no owner. A
  sequence a column owns follows its table. An `AlterOwner` (ALTER ... OWNER TO in
  cleanup, before the grants).

A role the live server lacks is never granted to nor made owner: the finding says to
create it first. GRANT, REVOKE and OWNER TO are idempotent, so a rerun changes
nothing.
"""

from __future__ import annotations

from typing import Any

from drift import changes as ch
from drift.diff.context import Context
from drift.findings import Code, Finding
from drift.model import Acl, Privileges

_RELATIONS = ("table", "view", "materialized view")
# the grants a new object has before anyone grants anything (acldefault, owner left out)
_DEFAULT_GRANTS: dict[str, frozenset[tuple[str, str, bool]]] = {
    "function": frozenset({("PUBLIC", "EXECUTE", False)})}


def compare_privileges(ctx: Context) -> None:
    want_all, have_all = ctx.expected.privileges, ctx.live.privileges
    if not ctx.spec.compare_privileges or want_all is None or have_all is None:
        return
    for _, want in sorted(want_all.objects.items()):
        if not ctx.spec.in_scope(want.schema):
            continue
        live_name = (ctx.live_table(want.schema, want.name) if want.kind in _RELATIONS
                     else want.name)
        have = have_all.objects.get((want.kind, want.schema, live_name))
        _owner(ctx, want, have, want_all, have_all)
        _grants(ctx, want, have, have_all, want_all.reader)


def _named(acl: Acl) -> str:
    return acl.name if acl.kind == "schema" else f"{acl.schema}.{acl.name}"


def _at(ctx: Context, want: Acl) -> tuple[str, str | None]:
    """(table, object) of a finding: a relation is its own table."""
    if want.kind in _RELATIONS:
        return want.name, None
    return "", want.name


def _owner(ctx: Context, want: Acl, have: Acl | None, want_all: Privileges,
           have_all: Privileges) -> None:
    if want.owner == want_all.reader or want.linked:
        return  # the target names no owner, or the sequence follows its table
    if have is not None and have.owner == want.owner:
        return
    code = Code.OWNER_MISMATCH
    table, obj = _at(ctx, want)
    changes: tuple[ch.Change, ...] = ()
    if want.owner in have_all.roles:
        changes = (ch.AlterOwner(schema=want.schema, table=table, kind=want.kind,
                                 name=want.name, owner=want.owner,
                                 old_owner=have.owner if have is not None else None,
                                 reason=f"{code} {want.name}"),)
        how = ""
    else:
        how = f"; role {want.owner} does not exist on the live server: create it first"
    now = f"is owned by {have.owner}" if have is not None else "will be created"
    ctx.add(Finding(code=code, priority=ctx.priority(want.schema, table or want.name, obj),
                    schema=want.schema, table=table, object=obj,
                    message=f"{want.kind} {_named(want)} {now}; the target's owner "
                            f"is {want.owner}{how}",
                    evidence={"kind": want.kind, "expected": want.owner,
                              "live": have.owner if have is not None else None},
                    changes=changes))


def _grants(ctx: Context, want: Acl, have: Acl | None, have_all: Privileges,
            want_reader: str) -> None:
    got = have.grants if have is not None else _DEFAULT_GRANTS.get(want.kind, frozenset())
    lacking = sorted(want.grants - got)
    extra = sorted(got - want.grants)
    if have is not None:  # the owner's own entries (once the plan ran) are implied
        final = (want.owner if want.owner != want_reader and want.owner in have_all.roles
                 and not want.linked else have.owner)
        lacking = [g for g in lacking if g[0] != final]
        extra = [g for g in extra if g[0] != final]
    if not lacking and not extra:
        return
    code = Code.PRIVILEGE_MISMATCH
    table, obj = _at(ctx, want)
    at: dict[str, Any] = dict(schema=want.schema, table=table, kind=want.kind,
                              name=want.name, reason=f"{code} {want.name}")
    changes: list[ch.Change] = []
    missing_roles = sorted({g[0] for g in lacking if g[0] != "PUBLIC"
                            and g[0] not in have_all.roles})
    for grantee, privilege, grantable in extra:
        held = (grantee, privilege, not grantable) in want.grants
        if held:  # only the grant option differs
            if grantable:  # live may pass it on, the target may not
                changes.append(ch.Revoke(grantee=grantee, privilege=privilege,
                                         grant_option=True, option_only=True, **at))
            continue
        changes.append(ch.Revoke(grantee=grantee, privilege=privilege, grant_option=grantable,
                                 **at))
    for grantee, privilege, grantable in lacking:
        if grantee in missing_roles:
            continue
        if not grantable and (grantee, privilege, True) in got:
            continue  # handled above: only the grant option is revoked
        changes.append(ch.Grant(grantee=grantee, privilege=privilege, grant_option=grantable,
                                **at))
    parts = []
    if lacking:
        parts.append("lacks " + ", ".join(_shown(g) for g in lacking))
    if extra:
        parts.append("has beyond the target " + ", ".join(_shown(g) for g in extra))
    how = (f"; role{'s' if len(missing_roles) > 1 else ''} {', '.join(missing_roles)} "
           "do not exist on the live server: create them first") if missing_roles else ""
    now = "" if have is not None else " (once created)"
    ctx.add(Finding(code=code, priority=ctx.priority(want.schema, table or want.name, obj),
                    schema=want.schema, table=table, object=obj,
                    message=f"{want.kind} {_named(want)}{now} "
                            f"{'; '.join(parts)}{how}",
                    evidence={"kind": want.kind,
                              "lacking": [list(g) for g in lacking],
                              "extra": [list(g) for g in extra]},
                    changes=tuple(changes)))


def _shown(grant: tuple[str, str, bool]) -> str:
    grantee, privilege, grantable = grant
    return f"{privilege} to {grantee}" + (" with grant option" if grantable else "")
