"""Where a finding's table or object is declared in the expected-schema source.

CI outputs (SARIF) point at the line of `schema.sql`, `models.py` or `schema.prisma`
that declares the table, constraint, index or column a finding is about. The source is
read, never guessed at: SQL and Prisma are tokenised with comments (and SQL string
literals) blanked out, Python is read with `ast`. A name that is not found gives no
line; the caller then leaves the region out rather than pointing somewhere wrong.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Block:
    """A table's declaration: the line it starts on and the last line it spans."""

    schema: str | None
    start: int
    end: int


@dataclass
class SourceIndex:
    """Table blocks and the lines on which each identifier occurs in code."""

    path: Path
    tables: dict[str, list[Block]] = field(default_factory=lambda: defaultdict(list))
    names: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    defs: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    # words inside code strings (SQL in sa.DDL / op.execute): a last resort, for objects
    mentions: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))

    def table(self, schema: str, name: str) -> Block | None:
        """The table's block: declared in `schema`, or declared without a schema when it
        is the only such declaration (the source does not say; the catalog did)."""
        blocks = self.tables.get(name.lower(), [])
        exact = [b for b in blocks if b.schema is not None and b.schema.lower() == schema.lower()]
        if exact:
            return exact[0]
        unqualified = [b for b in blocks if b.schema is None]
        return unqualified[0] if len(unqualified) == 1 else None

    def first(self, name: str, within: Block | None = None, *, defs: bool = False) -> int | None:
        lines = (self.defs if defs else self.names).get(name.lower(), [])
        if within is not None:
            lines = [n for n in lines if within.start <= n <= within.end]
        return lines[0] if lines else None

    def line(self, schema: str, table: str, obj: str | None, columns: list[str]) -> int | None:
        """The best line for a finding, or None when the source does not name it."""
        block = self.table(schema, table) if table else None
        if obj and "(" in obj and obj.endswith(")"):
            obj = obj[:obj.index("(")]  # a function's signature: its name
        if obj:
            if block is not None:
                hit = self.first(obj, block, defs=True) or self.first(obj, block)
                if hit is not None:
                    return hit
            if obj not in columns:  # a constraint, index or schema-level object by name
                for where in (self.names, self.mentions):
                    hits = [n for n in where.get(obj.lower(), [])
                            if not self._inside_other(n, block)]
                    if hits:
                        return hits[0]
        return block.start if block is not None else None

    def _inside_other(self, line: int, own: Block | None) -> bool:
        return any(b != own and b.start <= line <= b.end
                   for blocks in self.tables.values() for b in blocks)


def index(path: Path) -> SourceIndex | None:
    """Index a `.sql`, `.py` or `.prisma` source; None for other kinds or unreadable files."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    suffix = path.suffix.lower()
    if suffix == ".sql":
        return _index_sql(path, text)
    if suffix == ".py":
        return _index_python(path, text)
    if suffix == ".prisma":
        return _index_prisma(path, text)
    return None


# --- SQL -------------------------------------------------------------------------------

_SQL_NOISE = re.compile(r"--[^\n]*|/\*.*?\*/|'(?:[^']|'')*'|\$(\w*)\$.*?\$\1\$", re.S)
_SQL_IDENT = re.compile(r'"((?:[^"]|"")+)"|([A-Za-z_][A-Za-z0-9_$]*)')
_CREATE_TABLE = re.compile(
    r"\bCREATE\s+(?:(?:GLOBAL|LOCAL)\s+)?(?:(?:TEMP|TEMPORARY|UNLOGGED)\s+)?TABLE\s+"
    r"(?:IF\s+NOT\s+EXISTS\s+)?"
    r'((?:"(?:[^"]|"")+"|[A-Za-z_][\w$]*)(?:\s*\.\s*(?:"(?:[^"]|"")+"|[A-Za-z_][\w$]*))?)',
    re.I)


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _close_paren(text: str, start: int) -> int:
    """Offset of the parenthesis closing the first one at or after `start`."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            depth -= 1
            if depth == 0:
                return i
    return len(text) - 1


def _index_sql(path: Path, text: str) -> SourceIndex:
    code = _SQL_NOISE.sub(_blank, text)  # same offsets, comments and literals gone
    found = SourceIndex(path)
    for m in _CREATE_TABLE.finditer(code):
        parts = [q.replace('""', '"') if q else u.lower()
                 for q, u in _SQL_IDENT.findall(m.group(1))]
        schema = parts[0] if len(parts) == 2 else None
        name = parts[-1]
        end = _close_paren(code, m.end())
        found.tables[name.lower()].append(
            Block(schema, _line_of(code, m.start()), _line_of(code, end)))
    for m in _SQL_IDENT.finditer(code):
        word = m.group(1).replace('""', '"') if m.group(1) is not None else m.group(2)
        found.names[word.lower()].append(_line_of(code, m.start()))
    return found


# --- Prisma ----------------------------------------------------------------------------

