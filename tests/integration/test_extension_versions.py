"""Extension versions (DR136): compared only when the target names one."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from drift.check import run_check
from drift.plan import build_plan
from drift.render.sql import render_sql

pytestmark = pytest.mark.integration


def _check(new_db: str, pg_server: str, tmp_path: Path, live: str, target: str) -> list[str]:
    with psycopg.connect(new_db, autocommit=True) as conn:
        conn.execute(live.encode())
    (tmp_path / "schema.sql").write_text(target, encoding="utf-8")
    result = run_check(tmp_path, new_db, scratch_url=pg_server, data=False)
    sql = render_sql(build_plan(result.findings, result.live))
    return [f"{f.code} {f.message}" for f in result.findings] + \
        [line for line in sql.splitlines() if "EXTENSION" in line]


def test_reachable_version_is_updated(new_db: str, pg_server: str, tmp_path: Path) -> None:
    found = _check(new_db, pg_server, tmp_path, "CREATE EXTENSION hstore VERSION '1.5';",
                   "CREATE EXTENSION hstore VERSION '1.6';")
    assert found == [
        "DR136 extension hstore is at version 1.5, the target names 1.6; the plan updates it "
        "to 1.6",
        "    EXECUTE 'ALTER EXTENSION hstore UPDATE TO ''1.6''';",
    ]


def test_unreachable_version_is_left_to_a_human(new_db: str, pg_server: str,
                                                tmp_path: Path) -> None:
    found = _check(new_db, pg_server, tmp_path, "CREATE EXTENSION hstore VERSION '1.8';",
                   "CREATE EXTENSION hstore VERSION '1.6';")
    assert found == ["DR136 extension hstore is at version 1.8, the target names 1.6; the live "
                     "server has no update path from 1.8 to 1.6: install that version there, "
                     "or change it by hand"]


def test_a_target_without_version_compares_none(new_db: str, pg_server: str,
                                                tmp_path: Path) -> None:
    found = _check(new_db, pg_server, tmp_path, "CREATE EXTENSION hstore VERSION '1.5';",
                   "CREATE EXTENSION hstore;")
    assert found == []
