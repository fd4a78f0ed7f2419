"""Connections: URL handling, masking, and the read-only session used on targets."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import psycopg

from drift.errors import DriftInputError

_SCHEMES = ("postgresql", "postgres")


def normalize_url(url: str) -> str:
    """Accept `postgresql://`, `postgres://` and SQLAlchemy's `postgresql+psycopg://`."""
    scheme, sep, rest = url.partition("://")
    base = scheme.split("+", 1)[0]
    if not sep or base not in _SCHEMES:
        raise DriftInputError(f"database URL must start with postgresql://, got {mask(url)!r}")
    return f"postgresql://{rest}"


def mask(url: str) -> str:
    """The URL with its password, in the user part or the query, replaced by `***`."""
    head, sep, query = url.partition("?")
    parts = urlsplit(head)
    if parts.password:
        head = head.replace(f":{parts.password}@", ":***@", 1)
    if not sep:
        return head
    items = [f"{k}=***" if k.lower() == "password" and eq else f"{k}{eq}{v}"
             for k, eq, v in (item.partition("=") for item in query.split("&"))]
    return f"{head}?{'&'.join(items)}"


def describe(url: str) -> dict[str, str | int | None]:
    """The target as the JSON report names it: no password, ever."""
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    host = parts.hostname or next(iter(query.get("host", [])), None)
    return {
        "url": mask(url),
        "host": host,
        "port": parts.port,
        "database": parts.path.lstrip("/") or None,
        "user": parts.username,
    }


def connect(url: str, *, autocommit: bool = False,
            application: str = "drift") -> psycopg.Connection:
    """Open a connection, turning every failure into one clear line."""
    try:
        return psycopg.connect(normalize_url(url), autocommit=autocommit,
                               application_name=application, connect_timeout=10)
    except psycopg.Error as exc:
        reason = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
        raise DriftInputError(f"cannot connect to {mask(url)}: {reason}") from exc


@contextlib.contextmanager
def read_only_snapshot(url: str, *, lock_timeout: str = "5s",
                       statement_timeout: str | None = None) -> Iterator[psycopg.Connection]:
    """A REPEATABLE READ, READ ONLY transaction: one consistent view, no writes.

    It works on a hot standby and takes no lock stronger than ACCESS SHARE. The
    transaction is always rolled back.
    """
    conn = connect(url)
    try:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        with conn.transaction(force_rollback=True):
            conn.execute("SELECT set_config('lock_timeout', %s, true)", (lock_timeout,))
            if statement_timeout:
                conn.execute("SELECT set_config('statement_timeout', %s, true)",
                             (statement_timeout,))
            yield conn
    finally:
        conn.close()
