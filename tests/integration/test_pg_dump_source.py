"""A `pg_dump -s` file is a valid schema.sql: the real pg_dump of the embedded
server writes `\\restrict KEY` ... `\\unrestrict KEY` and OWNER TO / GRANT for roles
the scratch server need not have."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from drift.db import read_only_snapshot
from drift.inspect import read_catalog
from drift.sources import load_expected
from drift.verify import _bin

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]

SCHEMA = """
CREATE TABLE items (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    label text NOT NULL DEFAULT E'\\\\none',
    note text CHECK (note <> 'OWNER TO nobody')
);
CREATE INDEX items_label ON items (label);
CREATE FUNCTION slash() RETURNS text LANGUAGE plpgsql AS $body$
BEGIN
  RETURN '
\\restrict is text here';
END
$body$;
CREATE VIEW labels AS SELECT label FROM items;
COMMENT ON TABLE items IS 'line one
\\unrestrict is text here too';
"""


def dump(url: str, path: Path) -> str:
    run = subprocess.run([_bin("pg_dump"), "--schema-only", "-d", url], capture_output=True,
                         text=True, check=True)
    path.write_text(run.stdout, encoding="utf-8")
    return run.stdout


def test_a_pg_dump_with_roles_the_scratch_server_lacks_loads_as_the_original(
        new_db: str, tmp_path: Path) -> None:
    with psycopg.connect(new_db, autocommit=True) as conn:
        conn.execute("DROP ROLE IF EXISTS drift_dump_owner")
        conn.execute("CREATE ROLE drift_dump_owner")
        conn.execute(SCHEMA)
        conn.execute("ALTER TABLE items OWNER TO drift_dump_owner")
        conn.execute("GRANT SELECT ON labels TO drift_dump_owner")
    text = dump(new_db, tmp_path / "schema.sql")
    assert "\n\\restrict " in text[:200] and "\n\\unrestrict " in text[-200:]
    assert "OWNER TO drift_dump_owner" in text and "GRANT SELECT" in text
    with psycopg.connect(new_db, autocommit=True) as conn:  # the role is gone
        conn.execute("REASSIGN OWNED BY drift_dump_owner TO CURRENT_USER")
        conn.execute("DROP OWNED BY drift_dump_owner")
        conn.execute("DROP ROLE drift_dump_owner")
    with read_only_snapshot(new_db) as conn:
        original = read_catalog(conn, ("public",))
    loaded = load_expected(tmp_path).catalog
    assert loaded.tables == original.tables
    assert loaded.objects == original.objects


def test_drift_check_on_a_pg_dump_of_the_target_finds_nothing_and_notes_the_skips(
        new_db: str, pg_server: str, tmp_path: Path) -> None:
    with psycopg.connect(new_db, autocommit=True) as conn:
        conn.execute(SCHEMA)
    text = dump(new_db, tmp_path / "schema.sql")
    lines = text.splitlines()
    # pg_dump's first \restrict and last \unrestrict: the lines of the same words
    # inside the function body and the comment are text, not commands
    restrict = next(i for i, line in enumerate(lines, 1) if line.startswith("\\restrict "))
    unrestrict = max(i for i, line in enumerate(lines, 1) if line.startswith("\\unrestrict "))
    assert restrict < 10 and unrestrict > len(lines) - 5
    run = subprocess.run([sys.executable, "-m", "drift", "check", "--expected", str(tmp_path),
                          "--db", new_db, "--scratch-url", pg_server, "-q"],
                         capture_output=True, text=True, cwd=ROOT, check=False, timeout=300)
    assert run.returncode == 0, (run.stdout, run.stderr)
    assert run.stderr.splitlines()[0] == (
        f"drift: note: {tmp_path / 'schema.sql'}: skipped psql meta-commands \\restrict "
        f"(line {restrict}), \\unrestrict (line {unrestrict}); skipped "
        f"{text.count(' OWNER TO ')} ownership and privilege statements (OWNER TO, GRANT, "
        "REVOKE: drift compares neither)")
    assert "KEY" not in run.stderr and lines[restrict - 1].split()[1] not in run.stderr
