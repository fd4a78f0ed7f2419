"""Long data checks show progress on stderr when it is a terminal, and nothing extra
otherwise. The 2 s threshold is $DRIFT_PROGRESS_AFTER (0: every check shows at once),
so nothing here depends on how long a query takes."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = "CREATE TABLE t (id int PRIMARY KEY, a int UNIQUE, note text NOT NULL);\n"


def _drift(new_db: str, pg_server: str, expected: Path, *, tty: bool) -> tuple[int, str, str]:
    """Run `drift check` with stdout piped and stderr a pty (`tty`) or a pipe."""
    args = [sys.executable, "-m", "drift", "check", "--expected", str(expected), "--db",
            new_db, "--scratch-url", pg_server]
    env = {**os.environ, "DRIFT_PROGRESS_AFTER": "0", "COLUMNS": "200"}
    if not tty:
        done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=300, check=False)
        return done.returncode, done.stdout, done.stderr
    master, slave = pty.openpty()
    run = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=slave,
                           text=True)
    os.close(slave)
    err = b""
    while True:  # drain the terminal until drift closes it
        try:
            chunk = os.read(master, 4096)
        except OSError:  # EIO: every writer has closed the pty
            break
        if not chunk:
            break
        err += chunk
    stdout, _ = run.communicate(timeout=300)
    os.close(master)
    return run.returncode, stdout, err.decode("utf-8", "replace")


def test_progress_only_on_a_terminal(new_db: str, pg_server: str, tmp_path: Path) -> None:
    with psycopg.connect(new_db, autocommit=True) as conn:
        conn.execute("CREATE TABLE t (id int PRIMARY KEY, a int, note text)")
        conn.execute("INSERT INTO t SELECT g, g % 50, CASE WHEN g % 7 = 0 THEN NULL"
                     " ELSE 'x' END FROM generate_series(1, 500) g")
        conn.execute("ANALYZE t")
    (tmp_path / "schema.sql").write_text(SCHEMA)
    code, out, err = _drift(new_db, pg_server, tmp_path, tty=True)
    plain_code, plain_out, plain_err = _drift(new_db, pg_server, tmp_path, tty=False)
    assert code == plain_code == 3, (out, err)
    # on the terminal: which table, which check, the row estimate, the elapsed time
    assert "public.t: nulls" in err and "public.t: duplicate (a), sort" in err, err
    assert "(~500 rows, estimate)" in err and "elapsed" in err, err
    # nothing of it on a stderr that is not a terminal, nor ever on stdout
    assert "elapsed" not in plain_err and "estimate" not in plain_err, plain_err
    assert "elapsed" not in out and out == plain_out
