"""A `schema.sql` source: the server itself is the parser.

The script may be `pg_dump -s` output. Its psql meta-commands (`\\restrict KEY`,
`\\unrestrict KEY` since PostgreSQL 17.6/18) are not SQL: they are blanked out and named
in a note. So are its ownership and privilege statements (`ALTER ... OWNER TO`,
`GRANT`, `REVOKE`, `ALTER DEFAULT PRIVILEGES`): their roles need not exist on the
scratch server, and drift compares neither, unless drift.toml says
`compare_privileges = true` (then they run, see `drift.sources.materialised`).
Blanking keeps every other character where it was, so the server's error positions
still point into the file.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

from drift.db import connect
from drift.errors import DriftInputError, at


def position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a 1-based character offset into `text`."""
    before = text[: max(offset - 1, 0)]
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


# Meta-commands that change what the script means (another file, another database,
# a condition, data from the client): blanking them would load something else.
_UNSKIPPABLE = {"i": "includes a file", "ir": "includes a file", "include": "includes a file",
                "include_relative": "includes a file", "if": "is a condition",
                "elif": "is a condition", "else": "is a condition", "endif": "is a condition",
                "c": "connects to another database", "connect": "connects to another database",
                "copy": "copies data from the client"}
_DOLLAR = re.compile(r"\$([A-Za-z_\x80-\U0010ffff][A-Za-z0-9_\x80-\U0010ffff]*)?\$")
_IDENT_CHAR = re.compile(r"[A-Za-z0-9_$\x80-\U0010ffff]")
_META = re.compile(r"\\([A-Za-z_]+|[^\sA-Za-z_])")
_ROLES = re.compile(r"(?is)(?:GRANT|REVOKE)\b|ALTER\s+DEFAULT\s+PRIVILEGES\b"
                    r"|ALTER\b.*\bOWNER\s+TO\s+[^\s;]+\s*;?\s*$")


@dataclass
class Script:
    """A SQL script as the server should see it, and what was left out of it."""

    text: str
    meta: list[tuple[int, str]] = field(default_factory=list)  # (line, "\\restrict")
    role_statements: int = 0

    def note(self, path: Path) -> str | None:
        parts = []
        if self.meta:
            parts.append("skipped psql meta-commands "
                         + ", ".join(f"{cmd} (line {line})" for line, cmd in self.meta))
        if self.role_statements:
            parts.append(f"skipped {self.role_statements} ownership and privilege statements "
                         "(OWNER TO, GRANT, REVOKE: drift compares neither)")
        return f"{path}: {'; '.join(parts)}" if parts else None


def prepare(text: str, path: Path | str = "<sql>", *, privileges: bool = False) -> Script:
    """Blank out psql meta-commands (a backslash that starts a line outside strings,
    quoted identifiers, dollar quotes and comments) and, unless `privileges`,
    ownership/privilege statements."""
    out = list(text)
    code = list(text)  # the text with quoted contents masked, for classifying statements
    meta: list[tuple[int, str]] = []
    statements: list[tuple[int, int]] = []
    n, i, line = len(text), 0, 1
    line_start, start = True, -1

    def blank(a: int, b: int) -> None:
        for k in range(a, b):
            if out[k] != "\n":
                out[k] = " "

    def mask(a: int, b: int) -> None:
        for k in range(a, b):
            code[k] = "x"

    while i < n:
        ch = text[i]
        if ch == "\n":
            line, line_start = line + 1, True
            i += 1
            continue
        if ch in " \t\r\f":
            i += 1
            continue
        if text.startswith("--", i):
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        if text.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if text.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif text.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            line += text.count("\n", i, j)
            i, line_start = j, False
            continue
        if ch == "\\" and line_start:
            end = text.find("\n", i)
            end = n if end < 0 else end
            match = _META.match(text, i)
            name = match.group(1) if match else ""
            if name in _UNSKIPPABLE:
                raise DriftInputError(f"{at(path, line, 1)}: psql meta-command \\{name} "
                                      f"{_UNSKIPPABLE[name]}; drift runs the file as SQL only")
            meta.append((line, f"\\{name}"))
            blank(i, end)
            mask(i, end)
            i = end
            continue
        line_start = False
        if start < 0:
            start = i
        if ch == ";":
            statements.append((start, i + 1))
            start = -1
            i += 1
            continue
        if ch in "'\"":
            escapes = (ch == "'" and i > 0 and text[i - 1] in "eE"
                       and (i < 2 or not _IDENT_CHAR.match(text[i - 2])))
            j = i + 1
            while j < n:
                if escapes and text[j] == "\\":
                    j += 2
                    continue
                if text[j] == ch:
                    if text.startswith(ch * 2, j):
                        j += 2
                        continue
                    break
                j += 1
            line += text.count("\n", i, j)
            mask(i + 1, min(j, n))
            i = j + 1
            continue
        if ch == "$" and (i == 0 or not _IDENT_CHAR.match(text[i - 1])):
            match = _DOLLAR.match(text, i)
            if match:
                tag = match.group(0)
                end = text.find(tag, match.end())
                end = n if end < 0 else end
                line += text.count("\n", i, end)
                mask(match.end(), end)
                i = min(end + len(tag), n)
                continue
        i += 1
    if start >= 0:
        statements.append((start, n))
    roles = 0
    for a, b in statements if not privileges else ():
        if _ROLES.match("".join(code[a:b])):
            blank(a, b)
            roles += 1
    return Script("".join(out), meta, roles)


def apply_sql(url: str, path: Path, *, privileges: bool = False) -> None:
    """Run a whole SQL script; an error names the file, line and column. With
    `privileges`, its OWNER TO, GRANT and REVOKE statements run too."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DriftInputError(f"{path}: cannot read: {exc}") from exc
    script = prepare(text, path, privileges=privileges)
    with connect(url, autocommit=True) as conn:
        try:
            conn.execute(script.text.encode())
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
    note = script.note(path)
    if note and note not in _NOTED:  # once per run, though a run may load a file twice
        _NOTED.add(note)
        print(f"drift: note: {note}", file=sys.stderr)


_NOTED: set[str] = set()


def build_sql(path: Path, url: str, *, privileges: bool = False) -> None:
    apply_sql(url, path, privileges=privileges)
