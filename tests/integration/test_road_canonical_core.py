"""The canonical core walked the way teams run it: phase by phase, from midway states,
with `drift check` after each phase, reruns, and aborts that change nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from drift.sources.sql import apply_sql
from drift.spec import Priority
from tests import road

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
TARGET = ROOT / "expected_schema" / "canonical_core"
FIXTURES = ROOT / "tests" / "fixtures" / "canonical_core"


@pytest.fixture
def legacy(new_db: str) -> str:
    apply_sql(new_db, FIXTURES / "legacy.sql")
    return new_db


def test_an_aborted_must_plan_leaves_schema_and_rows_identical(legacy: str,
                                                              pg_server: str) -> None:
    """Blockers present: the preflight aborts before the first DDL or lock."""
    schema, rows = road.schema_dump(legacy), road.data_dump(legacy)
    plan, text = road.plan(TARGET, legacy, pg_server, priority=Priority.MUST)
    assert plan.preflight and text.index("Preflight") < text.index("Phase 1")
    run = road.psql(legacy, text)
    assert run.returncode != 0 and "drift preflight" in run.stderr, run.stderr
    assert road.schema_dump(legacy) == schema
    assert road.data_dump(legacy) == rows


@pytest.mark.parametrize("priority", [Priority.MUST, Priority.DEFER])
def test_a_plan_applied_twice_is_a_no_op_the_second_time(legacy: str, pg_server: str,
                                                         priority: Priority) -> None:
    """Past its own renames: the second run skips what ran before them."""
    apply_sql(legacy, FIXTURES / "resolve.sql")
    _, text = road.plan(TARGET, legacy, pg_server, priority=priority)
    assert "RENAME" in text
    road.apply(legacy, text)
    schema, rows = road.schema_dump(legacy), road.data_dump(legacy)
    road.apply(legacy, text)
    assert road.schema_dump(legacy) == schema
    assert road.data_dump(legacy) == rows


def test_naming_drift_follows_object_then_table_rule(legacy: str, pg_server: str) -> None:
    findings = road.check(TARGET, legacy, pg_server).findings
    naming = {(f.table, f.priority.value) for f in findings if f.code in ("DR311", "DR312")}
    assert {("asset_links", "defer"), ("prompt_templates", "defer"),
            ("projects", "must"), ("style_guides", "should")} <= naming
    assert not {t for t, p in naming if t in ("asset_links", "prompt_templates")
                and p != "defer"}