_PRISMA_COMMENT = re.compile(r"//[^\n]*")
_PRISMA_MODEL = re.compile(r"^[ \t]*model\s+([A-Za-z_]\w*)\s*\{", re.M)
_PRISMA_MAP = re.compile(r'@@map\(\s*(?:name\s*:\s*)?"([^"]+)"')
_PRISMA_SCHEMA = re.compile(r'@@schema\(\s*"([^"]+)"')
_PRISMA_TOKEN = re.compile(r'"([^"\n]*)"|([A-Za-z_]\w*)')


def _index_prisma(path: Path, text: str) -> SourceIndex:
    code = _PRISMA_COMMENT.sub(_blank, text)
    found = SourceIndex(path)
    for m in _PRISMA_MODEL.finditer(code):
        close = code.find("\n}", m.end())
        end = len(code) if close < 0 else close + 2
        body = code[m.end():end]
        mapped = _PRISMA_MAP.search(body)
        schema = _PRISMA_SCHEMA.search(body)
        name = mapped.group(1) if mapped else m.group(1)
        found.tables[name.lower()].append(Block(schema.group(1) if schema else None,
                                                _line_of(code, m.start()),
                                                _line_of(code, end)))
    for m in _PRISMA_TOKEN.finditer(code):
        word = m.group(1) if m.group(1) is not None else m.group(2)
        if word:
            found.names[word.lower()].append(_line_of(code, m.start()))
    return found


# --- SQLAlchemy models -----------------------------------------------------------------

def _docstrings(tree: ast.AST) -> set[int]:
    ids: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def _str(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _constants(tree: ast.Module) -> dict[str, str]:
    """Module-level `NAME = "text"` assignments, e.g. `AUTH = "auth_service"`."""
    found = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign) and _str(stmt.value) is not None:
            for target in stmt.targets:
                if isinstance(target, ast.Name):
                    found[target.id] = _str(stmt.value) or ""
    return found


def _table_schema(cls: ast.ClassDef, consts: dict[str, str]) -> str | None:
    for stmt in cls.body:
        if (isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name)
                                                 and t.id == "__table_args__"
                                                 for t in stmt.targets)):
            for node in ast.walk(stmt.value):
                if isinstance(node, ast.Dict):
                    for key, value in zip(node.keys, node.values, strict=True):
                        if _str(key) == "schema":
                            if isinstance(value, ast.Name) and value.id in consts:
                                return consts[value.id]
                            return _str(value)
    return None


def _index_python(path: Path, text: str) -> SourceIndex | None:
    try:
        tree = ast.parse(text, filename=str(path))
    except SyntaxError:
        return None
    found = SourceIndex(path)
    skip = _docstrings(tree)
    consts = _constants(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            for stmt in node.body:
                if (isinstance(stmt, ast.Assign) and _str(stmt.value)
                        and any(isinstance(t, ast.Name) and t.id == "__tablename__"
                                for t in stmt.targets)):
                    name = _str(stmt.value) or ""
                    end = node.end_lineno or node.lineno
                    found.tables[name.lower()].append(
                        Block(_table_schema(node, consts), node.lineno, end))
                elif isinstance(stmt, ast.AnnAssign | ast.Assign):
                    targets = [stmt.target] if isinstance(stmt, ast.AnnAssign) else stmt.targets
                    for target in targets:
                        if isinstance(target, ast.Name) and not target.id.startswith("__"):
                            found.defs[target.id.lower()].append(stmt.lineno)
                    value = stmt.value
                    if isinstance(value, ast.Call) and value.args and _str(value.args[0]):
                        found.defs[(_str(value.args[0]) or "").lower()].append(stmt.lineno)
        elif isinstance(node, ast.Call) and _is_table_call(node):
            name = _str(node.args[0]) or ""
            schema = next((_str(k.value) for k in node.keywords if k.arg == "schema"), None)
            found.tables[name.lower()].append(
                Block(schema, node.lineno, node.end_lineno or node.lineno))
        elif (isinstance(node, ast.Constant) and isinstance(node.value, str)
              and id(node) not in skip):
            found.names[node.value.lower()].append(node.lineno)
            if "\n" in node.value or " " in node.value:  # SQL text: the words it names
                for m in _SQL_IDENT.finditer(_SQL_NOISE.sub(_blank, node.value)):
                    word = m.group(1) or m.group(2)
                    end = node.end_lineno or node.lineno  # counted from the end: a
                    found.mentions[word.lower()].append(  # leading backslash-newline
                        end - node.value.count("\n", m.start()))  # is not in the value
    for lines in (*found.names.values(), *found.defs.values(), *found.mentions.values()):
        lines.sort()
    return found


def _is_table_call(node: ast.Call) -> bool:
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    return name == "Table" and bool(node.args) and _str(node.args[0]) is not None


_TOML_NAME = re.compile(r"""^\s*name\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.M)


def spec_line(path: Path, name: str) -> int | None:
    """The line of `name = "..."` in a drift.toml (where an invariant is declared)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    for m in _TOML_NAME.finditer(text):
        if (m.group(1) if m.group(1) is not None else m.group(2)) == name:
            return _line_of(text, m.start())
    return None
