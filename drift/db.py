"""Connections to the databases drift reads, and the one way user SQL runs on them.

drift never writes to a database it audits. That is enforced in layers, by
construction rather than by inspecting SQL text:

1. Every audit connection starts with `default_transaction_read_only=on` in its
   startup options, so no transaction on it can write, even after a COMMIT.
2. Each audit runs in one REPEATABLE READ READ ONLY transaction that is always
   rolled back; PostgreSQL refuses to make it read-write once it has begun.
3. SQL that a user can influence (invariants, CHECK and domain expressions of the
   expected schema) runs only through `run_untrusted`: one `PREPARE` over the
   extended protocol, which refuses more than one statement and takes only a query
   or DML, after the server's own plan of it has been vetted for functions,
   operators, casts and aggregates that are VOLATILE (the only ones that can act
   outside the transaction: dblink, advisory locks, ...). That plan is the one run.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import re
import weakref
from collections.abc import Iterator
from typing import Any

import psycopg

from drift import dsn
from drift.errors import DriftInputError

mask = dsn.mask


def normalize_url(url: str) -> str:
    """Accept `postgresql://`, `postgres://`, `postgresql+psycopg://` and key=value."""
    return dsn.normalize(url)


def describe(url: str) -> dict[str, str | int | None]:
    """The target as the JSON report names it: no password, ever."""
    try:
        params = dsn.parse(url)
    except DriftInputError:
        params = {}
    port = params.get("port", "")
    return {
        "url": mask(url),
        "host": params.get("host") or params.get("hostaddr") or None,
        "port": int(port) if port.isdigit() else None,
        "database": params.get("dbname") or None,
        "user": params.get("user") or None,
    }


def connect(url: str, *, autocommit: bool = False, application: str = "drift",
            read_only: bool = False) -> psycopg.Connection:
    """Open a connection, turning every failure into one clear, masked line.

    With `read_only`, the server starts the session with
    `default_transaction_read_only=on`, after any options the URL itself carries.
    """
    dsn.register(url)
    params = dsn.parse(url)
    extra: dict[str, Any] = {}
    if read_only:
        extra["options"] = dsn.read_only_options(params)
    try:
        return psycopg.connect(dsn.normalize(url), autocommit=autocommit,
                               application_name=application, connect_timeout=10, **extra)
    except psycopg.Error as exc:
        text = str(exc).strip()
        reason = text.splitlines()[-1] if text else type(exc).__name__
        raise DriftInputError(f"cannot connect to {mask(url)}: "
                              f"{dsn.redact(reason, dsn.secrets_of(url))}") from exc


_SNAPSHOT_ID = re.compile(r"^[0-9A-F]+-[0-9A-F]+(-[0-9]+)?$")


@contextlib.contextmanager
def read_only_snapshot(url: str, *, lock_timeout: str = "5s",
                       statement_timeout: str | None = None,
                       work_mem: str | None = None,
                       snapshot: str | None = None) -> Iterator[psycopg.Connection]:
    """A REPEATABLE READ, READ ONLY transaction on a read-only session.

    It works on a hot standby and takes no lock stronger than ACCESS SHARE. The
    transaction is always rolled back. `work_mem` (e.g. "65536kB") is set for this
    transaction only, so the data checks' hash aggregates need not spill to disk.
    `snapshot` (from `pg_export_snapshot()` in another such transaction, still open)
    makes this transaction see exactly what that one sees.
    """
    if snapshot is not None and not _SNAPSHOT_ID.match(snapshot):
        raise ValueError(f"not a snapshot id: {snapshot!r}")
    with _snapshot_session(url, lock_timeout=lock_timeout, statement_timeout=statement_timeout,
                           work_mem=work_mem, snapshot=snapshot) as conn:
        _SESSIONS[conn] = (url, lock_timeout, statement_timeout, work_mem)
        yield conn


@contextlib.contextmanager
def _snapshot_session(url: str, *, lock_timeout: str, statement_timeout: str | None,
                      work_mem: str | None = None,
                      snapshot: str | None = None) -> Iterator[psycopg.Connection]:
    """One read-only session in a REPEATABLE READ READ ONLY transaction, rolled back;
    with `snapshot`, the transaction adopts that exported snapshot first."""
    conn = connect(url, read_only=True)
    try:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        with conn.transaction(force_rollback=True):
            if snapshot is not None:  # must be the transaction's first statement
                conn.execute(f"SET TRANSACTION SNAPSHOT '{snapshot}'".encode())
            conn.execute("SELECT set_config('lock_timeout', %s, true)", (lock_timeout,))
            if statement_timeout:
                conn.execute("SELECT set_config('statement_timeout', %s, true)",
                             (statement_timeout,))
            if work_mem:
                conn.execute("SELECT set_config('work_mem', %s, true)", (work_mem,))
            yield conn
    finally:
        conn.close()


# What opened each read_only_snapshot connection, so a reader can open more sessions
# on the same snapshot (drift.inspect reads the catalog on several at once).
_SESSIONS: weakref.WeakKeyDictionary[
    psycopg.Connection, tuple[str, str, str | None, str | None]] = weakref.WeakKeyDictionary()


@contextlib.contextmanager
def same_snapshot(conn: psycopg.Connection, count: int, *, on_standby: bool = False,
                  ) -> Iterator[list[contextlib.AbstractContextManager[psycopg.Connection]]]:
    """Up to `count` more sessions that see exactly what `conn` sees, as `pg_dump -j`
    does: `conn` exports its snapshot (`pg_export_snapshot`) and each new session,
    opened exactly as `read_only_snapshot` opens one (read-only session, REPEATABLE
    READ READ ONLY transaction, the same lock and statement timeouts and work_mem,
    always rolled back), adopts it with `SET TRANSACTION SNAPSHOT` before anything else.

    Yields openers (context managers), to be entered where the session is used; none
    when `conn` was not opened by `read_only_snapshot` (its URL is unknown) or the
    server cannot export a snapshot: the caller then reads on `conn` alone. The
    exported snapshot lives as long as `conn`'s transaction, which outlives them.
    On a hot standby (which exports snapshots since PostgreSQL 10) only with
    `on_standby`: the data checks' sessions (`check.Session.twins`) are opened there
    too; the catalog read keeps to `conn` alone on a standby.
    """
    opened = _SESSIONS.get(conn)
    if not opened or count < 1:
        yield []
        return
    # PostgreSQL exports no snapshot from a subtransaction (a savepoint): only at
    # read_only_snapshot's own transaction block, the one psycopg transaction open.
    if getattr(conn, "_num_transactions", 0) != 1:
        yield []
        return
    url, lock_timeout, statement_timeout, work_mem = opened
    if not on_standby:
        standby = conn.execute("SELECT pg_is_in_recovery()").fetchone()
        if not standby or standby[0]:
            yield []
            return
    row = conn.execute("SELECT pg_export_snapshot()").fetchone()
    snapshot = str(row[0]) if row else ""
    if not _SNAPSHOT_ID.match(snapshot):  # pragma: no cover - the server's own format
        yield []
        return
    yield [_snapshot_session(url, lock_timeout=lock_timeout, statement_timeout=statement_timeout,
                             work_mem=work_mem, snapshot=snapshot) for _ in range(count)]


class UnsafeQuery(psycopg.errors.InsufficientPrivilege):
    """User SQL that drift refuses to run on an audited database."""


_CALLED = re.compile(r'(?:"((?:[^"]|"")+)"|([A-Za-z_][A-Za-z0-9_$]*))\s*\(')
_CAST_TO = re.compile(r'::\s*(?:"((?:[^"]|"")+)"|([A-Za-z_][A-Za-z0-9_$]*))')

# Everything VOLATILE a plan can call without naming a function: operators, casts
# and aggregates whose support functions are volatile, besides functions themselves.
_VOLATILE_SQL = """
SELECT 'function', p.proname FROM pg_proc p
 WHERE p.proname = ANY(%(names)s) AND p.provolatile = 'v'
