"""The privilege diff on catalogs (no server): what is planned, and what is not."""

from __future__ import annotations

from drift.diff import compare
from drift.model import Acl, Catalog, Privileges
from drift.plan.strategies import attach
from drift.spec import Spec

SPEC = Spec(compare_privileges=True)


def _catalog(reader: str, roles: set[str], *acls: Acl) -> Catalog:
    return Catalog(schemas=("public",), privileges=Privileges(
        reader=reader, roles=frozenset(roles), objects={a.key: a for a in acls}))


def _sql(findings: list) -> list[str]:  # type: ignore[type-arg]
    """The statements the planner's strategies make of the findings' changes."""
    return [s for f in attach(findings) for op in f.operations for s in op.statements()]


def test_a_role_the_live_server_lacks_is_named_and_not_planned() -> None:
    want = Acl("table", "public", "t", "postgres",
               frozenset({("ghost", "SELECT", False), ("app", "SELECT", False)}))
    have = Acl("table", "public", "t", "app", frozenset())
    findings = compare(_catalog("postgres", {"postgres", "ghost"}, want),
                       _catalog("auditor", {"app", "auditor"}, have), SPEC)
    # app owns it live and the target names no owner: app's SELECT is implied
    assert [f.message for f in findings] == [
        "table public.t lacks SELECT to ghost; role ghost do not exist on the live server: "
        "create them first"]
    assert _sql(findings) == []


def test_owner_then_grant_option() -> None:
    want = Acl("sequence", "public", "s", "owner_b", frozenset({("app", "USAGE", False)}))
    have = Acl("sequence", "public", "s", "owner_a", frozenset({("app", "USAGE", True)}))
    roles = {"owner_a", "owner_b", "app"}
    findings = compare(_catalog("postgres", roles, want), _catalog("auditor", roles, have), SPEC)
    assert sorted(f.code for f in findings) == ["DR137", "DR138"]
    assert sorted(_sql(findings)) == [
        "ALTER SEQUENCE public.s OWNER TO owner_b",
        "REVOKE GRANT OPTION FOR USAGE ON SEQUENCE public.s FROM app"]


def test_a_target_that_names_no_owner_compares_none() -> None:
    want = Acl("function", "public", "f(integer)", "postgres", frozenset())
    have = Acl("function", "public", "f(integer)", "app", frozenset())
    roles = {"app", "postgres"}
    findings = compare(_catalog("postgres", roles, want), _catalog("auditor", roles, have), SPEC)
    assert _sql(findings) == []
    assert findings == []
    off = compare(_catalog("postgres", roles, want),
                  _catalog("auditor", roles, Acl("function", "public", "f(integer)", "app",
                                                 frozenset({("x", "EXECUTE", False)}))),
                  Spec())
    assert off == []


def test_the_diff_emits_typed_changes_the_planner_makes_and_undoes() -> None:
    """Owner, grant and revoke are typed changes (no SQL in the diff); the strategies
    write each step and its downgrade."""
    from drift import changes as ch

    want = Acl("table", "public", "t", "owner_b", frozenset({("app", "SELECT", True)}))
    have = Acl("table", "public", "t", "owner_a", frozenset({("old", "UPDATE", False)}))
    roles = {"owner_a", "owner_b", "app", "old"}
    findings = compare(_catalog("postgres", roles, want), _catalog("auditor", roles, have), SPEC)
    changes = sorted((c for f in findings for c in f.changes), key=lambda c: type(c).__name__)
    at = dict(schema="public", table="t", kind="table", name="t")
    assert changes == [
        ch.AlterOwner(owner="owner_b", old_owner="owner_a", reason="DR138 t", **at),
        ch.Grant(grantee="app", privilege="SELECT", grant_option=True, reason="DR137 t", **at),
        ch.Revoke(grantee="old", privilege="UPDATE", reason="DR137 t", **at)]
    assert all(f.operations == () for f in findings)
    steps = {s: op.reverse() for f in attach(findings) for op in f.operations
             for s in op.statements()}
    undo = {s: [u for r in (back or ()) for u in r.statements()] for s, back in steps.items()}
    assert undo == {
        "ALTER TABLE public.t OWNER TO owner_b": ["ALTER TABLE public.t OWNER TO owner_a"],
        "GRANT SELECT ON TABLE public.t TO app WITH GRANT OPTION":
            ["REVOKE SELECT ON TABLE public.t FROM app"],
        "REVOKE UPDATE ON TABLE public.t FROM old": ["GRANT UPDATE ON TABLE public.t TO old"]}
