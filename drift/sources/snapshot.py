"""Reading a snapshot file a table at a time.

`drift snapshot` writes one layout (`drift.cli.snapshot_json`: JSON indented by 2, the
tables one after another in the top-level "tables" list). A newline cannot occur
inside a JSON string, so in that layout each table is the text from a line `    {` to
the next line that starts `    }`: the file is read in chunks and each table parsed on
its own and made a record before the next (`model.table_from_dict`). Neither the
file's text nor a parse tree of all its tables is ever held whole (at 10,000 tables
they are 67 MB and some hundreds of MB). A file in any other layout, or with any
error, is read whole as before, so what it gives (or the error line) is unchanged.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Any

from drift.errors import DriftInputError
from drift.gcpause import gc_paused
from drift.model import Catalog, Table, table_from_dict

CHUNK = 1 << 20  # bytes read at a time
_START = b'{\n  "'  # an object indented by 2
_TABLES = b'\n  "tables": ['  # its key "tables" (a key of a deeper object is indented more)
_TABLE = b"\n    {"  # a table begins
_TABLE_END = b"\n    }"  # and ends (its own lines are indented by 6 or more)
_LIST_END = b"\n  ]"


def load_snapshot(path: Path) -> Catalog:
    # The records made here hold no cycles: the garbage collector's passes over the
    # growing catalog while it is built would find nothing (at 10,000 tables they
    # cost a fifth of the load)
    try:
        with gc_paused():
            return _streamed(path) or _whole(path)
    except json.JSONDecodeError as exc:
        raise DriftInputError(f"{path}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}") from exc
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise DriftInputError(f"{path}: not a drift snapshot: {exc}") from exc


def _whole(path: Path) -> Catalog:
    """The whole file parsed at once (orjson; json for its error message)."""
    import orjson  # in C, about 4x faster than json here, and leaner

    raw = path.read_bytes()
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:  # the standard library's message, line and column
        data = json.loads(raw.decode("utf-8"))
    del raw
    return Catalog.from_dict(data)


class _Layout(Exception):
    """The file is not in the layout `drift snapshot` writes."""


def _streamed(path: Path) -> Catalog | None:
    """The catalog, read a table at a time; None when the file is not in the layout
    `drift snapshot` writes or holds any error (then `_whole` reads it, and reports
    the error as it always has)."""
    import orjson

    with path.open("rb") as file:
        text = _Chunks(file)
        try:
            if not text.at(_START):
                return None
            head = text.take(text.find(_TABLES))
            text.skip(_TABLES)
            tables: dict[tuple[str, str], Table] = {}
            if text.at(b"]"):
                text.skip(b"]")
            else:
                while True:
                    if not text.at(_TABLE):
                        raise _Layout
                    table = table_from_dict(orjson.loads(
                        text.take(text.find(_TABLE_END) + len(_TABLE_END))))
                    tables[table.qualified] = table
                    if text.at(b","):
                        text.skip(b",")
                    elif text.at(_LIST_END):
                        text.skip(_LIST_END)
                        break
                    else:
                        raise _Layout
            shell: Any = orjson.loads(head + _TABLES + b"]" + text.rest())
            if not isinstance(shell, dict) or shell.get("tables") != []:
                return None
            return Catalog.from_shell(shell, tables)
        except (_Layout, KeyError, TypeError, ValueError, AttributeError):
            return None


class _Chunks:
    """A binary file read a chunk at a time, with what is not taken yet kept."""

    def __init__(self, file: IO[bytes]) -> None:
        self.file = file
        self.buf = b""
        self.pos = 0  # self.buf[:self.pos] is taken

    def _more(self) -> bool:
        chunk = self.file.read(CHUNK)
        if not chunk:
            return False
        self.buf = self.buf[self.pos:] + chunk
        self.pos = 0
        return True

    def at(self, prefix: bytes) -> bool:
        """Whether the text not taken yet starts with `prefix`."""
        while len(self.buf) - self.pos < len(prefix):
            if not self._more():
                break
        return self.buf.startswith(prefix, self.pos)

    def skip(self, prefix: bytes) -> None:
        self.pos += len(prefix)

    def find(self, marker: bytes) -> int:
        """Where `marker` next begins, as a count of bytes not taken yet (reading on
        as needed); _Layout at the end of the file."""
        searched = self.pos
        while True:
            at = self.buf.find(marker, searched)
            if at >= 0:
                return at - self.pos
            # searched up to where a marker could still begin; then read on
            done = max(self.pos, len(self.buf) - len(marker) + 1) - self.pos
            if not self._more():
                raise _Layout
            searched = done  # self.pos is 0 now

    def take(self, size: int) -> bytes:
        piece = self.buf[self.pos:self.pos + size]
        self.pos += size
        return piece

    def rest(self) -> bytes:
        return self.buf[self.pos:] + self.file.read()
