"""Errors that end a run with exit code 2 and one clear line.

Anything raised as a `DriftInputError` is the user's input or environment (a file,
a URL, a server); the CLI prints its message alone, with no traceback unless
`--debug` is given.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


class DriftInputError(Exception):
    """Bad input: a file, a spec, a URL or a database that cannot be used."""


def at(path: object, line: int | None = None, column: int | None = None) -> str:
    """Format a position as `path:line:column`, leaving out what is unknown."""
    where = str(path)
    if line is not None:
        where += f":{line}"
        if column is not None:
            where += f":{column}"
    return where


def read_json(path: Path, what: str, *, missing: str = "") -> Any:
    """The JSON in `path`, or one line naming the file (and the position of a syntax
    error). `what` names the kind of file in the messages ("report", "baseline");
    `missing` is a hint added when the file does not exist."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DriftInputError(f"{path}: no such file{missing}") from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise DriftInputError(f"{path}: cannot read the {what}: {reason}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise DriftInputError(f"{at(path, exc.lineno, exc.colno)}: invalid JSON: {exc.msg}") \
            from None
