"""Bad input: exit code 2, one line naming the file and position or the target."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from drift.demo import legacy_sql_path
from drift.sources.sql import apply_sql

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]


def drift(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "drift", *args], capture_output=True, text=True,
                          cwd=ROOT, env=env, check=False, timeout=120)


def one_error_line(run: subprocess.CompletedProcess[str]) -> str:
    assert run.returncode == 2, (run.stdout, run.stderr)
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, run.stderr
    assert "Traceback" not in run.stderr
    return lines[0]


def test_missing_expected_path(new_db: str) -> None:
    line = one_error_line(drift("check", "--expected", "nope/missing", "--db", new_db))
    assert line == "drift: error: --expected: nope/missing: no such file or directory"


def test_malformed_sql_names_file_line_and_column(new_db: str, pg_server: str,
                                                  tmp_path: Path) -> None:
    bad = tmp_path / "schema.sql"
    bad.write_text("CREATE TABLE a (id int);\n\nCREATE TABLE b (\n"
                   "  id int,\n  x nonsense_type\n);\n")
    line = one_error_line(drift("check", "--expected", str(bad), "--db", new_db,
                                "--scratch-url", pg_server))
    assert line == f'drift: error: {bad}:5:5: type "nonsense_type" does not exist'


def test_malformed_toml_names_file_and_line(new_db: str, pg_server: str, tmp_path: Path) -> None:
    (tmp_path / "schema.sql").write_text("CREATE TABLE a (id int);\n")
    (tmp_path / "drift.toml").write_text('[drift]\ndefault_priority = "must"\n[[renames]\n')
    line = one_error_line(drift("check", "--expected", str(tmp_path), "--db", new_db,
                                "--scratch-url", pg_server))
    assert line.startswith(f"drift: error: {tmp_path / 'drift.toml'}: invalid TOML:")
    assert "line 3" in line


def test_bad_priority_in_toml(new_db: str, tmp_path: Path) -> None:
    (tmp_path / "schema.sql").write_text("CREATE TABLE a (id int);\n")
    (tmp_path / "drift.toml").write_text('[[renames]]\nfrom = "a"\nto = "b"\npriority = "now"\n')
    line = one_error_line(drift("check", "--expected", str(tmp_path), "--db", new_db))
    assert "renames[0]: priority must be must, should or defer, got 'now'" in line


def test_unreachable_database(tmp_path: Path) -> None:
    url = f"postgresql://nobody@/postgres?host={tmp_path}&port=5999"
    line = one_error_line(drift("check", "--expected", str(ROOT / "expected_schema/nft_instances"),
                                "--db", url))
    assert line.startswith(f"drift: error: cannot connect to {url}:")


def test_no_database_given() -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    line = one_error_line(drift("check", "--expected", "expected_schema/nft_instances", env=env))
    assert line == "drift: error: no target database: pass --db URL or set DATABASE_URL"


def _require_password(server: str) -> str:
    """Make role `drift_pw` authenticate by password on this server, if we own its config."""
    with psycopg.connect(server, autocommit=True) as conn:
        hba = Path(conn.execute("SHOW hba_file").fetchone()[0])  # type: ignore[index]
        if not os.access(hba, os.W_OK):
            pytest.skip("pg_hba.conf of the test server is not ours to change")
        conn.execute("DROP ROLE IF EXISTS drift_pw")
        conn.execute("CREATE ROLE drift_pw LOGIN PASSWORD 'right-secret'")
        rule = "local all drift_pw scram-sha-256\n"
        text = hba.read_text()
        if rule not in text:
            hba.write_text(rule + text)
            conn.execute("SELECT pg_reload_conf()")
    return server.replace("postgres:@", "drift_pw:wrong-secret@", 1)


def test_wrong_password_masks_it(pg_server: str) -> None:
    if "postgres:@" not in pg_server:
        pytest.skip("needs the embedded server's socket URL")
    url = _require_password(pg_server)
    line = one_error_line(drift("check", "--expected", "expected_schema/nft_instances",
                                "--db", url))
    assert "password authentication failed" in line
    assert "wrong-secret" not in line and "drift_pw:***@" in line


def test_internal_errors_are_one_line_unless_debug(new_db: str, tmp_path: Path) -> None:
    (tmp_path / "snapshot.json").write_text('{"format": "drift-snapshot", "tables": [{}]}')
    line = one_error_line(drift("check", "--expected", str(tmp_path), "--db", new_db))
    assert "not a drift snapshot" in line
    debug = drift("--debug", "check", "--expected", str(tmp_path), "--db", new_db)
    assert debug.returncode == 2 and "Traceback" in debug.stderr


def test_exit_codes_for_drift_and_blockers(new_db: str, pg_server: str) -> None:
    apply_sql(new_db, legacy_sql_path())
    target = str(ROOT / "expected_schema/nft_instances")
    run = drift("check", "--expected", target, "--db", new_db, "--scratch-url", pg_server, "-q")
    assert run.returncode == 3, run.stderr
    assert "data blockers: 5" in run.stdout
    schema_only = drift("check", "--expected", target, "--db", new_db, "--scratch-url", pg_server,
                        "--no-data", "-q")
    assert schema_only.returncode == 1, schema_only.stderr


# Option values are checked when the command line is read: before any database is
# contacted (the --db given is unreachable, and the error is about the option) and
# before any embedded server starts (it would make a drift-pg-* directory in TMPDIR).
UNREACHABLE = "postgresql://nobody@/postgres?host=/nonexistent-drift-socket&port=5999"
TARGET = str(ROOT / "expected_schema/nft_instances")


def drift_before_any_server(tmp_path: Path, *args: str) -> str:
    scratch_tmp = tmp_path / "tmp"
    scratch_tmp.mkdir(exist_ok=True)
    env = {**os.environ, "TMPDIR": str(scratch_tmp)}
    env.pop("DATABASE_URL", None)
    line = one_error_line(drift(*args, env=env))
    assert "cannot connect" not in line
    assert not list(scratch_tmp.glob("drift-pg-*")), "an embedded server was started"
    return line


@pytest.mark.parametrize(("value", "message"), [
    ("bogus", "--statement-timeout: 'bogus' is not a duration: give a number with an optional "
              "unit (us, ms, s, min, h, d), e.g. 30s or 5min"),
    ("1ms", "--statement-timeout: 1ms is too short: it bounds every query drift runs, the "
            "catalog reads included, and shorter values cancel them; give 1s or more "
            "(or 0 for no limit)"),
    ("999", "--statement-timeout: 999 is too short:"),
    ("-5s", "--statement-timeout: '-5s' is not a duration"),
    ("10 weeks", "--statement-timeout: '10 weeks' is not a duration"),
    ("25d", "--statement-timeout: 25d is above PostgreSQL's limit of 2147483647ms"),
])
def test_bad_statement_timeouts_fail_before_anything_starts(tmp_path: Path, value: str,
                                                             message: str) -> None:
    line = drift_before_any_server(tmp_path, "check", "--expected", TARGET, "--db", UNREACHABLE,
                                   "--statement-timeout", value)
    assert line.startswith(f"drift: error: {message}"), line


def test_a_good_statement_timeout_reaches_the_server(new_db: str, pg_server: str) -> None:
    apply_sql(new_db, legacy_sql_path())
    run = drift("check", "--expected", TARGET, "--db", new_db, "--scratch-url", pg_server,
                "--statement-timeout", "1.5min", "-q")
    assert run.returncode == 3, run.stderr


@pytest.mark.parametrize(("args", "message"), [
    (("--db", "postgresql:/x@y/db"), "--db: database URL must start with postgresql://"),
    (("--db", "mysql://u@h/db"), "--db: database URL must start with postgresql://"),
    (("--db", "postgresql://u:p@h:notaport/db"),
     "--db: postgresql://u:***@h:notaport/db is not a valid connection URL: port 'notaport' "
     "is not a number from 1 to 65535"),
    (("--db", UNREACHABLE, "--scratch-url", "http://x"),
     "--scratch-url: database URL must start with postgresql://"),
    (("--db", UNREACHABLE, "--schema", ""), "--schema: '' is not a schema name"),
    (("--db", UNREACHABLE, "--json", "."), "--json: .: is a directory, not a file"),
    (("--db", UNREACHABLE, "--html", f"{__file__}/report.html"),
     f"--html: {__file__}/report.html: {__file__} is not a directory"),
    (("--db", UNREACHABLE, "--fail-on", "never"), "--fail-on: 'never' is not one of"),
    (("--db", UNREACHABLE, "--no-such-option"),
     "No such option '--no-such-option'. (see python -m drift check --help)"),
])
def test_bad_option_values_fail_before_anything_starts(tmp_path: Path, args: tuple[str, ...],
                                                       message: str) -> None:
    line = drift_before_any_server(tmp_path, "check", "--expected", TARGET, *args)
    assert line.startswith(f"drift: error: {message}"), line
    assert "p@h" not in line


def test_expected_without_a_source_fails_before_anything_starts(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    line = drift_before_any_server(tmp_path, "check", "--expected", str(empty), "--db", UNREACHABLE)
    assert line == (f"drift: error: --expected: {empty}: holds none of schema.sql, models.py, "
                    "snapshot.json, schema.prisma")


def test_verify_inputs_are_checked_before_anything_starts(tmp_path: Path) -> None:
    line = drift_before_any_server(tmp_path, "verify", "--expected", TARGET, "--db", UNREACHABLE,
                                   "--sql", str(tmp_path / "plan.sql"))
    assert line == f"drift: error: --sql: {tmp_path / 'plan.sql'}: no such file"
    line = drift_before_any_server(tmp_path, "verify", "--expected", TARGET, "--db", UNREACHABLE,
                                   "--alembic", str(tmp_path))
    assert line == (f"drift: error: --alembic: {tmp_path}: no alembic.ini "
                    "(not an Alembic environment)")
    line = drift_before_any_server(tmp_path, "verify", "--expected", TARGET, "--db", UNREACHABLE,
                                   "--sample-rows", "-1")
    assert line.startswith("drift: error: --sample-rows: -1 is not in the range x>=0")


def test_a_missing_required_option_is_one_line(tmp_path: Path) -> None:
    line = drift_before_any_server(tmp_path, "check", "--db", UNREACHABLE)
    assert line == ("drift: error: Missing option '--expected'. "
                    "(see python -m drift check --help)")


@pytest.mark.parametrize(("toml", "message"), [
    ('[drift]\ndefault_priorty = "should"\n',
     "2: unknown key 'default_priorty' in [drift]; did you mean 'default_priority'? (valid: "
     "close_compat_views, compare_privileges, default_priority, default_schema, extra_sql, "
     "ignore_schemas, ignore_tables, schemas)"),
    ('[drift]\ndefault_priority = "must"\n\n[[rename]]\nfrom = "a"\nto = "b"\n',
     "4: unknown table [[rename]]; did you mean [[renames]]?"),
    ('[[renames]]\nfrom = "a"\nto = "b"\ncompat_view = "yes"\n',
     "4: renames[0]: compat_view must be a boolean (true or false), got string 'yes'"),
    ('[[legacy]]\ntable = "a"\nname = "b"\npriority = 3\n',
     "4: legacy[0]: priority must be must, should or defer, got 3"),
    ('[drift]\nignore_tables = "x"\n', "2: [drift]: ignore_tables must be a list of strings"),
    ('[[renames]]\nkind = "column"\ntable = "t"\nfrom = 5\nto = "b"\n',
     "4: renames[0]: from must be a string, got integer 5"),
])
def test_drift_toml_mistakes_fail_at_their_line_before_anything_starts(
        tmp_path: Path, toml: str, message: str) -> None:
    target = tmp_path / "target"
    target.mkdir()
    (target / "schema.sql").write_text("CREATE TABLE a (id int);\n")
    (target / "drift.toml").write_text(toml)
    line = drift_before_any_server(tmp_path, "check", "--expected", str(target),
                                   "--db", UNREACHABLE)
    assert line.startswith(f"drift: error: {target / 'drift.toml'}:{message}"), line


def test_a_scratch_user_without_createdb_is_told_what_it_needs(new_db: str, pg_server: str,
                                                               tmp_path: Path) -> None:
    if "postgres:@" not in pg_server:
        pytest.skip("needs the embedded server's socket URL (trust authentication)")
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute("DROP ROLE IF EXISTS drift_nocreatedb")
        conn.execute("CREATE ROLE drift_nocreatedb LOGIN NOCREATEDB")
    scratch_url = pg_server.replace("postgres:@", "drift_nocreatedb:@", 1)
    (tmp_path / "schema.sql").write_text("CREATE TABLE a (id int);\n")
    try:
        line = one_error_line(drift("check", "--expected", str(tmp_path), "--db", new_db,
                                    "--scratch-url", scratch_url))
    finally:
        with psycopg.connect(pg_server, autocommit=True) as conn:
            conn.execute("DROP ROLE drift_nocreatedb")
    assert line == (f"drift: error: the scratch server user 'drift_nocreatedb' ({scratch_url}) "
                    "may not create databases: it needs CREATEDB (ALTER ROLE drift_nocreatedb "
                    "CREATEDB), or pass a --scratch-url whose user may create databases")


def test_a_missing_extra_sql_file_names_the_line_before_anything_starts(tmp_path: Path) -> None:
    target = tmp_path / "target"
    target.mkdir()
    (target / "schema.sql").write_text("CREATE TABLE a (id int);\n")
    (target / "drift.toml").write_text('# extras\n[drift]\nextra_sql = ["nope.sql"]\n')
    line = drift_before_any_server(tmp_path, "check", "--expected", str(target),
                                   "--db", UNREACHABLE)
    assert line == (f"drift: error: {target / 'drift.toml'}:3: extra_sql {target / 'nope.sql'} "
                    "does not exist")


def test_schema_scope_of_the_wrong_kind(new_db: str, tmp_path: Path) -> None:
    (tmp_path / "schema.sql").write_text("CREATE TABLE a (id int);\n")
    (tmp_path / "drift.toml").write_text('[drift]\n\nignore_schemas = "etl"\n')
    line = one_error_line(drift("check", "--expected", str(tmp_path), "--db", new_db))
    assert line == (f"drift: error: {tmp_path / 'drift.toml'}:3: [drift]: ignore_schemas must "
                    "be a list of strings (e.g. ignore_schemas = [\"a\", \"b\"]), got string "
                    "'etl'")


def test_compare_privileges_of_the_wrong_kind(new_db: str, tmp_path: Path) -> None:
    (tmp_path / "schema.sql").write_text("CREATE TABLE a (id int);\n")
    (tmp_path / "drift.toml").write_text('[drift]\ncompare_privileges = 1\n')
    line = one_error_line(drift("check", "--expected", str(tmp_path), "--db", new_db))
    assert line == (f"drift: error: {tmp_path / 'drift.toml'}:2: [drift]: compare_privileges "
                    "must be a boolean (true or false), got integer 1")
