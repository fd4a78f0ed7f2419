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
    assert line == "drift: error: nope/missing: no such file or directory"


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
