"""drift never writes to a database it audits, whatever SQL its own config holds.

Whoever can edit drift.toml (or the expected schema) in a pull request must not be able
to write to the database that CI audits. Each escape below is tried as a `check` or a
`query` invariant (or as a CHECK of the expected schema) by a full `drift check` on a
primary where the connecting role is a superuser and dblink is installed; afterwards
the catalog, the rows, the sequence, the role and database settings, the server's
files and its other sessions are exactly as before. Each layer of the defence is also
tested alone, so that no single layer carries the guarantee by accident.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from click.testing import CliRunner

from drift.cli import main
from drift.db import UnsafeQuery, connect, read_only_snapshot, run_untrusted

pytestmark = pytest.mark.integration

SCHEMA = """\
CREATE EXTENSION IF NOT EXISTS dblink;
CREATE SEQUENCE s;
CREATE TABLE victim (id int PRIMARY KEY, v text);
CREATE FUNCTION bump(int) RETURNS int LANGUAGE sql AS 'SELECT nextval(''s'')::int + $1';
CREATE FUNCTION wipe() RETURNS int LANGUAGE plpgsql
  AS $$BEGIN DELETE FROM victim; RETURN 0; END$$;
CREATE VIEW counter AS SELECT nextval('s') AS n;
"""
ROWS = "INSERT INTO victim VALUES (1, 'a'), (2, 'b'), (3, 'c');"
# A connection string dblink can use to reach this same database as a new session.
SELF = ("'host=' || current_setting('unix_socket_directories') || ' port=' || "
        "current_setting('port') || ' dbname=' || current_database() || ' user=' || current_user")

# drift wraps a `check` as `... WHERE NOT (<check>)) AS v` and a `query` as
# `SELECT count(*) FROM (<query>) AS v`: an attacker closes the wrapper, runs his
# statements, and opens a new query that the wrapper's tail completes.
def out_of_check(statements: str) -> str:
    return f"false)) AS v; {statements}; SELECT count(*) FROM (SELECT 1 WHERE NOT (false"


def out_of_query(statements: str) -> str:
    return f"SELECT 1 WHERE false) AS v; {statements}; SELECT count(*) FROM (SELECT 1"


# (name, kind, SQL, harmless): harmless ones are valid single read-only statements
# that drift evaluates (and that find nothing); the others are refused, never run.
ESCAPES: list[tuple[str, str, str, bool]] = [
    ("commit_drop", "check", out_of_check("COMMIT; DROP TABLE victim"), False),
    ("commit_delete", "query", out_of_query("COMMIT; DELETE FROM victim"), False),
    ("rollback_delete", "query", out_of_query("ROLLBACK; DELETE FROM victim"), False),
    ("set_transaction", "query",
     out_of_query("COMMIT; BEGIN; SET TRANSACTION READ WRITE; DELETE FROM victim; COMMIT"),
     False),
    ("session_characteristics", "query",
     out_of_query("COMMIT; SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE; "
                  "DELETE FROM victim"), False),
    ("reset_all", "query", out_of_query("COMMIT; RESET ALL; DELETE FROM victim"), False),
    ("do_block", "query",
     out_of_query("COMMIT; DO $$BEGIN DELETE FROM victim; END$$"), False),
    ("nextval", "check", "nextval('s') > 0", False),
    ("setval", "check", "setval('s', 1000) > 0", False),
    ("sql_function_inlined", "check", "bump(id) > 0", False),
    ("plpgsql_function", "check", "wipe() = 0", False),
    ("view_calling_nextval", "query", "SELECT n FROM counter WHERE n < 0", False),
    ("advisory_lock", "check", "pg_advisory_lock(42) IS NOT NULL", False),
    ("set_config_read_write", "query",
     out_of_query("COMMIT; SELECT set_config('default_transaction_read_only', 'off', false);"
                  " DELETE FROM victim"), False),
    ("dblink_exec", "check", f"dblink_exec({SELF}, 'DELETE FROM victim') IS NOT NULL", False),
    ("dblink_query", "query",
     f"SELECT * FROM dblink({SELF}, 'DELETE FROM victim RETURNING id') AS t(id int)", False),
    ("copy_to_program", "query",
     out_of_query("COPY (SELECT 1) TO PROGRAM 'touch {canary}'"), False),
    ("copy_to_file", "query", out_of_query("COPY victim TO '{canary}'"), False),
    ("lo_export", "query",
     "SELECT lo_export(lo_from_bytea(0, 'x'), '{canary}')", False),
    ("terminate_others", "query",
     "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
     " WHERE pid <> pg_backend_pid() AND backend_type = 'client backend'", False),
    ("alter_system", "query", out_of_query("COMMIT; ALTER SYSTEM SET work_mem = '1GB'"),
     False),
    ("comment_hides_semicolon", "query",
     out_of_query("COMMIT /* ; */; DELETE FROM victim -- ;\n"), False),
    ("dollar_quote_hides_semicolon", "query",
     out_of_query("COMMIT; DO $q$BEGIN EXECUTE 'DELETE FROM victim' || $x$;$x$; END$q$"),
     False),
    ("writable_cte", "query", "WITH d AS (DELETE FROM victim RETURNING id) SELECT id FROM d",
     False),
    ("select_for_update", "query", "SELECT id FROM victim WHERE id < 0 FOR UPDATE", False),
    # One statement with a semicolon inside a dollar quote or a comment is legitimate:
    # drift runs it, read-only, and it finds nothing.
    ("dollar_quoted_semicolon_is_data", "query",
     "SELECT id FROM victim WHERE v = $x$; COMMIT; DELETE FROM victim$x$", True),
    ("commented_semicolon_is_data", "check", "v <> ';' /* ; COMMIT; */", True),
]


def fingerprint(url: str, canary: Path) -> dict[str, Any]:
    """What an escape could change: catalog, rows, sequence, settings, files, sessions."""
    with psycopg.connect(url, autocommit=True) as c:
        return {
            "relations": c.execute(
                "SELECT c.oid::regclass::text, c.relkind, c.relfilenode FROM pg_class c"
                " JOIN pg_namespace n ON n.oid = c.relnamespace"
                " WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')"
                " ORDER BY 1").fetchall(),
            "functions": c.execute("SELECT oid::regprocedure::text FROM pg_proc"
                                   " WHERE pronamespace = 'public'::regnamespace"
                                   " ORDER BY 1").fetchall(),
            "rows": c.execute("SELECT * FROM victim ORDER BY id").fetchall(),
            "sequence": c.execute("SELECT last_value, is_called FROM s").fetchone(),
            "settings": c.execute("SELECT setdatabase, setrole, setconfig"
                                  " FROM pg_db_role_setting ORDER BY 1, 2").fetchall(),
            "auto_conf": c.execute("SELECT name, setting FROM pg_file_settings"
                                   " WHERE sourcefile LIKE '%%postgresql.auto.conf'"
                                   " ORDER BY 1").fetchall(),
            "large_objects": c.execute("SELECT count(*) FROM pg_largeobject_metadata"
                                       ).fetchone(),
            "others": c.execute("SELECT count(*) FROM pg_stat_activity WHERE backend_type ="
                                " 'client backend' AND pid <> pg_backend_pid()"
                                " AND datname = current_database()").fetchone(),
            "advisory_locks": c.execute("SELECT count(*) FROM pg_locks"
                                        " WHERE locktype = 'advisory'").fetchone(),
            "canary": canary.exists(),
        }


@pytest.fixture
def canary() -> Iterator[Path]:
    """A path the server's own OS user could create (COPY TO PROGRAM, lo_export)."""
    where = Path(tempfile.mkdtemp(prefix="drift-canary-"))
    where.chmod(0o777)
    yield where / "canary"
    shutil.rmtree(where, ignore_errors=True)