UNION
SELECT 'aggregate', p.proname FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
  JOIN pg_proc s ON s.oid IN (a.aggtransfn, a.aggfinalfn, a.aggcombinefn)
 WHERE p.proname = ANY(%(names)s) AND s.provolatile = 'v'
UNION
SELECT 'operator', o.oprname FROM pg_operator o JOIN pg_proc p ON p.oid = o.oprcode
 WHERE p.provolatile = 'v' AND position(o.oprname IN %(text)s) > 0
UNION
SELECT 'cast', t.typname FROM pg_cast c JOIN pg_proc p ON p.oid = c.castfunc
  JOIN pg_type t ON t.oid = c.casttarget
 WHERE p.provolatile = 'v' AND t.typname = ANY(%(casts)s)
ORDER BY 1, 2
"""


def _plan_text(node: Any) -> str:
    """Every expression string of an EXPLAIN (VERBOSE, FORMAT JSON) plan."""
    if isinstance(node, dict):
        return "\n".join(_plan_text(v) for v in node.values())
    if isinstance(node, list):
        return "\n".join(_plan_text(v) for v in node)
    return node if isinstance(node, str) else ""


def _volatile_in(conn: psycopg.Connection, plan: Any) -> list[str]:
    """What a plan (EXPLAIN (VERBOSE, FORMAT JSON)) calls that is VOLATILE.

    EXPLAIN without ANALYZE runs nothing: planning evaluates only IMMUTABLE
    functions. Views and SQL functions are expanded in the plan, so what they call
    is seen too.
    """
    text = _plan_text(plan if not isinstance(plan, str) else json.loads(plan))
    names = sorted({(q or n).replace('""', '"') for q, n in _CALLED.findall(text)})
    casts = sorted({(q or n).replace('""', '"') for q, n in _CAST_TO.findall(text)})
    rows = conn.execute(_VOLATILE_SQL, {"names": names, "casts": casts, "text": text},
                        prepare=True).fetchall()
    return [f"{kind} {name}" for kind, name in rows]


_NAMES = itertools.count(1)
# Prepared statements perhaps left behind when a statement after the PREPARE failed
# (DEALLOCATE cannot run in a failed transaction), dropped at the next call on the
# same connection if they are still there.
_LEFT: weakref.WeakKeyDictionary[psycopg.Connection, list[str]] = weakref.WeakKeyDictionary()


def run_untrusted(conn: psycopg.Connection, sql: str, *, limit: int | None = None
                  ) -> tuple[tuple[str, ...], list[tuple[Any, ...]]]:
    """Run one query that user input shaped, on an audited database: its column
    names and rows (at most `limit`).

    The server parses it once (`PREPARE`, which takes one plannable statement: a
    query or DML, never a utility command such as SET or COMMIT), plans it once
    (`EXPLAIN (VERBOSE) EXECUTE`, whose generic plan the `EXECUTE` then reuses) and
    runs that plan. Raises `UnsafeQuery` (a psycopg error, so callers report the
    check as not evaluated) when the plan calls anything VOLATILE, and the server's
    own error when the text holds more than one statement.
    """
    left = _LEFT.setdefault(conn, [])
    if left and conn.info.transaction_status is not psycopg.pq.TransactionStatus.INERROR:
        kept = conn.execute("SELECT name FROM pg_prepared_statements WHERE name = ANY(%s)",
                            (left,)).fetchall()
        for (stale,) in kept:
            conn.execute(f"DEALLOCATE {stale}".encode())
        left.clear()
    name = f"drift_untrusted_{next(_NAMES)}"
    # The extended protocol (prepare=True), never the simple one: it refuses a second
    # statement after the PREPARE (a COMMIT; SET TRANSACTION READ WRITE; ...)
    conn.execute(f"PREPARE {name} AS {sql}".encode(), prepare=True)
    left.append(name)
    row = conn.execute(f"EXPLAIN (VERBOSE, FORMAT JSON) EXECUTE {name}".encode()).fetchone()
    unsafe = _volatile_in(conn, row[0] if row else [])
    if unsafe:
        conn.execute(f"DEALLOCATE {left.pop()}".encode())
        raise UnsafeQuery(f"refused to run: it calls {', '.join(unsafe)}, which is VOLATILE; "
                          "drift runs only IMMUTABLE and STABLE code on a database it audits")
    with conn.cursor() as cur:
        cur.execute(f"EXECUTE {name}".encode())
        rows = cur.fetchall() if limit is None else cur.fetchmany(limit)
        names = tuple(d.name for d in cur.description or ())
    conn.execute(f"DEALLOCATE {left.pop()}".encode())
    state = conn.execute("SELECT current_setting('transaction_read_only')").fetchone()
    if not state or state[0] != "on":  # pragma: no cover - PostgreSQL forbids it
        raise RuntimeError("the audit transaction is no longer read-only; stopping")
    return names, rows
