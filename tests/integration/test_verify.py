"""`drift verify` proves a plan on a scratch copy and leaves the target alone."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from drift.db import read_only_snapshot
from drift.demo import legacy_sql_path
from drift.inspect import read_catalog
from drift.sources.sql import apply_sql

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
TARGET = str(ROOT / "expected_schema" / "nft_instances")


def drift(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "drift", *args], capture_output=True,
                          text=True, cwd=ROOT, check=False, timeout=300)


@pytest.fixture
def resolved(new_db: str) -> str:
    apply_sql(new_db, legacy_sql_path())
    apply_sql(new_db, ROOT / "tests" / "fixtures" / "nft_resolve.sql")
    return new_db


def _catalog(url: str) -> dict[str, object]:
    with read_only_snapshot(url) as conn:
        return read_catalog(conn).to_dict()


def test_committed_revisions_converge_and_round_trip_on_a_sampled_copy(
        resolved: str, pg_server: str) -> None:
    before = _catalog(resolved)
    run = drift("verify", "--expected", TARGET, "--db", resolved, "--scratch-url", pg_server,
                "--alembic", str(ROOT / "migrations" / "nft_instances"), "--sample-rows", "50")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "before: 17 findings" in run.stdout
    assert "after: 0 findings (converged)" in run.stdout
    assert "round trip: identical" in run.stdout
    assert run.stdout.rstrip().endswith("verify: OK")
    assert _catalog(resolved) == before  # the target itself was never migrated


def test_sql_plan_is_proved_without_a_round_trip(resolved: str, pg_server: str,
                                                 tmp_path: Path) -> None:
    plan = tmp_path / "plan.sql"
    made = drift("plan", "--expected", TARGET, "--db", resolved, "--scratch-url", pg_server,
                 "--sql", str(plan))
    assert made.returncode == 0, made.stderr
    run = drift("verify", "--expected", TARGET, "--db", resolved, "--scratch-url", pg_server,
                "--sql", str(plan))
    assert run.returncode == 0, run.stdout + run.stderr
    assert "round trip: not attempted" in run.stdout


def test_a_partial_plan_does_not_converge(resolved: str, pg_server: str, tmp_path: Path) -> None:
    plan = tmp_path / "must.sql"
    made = drift("plan", "--expected", TARGET, "--db", resolved, "--scratch-url", pg_server,
                 "--sql", str(plan), "--priority", "must")
    assert made.returncode == 0, made.stderr
    run = drift("verify", "--expected", TARGET, "--db", resolved, "--scratch-url", pg_server,
                "--sql", str(plan))
    assert run.returncode == 1
    assert "NOT converged" in run.stdout and "left: DR301 public.nft_definitions" in run.stdout
    assert run.stdout.rstrip().endswith("verify: FAILED")


def test_unresolved_data_copied_whole_stops_at_the_guard(new_db: str, pg_server: str) -> None:
    apply_sql(new_db, legacy_sql_path())
    run = drift("verify", "--expected", TARGET, "--db", new_db, "--scratch-url", pg_server,
                "--alembic", str(ROOT / "migrations" / "nft_instances"), "--sample-rows", "1000")
    assert run.returncode == 1
    assert "apply FAILED:" in run.stdout and "drift preflight DR401" in run.stdout  # before any DDL