@pytest.fixture
def audited(new_db: str) -> str:
    with psycopg.connect(new_db, autocommit=True) as c:
        c.execute(SCHEMA)
        c.execute(ROWS)
    return new_db


def expected_dir(tmp_path: Path, invariants: list[tuple[str, str, str]],
                 extra_schema: str = "") -> Path:
    root = tmp_path / "expected"
    root.mkdir()
    (root / "schema.sql").write_text(SCHEMA + extra_schema)
    lines = []
    for name, kind, sql in invariants:
        lines += ["[[invariants]]", f"name = {json.dumps(name)}", 'table = "victim"',
                  f"{kind} = {json.dumps(sql)}", ""]
    (root / "drift.toml").write_text("\n".join(lines))
    return root


def run_check(expected: Path, url: str, scratch: str, out: Path) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(main, ["check", "--expected", str(expected), "--db", url,
                                       "--scratch-url", scratch, "--json", str(out)])
    assert result.exit_code in (0, 1, 3), result.output
    return result.exit_code, json.loads(out.read_text())


@pytest.mark.parametrize(("name", "kind", "sql", "harmless"), ESCAPES,
                         ids=[e[0] for e in ESCAPES])
def test_an_escape_changes_nothing(audited: str, pg_server: str, tmp_path: Path, canary: Path,
                                   name: str, kind: str, sql: str, harmless: bool) -> None:
    sql = sql.replace("{canary}", str(canary))
    before = fingerprint(audited, canary)
    expected = expected_dir(tmp_path, [(name, kind, sql)])
    _, report = run_check(expected, audited, pg_server, tmp_path / "report.json")
    assert fingerprint(audited, canary) == before
    findings = [f for f in report["findings"] if f["object"] == name]
    if harmless:  # evaluated, read-only, and nothing breaks it
        assert findings == [], findings
    else:  # refused: reported as not evaluated, never run
        assert [f["code"] for f in findings] == ["DR502"], findings
        assert findings[0]["evidence"]["error"]


