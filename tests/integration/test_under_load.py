"""The plan under load: a unique switch and a foreign key on 200k rows while 4 writers write.

The scenario, the writers and the statement-by-statement execution live in
bench/load_bench.py (the benchmark measures the same run). The race tested here: writers
insert fresh keys and update rows throughout, and writer 0 inserts duplicates of
existing keys only once the unique index is VALID, so each must be refused with
unique_violation and none may land. A duplicate during the build is the other race,
tested in test_races.py. Nothing here asserts on time.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.load_bench import (
    LOCK_NOT_AVAILABLE,
    UNIQUE_VIOLATION,
    LoadConfig,
    LoadRun,
    run_load,
)

pytestmark = pytest.mark.integration


@pytest.fixture
def load_run(new_db: str, pg_server: str, tmp_path: Path) -> LoadRun:
    config = LoadConfig(baseline=0.5, tail=0.3, deadline=45.0)
    return run_load(new_db, pg_server, tmp_path, config)


def test_plan_runs_under_concurrent_writers_without_harm(load_run: LoadRun) -> None:
    run = load_run
    # the live data was clean: drift planned the two constraints and saw no blocker
    assert {(f.code, f.object) for f in run.findings_before} == {
        ("DR112", "uq_events_account_n"), ("DR113", "fk_events_account")}

    # the migration completed; no lock-taking step ran out of lock_timeout
    migration = run.migration
    assert migration.error is None
    assert [s.label for s in migration.statements if s.sqlstate] == []
    locking = [s for s in migration.statements if s.locking]
    assert len(locking) == 3  # ADD ... NOT VALID, USING INDEX, VALIDATE
    assert all(s.sqlstate != LOCK_NOT_AVAILABLE for s in locking)

    # the writers were really writing while it ran, and saw only the expected refusals
    assert [w.fatal for w in run.writers if w.fatal] == []
    assert run.overlapping((migration.start, migration.end))
    for writer in run.writers:
        assert set(writer.errors) <= {f"duplicate:{UNIQUE_VIOLATION}"}, writer.errors
        assert writer.count("insert", ok=True) > 0 and writer.count("update", ok=True) > 0
    duplicates = run.writers[0]
    assert duplicates.count("duplicate") >= run.config.min_duplicates
    assert duplicates.count("duplicate", ok=True) == 0

    # drift sees the target reached, and no row was lost (nor a duplicate kept)
    assert run.findings_after == []
    assert run.rows_after == run.rows_before + run.inserted()
    assert run.rows_by_kind == {w.name: w.count("insert", ok=True) for w in run.writers}
