"""Memo 000 (NFT instances) walked phase by phase, with its declared table renames,
from midway states: each phase alone, reruns no-ops, aborts that change nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from drift.demo import legacy_sql_path
from drift.sources.sql import apply_sql
from drift.spec import Priority
from tests import road

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
TARGET = ROOT / "expected_schema" / "nft_instances"
RESOLVE = ROOT / "tests" / "fixtures" / "nft_resolve.sql"

MIDWAY = {
    "legacy": "",
    "definitions_renamed_by_hand": "ALTER TABLE nfts RENAME TO nft_definitions;",
    "instances_and_column_renamed_by_hand": """
        ALTER TABLE user_nft_ownership RENAME TO nft_instances;
        ALTER TABLE bingo_cells RENAME COLUMN target_template_id TO target_definition_id;
    """,
}


@pytest.fixture
def legacy(new_db: str) -> str:
    apply_sql(new_db, legacy_sql_path())
    return new_db


@pytest.mark.parametrize("priority", [Priority.MUST, Priority.DEFER])
def test_an_aborted_plan_leaves_schema_and_rows_identical(legacy: str, pg_server: str,
                                                          priority: Priority) -> None:
    schema, rows = road.schema_dump(legacy), road.data_dump(legacy)
    _, text = road.plan(TARGET, legacy, pg_server, priority=priority)
    run = road.psql(legacy, text)
    assert run.returncode != 0 and "drift preflight" in run.stderr, run.stderr
    assert road.schema_dump(legacy) == schema
    assert road.data_dump(legacy) == rows


def test_the_single_file_plan_reruns_as_a_no_op(legacy: str, pg_server: str) -> None:
    apply_sql(legacy, RESOLVE)
    _, text = road.plan(TARGET, legacy, pg_server)
    road.apply(legacy, text)
    schema, rows = road.schema_dump(legacy), road.rows(legacy)
    road.apply(legacy, text)
    assert (road.schema_dump(legacy), road.rows(legacy)) == (schema, rows)


@pytest.mark.parametrize("state", list(MIDWAY))
def test_the_road_from_a_midway_state(legacy: str, pg_server: str, state: str) -> None:
    apply_sql(legacy, RESOLVE)
    if MIDWAY[state]:
        road.apply(legacy, MIDWAY[state])
    before = road.row_total(legacy)
    must = road.walk(TARGET, legacy, pg_server, priority=Priority.MUST)
    rest = road.walk(TARGET, legacy, pg_server)
    left = road.check(TARGET, legacy, pg_server).findings
    assert [f for f in left if f.is_drift] == []
    assert road.row_total(legacy) == before
    assert road.scalar(legacy, "SELECT count(*) FROM prize_draw_results"
                               " WHERE ownership_id IS NULL") == 0
    print(state, "must:", must, "rest:", rest, "left:", [(f.code, f.object) for f in left])