def test_every_escape_in_one_run_changes_nothing(audited: str, pg_server: str,
                                                 tmp_path: Path, canary: Path) -> None:
    """All at once, in file order: an earlier escape cannot open the door for a later."""
    before = fingerprint(audited, canary)
    expected = expected_dir(tmp_path, [(n, k, s.replace("{canary}", str(canary)))
                                       for n, k, s, _ in ESCAPES])
    _, report = run_check(expected, audited, pg_server, tmp_path / "report.json")
    assert fingerprint(audited, canary) == before
    refused = {f["object"] for f in report["findings"] if f["code"] == "DR502"}
    assert refused == {n for n, _, _, harmless in ESCAPES if not harmless}


def test_a_hostile_check_in_the_expected_schema_is_not_run(audited: str, pg_server: str,
                                                           tmp_path: Path, canary: Path) -> None:
    """A CHECK of the expected schema is evaluated on the live rows as a data check:
    a volatile call in it is refused like an invariant's."""
    before = fingerprint(audited, canary)
    expected = expected_dir(tmp_path, [], "ALTER TABLE victim ADD CONSTRAINT evil"
                                          " CHECK (setval('s', 1000) > 0 AND wipe() = 0);\n")
    _, report = run_check(expected, audited, pg_server, tmp_path / "report.json")
    assert fingerprint(audited, canary) == before
    codes = {f["code"] for f in report["findings"] if f["object"] == "evil"}
    assert "DR405" in codes, report["findings"]  # the CHECK's rows: not evaluated


# Each layer alone.

def test_layer_read_only_session_survives_commit(audited: str) -> None:
    """Startup option default_transaction_read_only=on: even the simple protocol,
    several statements and a COMMIT cannot write."""
    with connect(audited, read_only=True, autocommit=True) as conn:
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            conn.execute("COMMIT; DELETE FROM victim")
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            conn.execute("BEGIN; DELETE FROM victim; COMMIT")
    with psycopg.connect(audited) as c:
        assert c.execute("SELECT count(*) FROM victim").fetchone() == (3,)


def test_layer_one_statement_only(audited: str) -> None:
    with read_only_snapshot(audited) as conn:
        with pytest.raises(psycopg.errors.SyntaxError, match="multiple commands"), \
                conn.transaction():
            run_untrusted(conn, "SELECT 1; SELECT 2")


def test_layer_volatile_calls_are_refused_before_running(audited: str) -> None:
    with read_only_snapshot(audited) as conn:
        for sql in ("SELECT nextval('s')", "SELECT * FROM counter", "SELECT bump(1)",
                    "SELECT count(*) FROM victim WHERE random() < 2"):
            with pytest.raises(UnsafeQuery, match="VOLATILE"), conn.transaction():
                run_untrusted(conn, sql)
        with conn.transaction():  # stable and immutable code runs
            names, rows = run_untrusted(conn, "SELECT upper(v), now() > '2000-01-01'"
                                              " FROM victim ORDER BY id")
    assert names == ("upper", "?column?") and rows[0] == ("A", True)
    with psycopg.connect(audited) as c:
        assert c.execute("SELECT last_value, is_called FROM s").fetchone() == (1, False)
