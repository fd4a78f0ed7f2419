"""Schemas and extension versions on catalogs (no server): the diff's typed changes and
the steps the planner's strategies make of them."""

from __future__ import annotations

from drift import changes as ch
from drift.diff import compare
from drift.model import Catalog, DbObject, ObjectKind
from drift.plan.strategies import attach
from drift.spec import Spec


def _steps(findings: list) -> list[tuple[str, str]]:  # type: ignore[type-arg]
    return [(op.phase.name, s) for f in attach(findings) for op in f.operations
            for s in op.statements()]


def test_schemas_missing_and_unexpected() -> None:
    target = Catalog(schemas=("public", "app"))
    live = Catalog(schemas=("public",), present_schemas={"public": 0, "old": 2, "kept": 1})
    findings = compare(target, live, Spec(approved_schema_drops=frozenset({"old"})))
    assert [c for f in findings for c in f.changes] == [
        ch.CreateSchema(schema="app", table="", reason="DR130 app"),
        ch.DropSchema(schema="old", table="", reason="DR233 old")]
    assert sorted(f.code for f in findings) == ["DR130", "DR233", "DR233"]  # kept: no change
    assert sorted(_steps(findings)) == [("CLEANUP", "DROP SCHEMA IF EXISTS old CASCADE"),
                                        ("EXPAND", "CREATE SCHEMA IF NOT EXISTS app")]


def _extension(version: str, **detail: object) -> DbObject:
    return DbObject(kind=ObjectKind.EXTENSION, schema="public", name="hstore",
                    definition="hstore", detail={"version": version, **detail})


def test_an_extension_version_the_live_server_can_reach_is_updated() -> None:
    want = _extension("1.7", default_version="1.8")
    have = _extension("1.6", updates=["1.7", "1.8"])
    findings = compare(Catalog(schemas=("public",), objects={want.key: want}),
                       Catalog(schemas=("public",), objects={have.key: have}), Spec())
    [finding] = findings
    assert finding.changes == (ch.UpdateExtension(schema="public", table="", name="hstore",
                                                  version="1.7", old_version="1.6",
                                                  reason="DR136 hstore"),)
    assert _steps(findings) == [("EXPAND", "ALTER EXTENSION hstore UPDATE TO '1.7'")]
    unreachable = compare(Catalog(schemas=("public",), objects={want.key: want}),
                          Catalog(schemas=("public",), objects={
                              have.key: _extension("1.8", updates=[])}), Spec())
    assert [f.code for f in unreachable] == ["DR136"] and unreachable[0].changes == ()
    unpinned = _extension("1.8", default_version="1.8")
    assert compare(Catalog(schemas=("public",), objects={unpinned.key: unpinned}),
                   Catalog(schemas=("public",), objects={have.key: have}), Spec()) == []
