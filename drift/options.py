"""Command-line option values, checked when the command line is read.

A bad value is bad input: the CLI prints one line and exits 2 before any database is
contacted or any server is started.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from drift.errors import DriftInputError

if TYPE_CHECKING:  # click 8.2+ types ParamType by its value; older clicks do not subscript
    _Text = click.ParamType[str, Any]
    _PathValue = click.ParamType[Path, Any]
else:
    _Text = _PathValue = click.ParamType

# PostgreSQL's time units for a millisecond setting such as statement_timeout.
_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "min": 60_000.0, "h": 3_600_000.0,
             "d": 86_400_000.0}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d*)?|\.\d+)\s*([a-z]*)\s*$")
_INT_MAX = 2**31 - 1  # PostgreSQL's limit for a millisecond setting


class Duration(_Text):
    """A PostgreSQL duration: a number with an optional unit (us, ms, s, min, h, d;
    none means ms), as the server takes it for statement_timeout. 0 means no limit.
    Returned as whole milliseconds, e.g. "30000ms"."""

    name = "duration"

    def __init__(self, minimum_ms: int, why: str) -> None:
        self.minimum_ms = minimum_ms
        self.why = why

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> str:
        text = str(value)
        match = _DURATION.match(text)
        if not match or match.group(2) not in ("", *_UNITS_MS):
            self.fail(f"{text!r} is not a duration: give a number with an optional unit "
                      f"({', '.join(_UNITS_MS)}), e.g. 30s or 5min", param, ctx)
        ms = float(match.group(1)) * _UNITS_MS[match.group(2) or "ms"]
        if ms == 0:
            return "0"
        if ms < self.minimum_ms:
            self.fail(f"{text.strip()} is too short: {self.why}; give {_human(self.minimum_ms)} "
                      "or more (or 0 for no limit)", param, ctx)
        if ms > _INT_MAX:
            self.fail(f"{text.strip()} is above PostgreSQL's limit of {_INT_MAX}ms "
                      "(about 24 days)", param, ctx)
        return f"{round(ms)}ms"


# PostgreSQL's memory units for a kB setting such as work_mem (case-sensitive, as the
# server takes them); no unit means kB.
_UNITS_KB = {"kB": 1, "MB": 1024, "GB": 1024**2, "TB": 1024**3}
_SIZE = re.compile(r"^\s*(\d+)\s*([A-Za-z]*)\s*$")
_WORK_MEM_MIN_KB = 64  # PostgreSQL's own minimum for work_mem


class MemorySize(_Text):
    """A PostgreSQL memory size for work_mem: a whole number with an optional unit (kB,
    MB, GB, TB; none means kB), from 64kB up to PostgreSQL's limit. Returned as whole
    kilobytes, e.g. "65536kB"."""

    name = "size"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> str:
        text = str(value)
        match = _SIZE.match(text)
        if not match or match.group(2) not in ("", *_UNITS_KB):
            self.fail(f"{text!r} is not a memory size: give a whole number with an optional "
                      f"unit ({', '.join(_UNITS_KB)}), e.g. 64MB or 1GB", param, ctx)
        kb = int(match.group(1)) * _UNITS_KB[match.group(2) or "kB"]
        if kb < _WORK_MEM_MIN_KB:
            self.fail(f"{text.strip()} is too small: PostgreSQL's work_mem is "
                      f"{_WORK_MEM_MIN_KB}kB or more", param, ctx)
        if kb > _INT_MAX:
            self.fail(f"{text.strip()} is above PostgreSQL's limit of {_INT_MAX}kB "
                      "(about 2TB)", param, ctx)
        return f"{kb}kB"


def _human(ms: int) -> str:
    return f"{ms // 1000}s" if ms % 1000 == 0 else f"{ms}ms"


class ConnectionUrl(_Text):
    """A PostgreSQL URL that libpq can parse; nothing is contacted here."""

    name = "url"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> str:
        from psycopg.conninfo import conninfo_to_dict

        from drift import dsn
        from drift.db import mask, normalize_url

        text = str(value)
        if not text.strip():
            self.fail("is empty (an unset variable?): give a postgresql:// URL or "
                      "key=value pairs", param, ctx)
        try:
            url = normalize_url(text)
        except DriftInputError as exc:
            self.fail(str(exc), param, ctx)
        try:
            params = conninfo_to_dict(url)
        except Exception as exc:  # libpq's parser: psycopg.ProgrammingError
            detail = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
            detail = dsn.redact(detail, dsn.secrets_of(text))
            self.fail(f"{mask(text)} is not a valid connection URL"
                      + (f": {detail}" if detail else ""), param, ctx)
        for port in str(params.get("port") or "").split(","):
            if port and not (port.isdigit() and 0 < int(port) < 65536):
                self.fail(f"{mask(text)} is not a valid connection URL: port {port!r} is not "
                          "a number from 1 to 65535", param, ctx)
        return text


class ExpectedPath(_PathValue):
    """The --expected directory or file: it exists and holds a source drift can read."""

    name = "path"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Path:
        from drift.sources import resolve

        path = value if isinstance(value, Path) else Path(str(value))
        try:
            resolve(path)
        except DriftInputError as exc:
            raise click.BadParameter(str(exc), ctx, param) from exc
        return path


class InputFile(_PathValue):
    """A file to read, e.g. the SQL plan that `verify --sql` proves."""

    name = "file"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Path:
        path = value if isinstance(value, Path) else Path(str(value))
        if not path.is_file():
            self.fail(f"{path}: " + ("is a directory, not a file" if path.is_dir()
                                     else "no such file"), param, ctx)
        if not os.access(path, os.R_OK):
            self.fail(f"{path}: not readable", param, ctx)
        return path


class AlembicDir(_PathValue):
    """An Alembic environment to prove (`verify --alembic`): it must hold alembic.ini."""

    name = "dir"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Path:
        path = value if isinstance(value, Path) else Path(str(value))
        if not path.is_dir():
            self.fail(f"{path}: no such directory", param, ctx)
        if not (path / "alembic.ini").is_file():
            self.fail(f"{path}: no alembic.ini (not an Alembic environment)", param, ctx)
        return path


class OutputPath(_PathValue):
    """Where drift writes a file (or, with `directory`, a directory): checked before
    the run, so a long check does not end in a write error."""

    name = "path"

    def __init__(self, directory: bool = False) -> None:
        self.directory = directory

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Path:
        path = value if isinstance(value, Path) else Path(str(value))
        if str(path).strip() == "":
            self.fail("an empty path", param, ctx)
        if path.exists():
            if self.directory and not path.is_dir():
                self.fail(f"{path}: exists and is not a directory", param, ctx)
            if not self.directory and path.is_dir():
                self.fail(f"{path}: is a directory, not a file", param, ctx)
            if not os.access(path, os.W_OK):
                self.fail(f"{path}: not writable", param, ctx)
            return path
        ancestor = path.absolute().parent
        while not ancestor.exists():
            ancestor = ancestor.parent
        if not ancestor.is_dir():
            self.fail(f"{path}: {ancestor} is not a directory", param, ctx)
        if not os.access(ancestor, os.W_OK | os.X_OK):
            self.fail(f"{path}: cannot create it in {ancestor} (not writable)", param, ctx)
        return path


class SchemaName(_Text):
    name = "name"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> str:
        text = str(value)
        if not text.strip() or "\x00" in text:
            self.fail(f"{text!r} is not a schema name", param, ctx)
        return text
