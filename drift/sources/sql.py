"""A `schema.sql` source: the server itself is the parser."""

from __future__ import annotations

from pathlib import Path

import psycopg

from drift.db import connect
from drift.errors import DriftInputError, at


def position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a 1-based character offset into `text`."""
    before = text[: max(offset - 1, 0)]
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


def apply_sql(url: str, path: Path) -> None:
    """Run a whole SQL script; an error names the file, line and column."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DriftInputError(f"{path}: cannot read: {exc}") from exc
    with connect(url, autocommit=True) as conn:
        try:
            conn.execute(text.encode())
        except psycopg.Error as exc:
            diag = exc.diag
            line = col = None
            if diag.statement_position:
                line, col = position(text, int(diag.statement_position))
            message = (diag.message_primary or str(exc)).strip()
            if diag.sqlstate == "53200" and "max_locks_per_transaction" in (diag.message_hint
                                                                            or ""):
                message += (" (the scratch server's lock table is too small for one script"
                            " of this many objects: raise its max_locks_per_transaction, or"
                            " leave out --scratch-url for drift's embedded server)")
            raise DriftInputError(f"{at(path, line, col)}: {message}") from exc


def build_sql(path: Path, url: str) -> None:
    apply_sql(url, path)
