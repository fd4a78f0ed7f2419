"""Schemas the target lacks (DR233), schemas it adds (DR130), and drift.toml's scope."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from drift.check import run_check
from drift.plan import build_plan
from drift.render.sql import render_sql

pytestmark = pytest.mark.integration

LIVE = """CREATE SCHEMA legacy;
CREATE SCHEMA etl;
CREATE TABLE public.a (id int PRIMARY KEY);
CREATE TABLE legacy.old (id int);
CREATE VIEW legacy.old_ids AS SELECT id FROM legacy.old;
CREATE TABLE etl.stage (id int);
"""


def apply_sql(url: str, sql: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql.encode())


def _target(tmp_path: Path, sql: str, toml: str | None = None) -> Path:
    (tmp_path / "schema.sql").write_text(sql, encoding="utf-8")
    if toml is not None:
        (tmp_path / "drift.toml").write_text(toml, encoding="utf-8")
    return tmp_path


def _found(tmp_path: Path, new_db: str, pg_server: str, sql: str,
           toml: str | None = None) -> list[tuple[str, str, str]]:
    result = run_check(_target(tmp_path, sql, toml), new_db, scratch_url=pg_server, data=False)
    return sorted((f.code, f.schema, f.message) for f in result.findings)


def test_unexpected_schemas_are_reported_and_kept(new_db: str, pg_server: str,
                                                  tmp_path: Path) -> None:
    apply_sql(new_db, LIVE)
    target = _target(tmp_path, "CREATE TABLE public.a (id int PRIMARY KEY);\n")
    result = run_check(target, new_db, scratch_url=pg_server, data=False)
    found = sorted((f.code, f.schema, f.message) for f in result.findings)
    keep = ("it is kept (approve its drop in drift.toml, or scope it out with [drift] "
            "ignore_schemas)")
    assert found == [
        ("DR233", "etl", f"schema etl is not in the target and holds 1 relation; {keep}"),
        ("DR233", "legacy", f"schema legacy is not in the target and holds 2 relations; {keep}"),
    ]
    assert all(not f.operations for f in result.findings)
    assert "DROP SCHEMA" not in render_sql(build_plan(result.findings, result.live))


def test_scope_keeps_schemas_out_of_reading_and_reporting(new_db: str, pg_server: str,
                                                          tmp_path: Path) -> None:
    apply_sql(new_db, LIVE)
    # the target declares etl.stage otherwise; ignored, it is neither read nor compared
    sql = "CREATE SCHEMA etl;\nCREATE TABLE etl.stage (id bigint, x text);\n" \
          "CREATE TABLE public.a (id int PRIMARY KEY);\n"
    found = _found(tmp_path, new_db, pg_server, sql,
                   '[drift]\nignore_schemas = ["etl", "legacy"]\n')
    assert found == []
    found = _found(tmp_path, new_db, pg_server, sql, '[drift]\nschemas = ["public"]\n')
    assert found == []
    found = _found(tmp_path, new_db, pg_server, sql, '[drift]\nschemas = ["public", "etl"]\n')
    assert [(code, schema) for code, schema, _ in found] == [("DR102", "etl"), ("DR103", "etl")]


def test_approved_drop_and_missing_schema(new_db: str, pg_server: str, tmp_path: Path) -> None:
    apply_sql(new_db, LIVE)
    target = _target(tmp_path, "CREATE SCHEMA etl;\nCREATE SCHEMA api;\n"
                               "CREATE TABLE etl.stage (id int);\n"
                               "CREATE TABLE public.a (id int PRIMARY KEY);\n",
                     '[[approve_drop]]\nschema = "legacy"\n')
    result = run_check(target, new_db, scratch_url=pg_server, data=False)
    assert sorted((f.code, f.schema) for f in result.findings) == [
        ("DR130", "api"), ("DR233", "legacy")]
    sql = render_sql(build_plan(result.findings, result.live))
    assert "CREATE SCHEMA IF NOT EXISTS api;" in sql
    assert "DROP SCHEMA IF EXISTS legacy CASCADE;" in sql
    assert sql.index("CREATE SCHEMA IF NOT EXISTS api") < sql.index("DROP SCHEMA")


def test_an_empty_public_schema_is_not_required(new_db: str, pg_server: str,
                                                tmp_path: Path) -> None:
    """Every new database (the scratch one too) has public: the target says nothing by
    having it empty, so a live database that dropped it is not told to create it."""
    apply_sql(new_db, "DROP SCHEMA public CASCADE; CREATE SCHEMA app; "
                      "CREATE TABLE app.t (id int);")
    assert _found(tmp_path, new_db, pg_server, "CREATE SCHEMA app;\n"
                                               "CREATE TABLE app.t (id int);\n") == []
