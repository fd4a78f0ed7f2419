"""Errors that end a run with exit code 2 and one clear line.

Anything raised as a `DriftInputError` is the user's input or environment (a file,
a URL, a server); the CLI prints its message alone, with no traceback unless
`--debug` is given.
"""

from __future__ import annotations


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
