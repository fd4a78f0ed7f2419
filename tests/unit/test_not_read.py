"""What a live read that a lock cut short (Catalog.unread) leaves of the findings."""

from __future__ import annotations

from drift.check import not_read
from drift.diff import compare
from drift.findings import Code
from drift.model import Catalog, Column, Constraint, ConstraintKind, DbObject, ObjectKind, Table
from drift.spec import Priority, Rename, Spec

PK = Constraint("pk", ConstraintKind.PRIMARY_KEY, ("id",), "PRIMARY KEY (id)")
WHY = "another session holds a lock on it"


def table(name: str, *, keyed: bool = True, extra: tuple[Column, ...] = ()) -> Table:
    return Table("public", name, columns=(Column("id", "integer", False), *extra),
                 constraints=(PK,) if keyed else ())


def view(name: str, definition: str) -> DbObject:
    return DbObject(ObjectKind.VIEW, "public", name, definition)


def catalog(*tables: Table, objects: tuple[DbObject, ...] = (),
            unread: tuple[tuple[str, str], ...] = ()) -> Catalog:
    return Catalog(tables={t.qualified: t for t in tables}, schemas=("public",),
                   objects={o.key: o for o in objects},
                   unread={(kind, "public", name): WHY for kind, name in unread})


def findings(expected: Catalog, live: Catalog, spec: Spec) -> set[tuple[str, str, str | None]]:
    return {(f.code, f.table, f.object)
            for f in not_read(compare(expected, live, spec), live, expected, spec)}


def test_a_locked_target_table_is_not_read_never_missing_or_changed() -> None:
    # read under the lock: columns and types only, no keys; and a real drift elsewhere
    live = catalog(table("locked", keyed=False), table("free", keyed=False),
                   unread=(("table", "locked"),))
    expected = catalog(table("locked"), table("free"))
    assert findings(expected, live, Spec()) == {
        ("DR601", "locked", None), ("DR111", "free", "pk")}


def test_a_locked_table_the_target_lacks_is_still_unexpected() -> None:
    live = catalog(table("kept"), table("stray"), unread=(("table", "stray"),))
    assert findings(catalog(table("kept")), live, Spec()) == {("DR221", "stray", None)}


def test_a_pending_rename_of_a_locked_table_stays_and_is_not_read_under_its_new_name() -> None:
    live = catalog(table("old", keyed=False), unread=(("table", "old"),))
    spec = Spec(renames=(Rename("table", "public", "new", "old", "new", Priority.MUST),))
    result = not_read(compare(catalog(table("new")), live, spec), live,
                      catalog(table("new")), spec)
    assert {(f.code, f.table, f.object) for f in result} == {
        ("DR301", "new", "old"), ("DR601", "new", "old")}
    assert all(f.code != Code.MISSING_PRIMARY_KEY for f in result)


def test_locked_views_are_not_read_at_the_priority_their_finding_would_have() -> None:
    wanted = view("wanted", "SELECT 1")
    live = catalog(table("t"), unread=(("view", "wanted"), ("view", "stray")))
    expected = catalog(table("t"), objects=(wanted,))
    result = not_read(compare(expected, live, Spec()), live, expected, Spec())
    assert {(f.code, f.object, f.priority) for f in result} == {
        ("DR601", "wanted", Priority.MUST), ("DR601", "stray", Priority.SHOULD)}


def test_an_ignored_table_stays_ignored_and_nothing_unread_changes_nothing() -> None:
    live = catalog(table("t"), table("skip_me", keyed=False), unread=(("table", "skip_me"),))
    expected = catalog(table("t"), table("skip_me"))
    spec = Spec(ignore_tables=frozenset({"skip_me"}))
    assert not any(f.code == Code.OBJECT_NOT_READ
                   for f in not_read(compare(expected, live, spec), live, expected, spec))
    plain = catalog(table("t", keyed=False))
    drift = compare(catalog(table("t")), plain, Spec())
    assert not_read(drift, plain, catalog(table("t")), Spec()) == drift
