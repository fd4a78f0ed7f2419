"""Owners and privileges (DR137, DR138), compared only with [drift] compare_privileges."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from drift.check import run_check
from drift.errors import DriftInputError
from drift.plan import build_plan
from drift.render.sql import render_sql
from drift.scratch import embedded_url, with_database

pytestmark = pytest.mark.integration
COMPARE = "[drift]\ncompare_privileges = true\n"


def _run(url: str, text: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(text.encode())


def _target(tmp_path: Path, schema: str, toml: str | None = COMPARE) -> Path:
    (tmp_path / "schema.sql").write_text(schema, encoding="utf-8")
    if toml is not None:
        (tmp_path / "drift.toml").write_text(toml, encoding="utf-8")
    return tmp_path


@pytest.fixture
def role() -> Iterator[str]:
    """A role name no server has yet; dropped (wherever drift created it) afterwards."""
    name = f"drift_role_{secrets.token_hex(4)}"
    yield name
    with psycopg.connect(embedded_url(), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(name)))


def test_off_by_default(new_db: str, pg_server: str, tmp_path: Path) -> None:
    _run(new_db, "CREATE TABLE t (id int); GRANT SELECT ON t TO PUBLIC;")
    target = _target(tmp_path, "CREATE TABLE t (id int);\n", toml=None)
    assert run_check(target, new_db, scratch_url=pg_server, data=False).findings == []


def test_grants_and_owner_are_planned(new_db: str, pg_server: str, tmp_path: Path) -> None:
    _run(new_db, "CREATE TABLE t (id int); GRANT SELECT, UPDATE ON t TO PUBLIC;")
    target = _target(tmp_path, "CREATE TABLE t (id int);\nGRANT SELECT ON t TO PUBLIC;\n"
                               "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';\n"
                               "REVOKE ALL ON FUNCTION f() FROM PUBLIC;\n")
    result = run_check(target, new_db, scratch_url=pg_server, data=False)
    assert sorted((f.code, f.message) for f in result.findings if f.code != "DR131") == [
        ("DR137", "function public.f() (once created) has beyond the target EXECUTE to PUBLIC"),
        ("DR137", "table public.t has beyond the target UPDATE to PUBLIC"),
    ]
    plan = render_sql(build_plan(result.findings, result.live))
    assert "REVOKE UPDATE ON TABLE public.t FROM PUBLIC;" in plan
    assert plan.index("CREATE OR REPLACE FUNCTION public.f()") < plan.index(
        "REVOKE EXECUTE ON ROUTINE public.f() FROM PUBLIC;")


def test_no_role_is_created_on_a_scratch_url(new_db: str, pg_server: str, tmp_path: Path,
                                             role: str) -> None:
    """A --scratch-url server is not drift's own: a missing role is one clear line."""
    _run(new_db, "CREATE TABLE t (id int);")
    target = _target(tmp_path, f"CREATE TABLE t (id int);\nGRANT SELECT ON t TO {role};\n")
    with pytest.raises(DriftInputError) as info:
        run_check(target, new_db, scratch_url=pg_server, data=False)
    assert str(info.value).endswith(
        f'role "{role}" does not exist (drift creates no role on a --scratch-url server: '
        "create it there, or leave out --scratch-url)")


def test_roles_are_created_on_the_default_scratch(tmp_path: Path, role: str) -> None:
    """On drift's own scratch server, a role the target names is created NOLOGIN and the
    check says so; the GRANT it needed then compares as any other."""
    with psycopg.connect(embedded_url(), autocommit=True) as conn:
        name = f"drift_live_{secrets.token_hex(4)}"
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    live = with_database(embedded_url(), name)
    try:
        _run(live, "CREATE TABLE t (id int);")
        target = _target(tmp_path, f"CREATE TABLE t (id int);\nGRANT SELECT ON t TO {role};\n")
        result = run_check(target, live, data=False)  # no --scratch-url
        assert result.notes == [
            "the target grants to or names roles the scratch server lacked: drift created "
            f"them there, NOLOGIN ({role})"]
        assert [(f.code, f.message) for f in result.findings] == [
            ("DR137", f"table public.t lacks SELECT to {role}")]
        with psycopg.connect(embedded_url()) as conn:
            row = conn.execute("SELECT rolcanlogin FROM pg_roles WHERE rolname = %s",
                               (role,)).fetchone()
        assert row == (False,)
    finally:
        with psycopg.connect(embedded_url(), autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
