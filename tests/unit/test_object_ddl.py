"""Object DDL written for the live server's major (plan.ddl.create_ddl)."""

from __future__ import annotations

from dataclasses import replace

from drift.model import Catalog, DbObject, ObjectKind
from drift.plan.ddl import create_ddl

TRIGGER = DbObject(kind=ObjectKind.TRIGGER, schema="shop", name="lines_total", table="lines",
                   definition="CREATE TRIGGER lines_total AFTER INSERT ON shop.lines "
                              "FOR EACH ROW EXECUTE FUNCTION shop.touch()")


def test_trigger_on_14_and_later_is_replaced_in_place() -> None:
    for major in (None, 14, 18):
        ddl = create_ddl(TRIGGER, major)
        assert ddl.startswith("CREATE OR REPLACE TRIGGER lines_total AFTER INSERT")


def test_trigger_on_13_is_dropped_and_created_in_one_step() -> None:
    ddl = create_ddl(TRIGGER, 13)
    assert "OR REPLACE" not in ddl and ddl.startswith("DO $drift_trigger$")
    drop = ddl.index('DROP TRIGGER IF EXISTS lines_total ON shop.lines;')
    assert ddl.index(TRIGGER.definition + ";") > drop
    # the probe that lets a rerun keep the trigger is the same trigger under another name
    assert ("EXECUTE 'CREATE TRIGGER drift_probe_trigger AFTER INSERT ON shop.lines FOR EACH "
            "ROW EXECUTE FUNCTION shop.touch()'") in ddl


def test_catalog_major_from_server_version() -> None:
    assert Catalog(server_version="13.16 (Debian 13.16-1)").major == 13
    assert Catalog(server_version="18.1").major == 18
    assert Catalog().major is None


def test_a_trigger_change_is_planned_for_the_live_major() -> None:
    """The diff puts no SQL (and no server version) in the change: `attach` reads the
    live catalog's major once, and the strategy writes 13's DO block or 14's CREATE OR
    REPLACE."""
    from drift import changes as ch
    from drift.diff import compare
    from drift.plan import ops
    from drift.plan.strategies import attach
    from drift.spec import Spec

    other = replace(TRIGGER, definition=TRIGGER.definition.replace("INSERT", "UPDATE"))

    def planned(version: str) -> list[str]:
        target = Catalog(schemas=("shop",), objects={TRIGGER.key: TRIGGER})
        live = Catalog(schemas=("shop",), objects={other.key: other}, server_version=version)
        [finding] = compare(target, live, Spec())
        [change] = finding.changes
        assert isinstance(change, ch.ReplaceObject)
        [step] = attach([finding], live)[0].operations
        assert isinstance(step, ops.ReplaceObject)
        return step.statements()

    [on13] = planned("13.16")
    assert on13.startswith("DO $drift_trigger$") and "OR REPLACE" not in on13
    [on18] = planned("18.1")
    assert on18.startswith("CREATE OR REPLACE TRIGGER lines_total AFTER INSERT")
