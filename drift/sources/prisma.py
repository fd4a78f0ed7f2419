"""A `schema.prisma` source: our own strict parser, rendered as Prisma Migrate's DDL.

Prisma itself (a Node CLI over a Rust engine) is not a dependency, so this module reads
the schema language and writes the PostgreSQL DDL that
`prisma migrate diff --from-empty --to-schema-datamodel schema.prisma --script` would
write. That DDL is materialised in a scratch database and read back by the catalog
reader, exactly like a `schema.sql`.

The pipeline, one stage per section below:
1. `tokenize`: text to tokens; newlines are tokens because Prisma is line-based.
2. `parse`: recursive descent into frozen `Prisma*` dataclasses; syntax only.
3. `plan_migration`: names, types, keys and relations resolved and validated into
   `Pg*` dataclasses (the tables, indexes and foreign keys Prisma would create).
4. `render_ddl` (`to_ddl` = 2 + 3 + 4 from a parsed schema): the SQL text.

Every error names `file:line:column` of the offending token.

Conventions reproduced, checked against prisma-engines (psl `constraint_names.rs`,
`sql_renderer/postgres_renderer.rs`, `libs/sql-ddl/src/postgres.rs`, and the order in
which `parser-database/src/attributes.rs` collects indexes):
- Tables, columns and enums are named by `@@map`/`@map` or the Prisma name, always
  double-quoted with case preserved; constraint names are built from the *database*
  names: `<table>_pkey`, `<table>_<cols>_key` (a UNIQUE INDEX, never a UNIQUE
  constraint), `<table>_<cols>_idx`, `<table>_<cols>_fkey`, columns joined by `_`. When
  `<table>_<cols>` reaches 63 - len(suffix) bytes it is cut to that length (on a
  character boundary) before the suffix is added; `map:` overrides any of them.
- Types: String TEXT, Int INTEGER, BigInt BIGINT, Float DOUBLE PRECISION, Decimal
  DECIMAL(65,30), Boolean BOOLEAN, DateTime TIMESTAMP(3), Json JSONB, Bytes BYTEA; enums
  their quoted type name. `@db.*` native types render in upper case (`VARCHAR(255)`,
  `DECIMAL(10,2)`); `autoincrement()` turns INTEGER/SMALLINT/BIGINT into
  SERIAL/SMALLSERIAL/BIGSERIAL.
- Defaults: `now()` is `DEFAULT CURRENT_TIMESTAMP`; strings, JSON and enum values are
  single-quoted (enum values by their mapped name); numbers and booleans as written;
  `dbgenerated("expr")` is `DEFAULT expr`. `uuid()`, `cuid()`, `nanoid()` and `ulid()`
  get NO database default: Prisma Client generates those values. `@updatedAt` has no
  default either (the client sets it): the column is `TIMESTAMP(3) NOT NULL`.
- Statement order: CreateEnum, CreateTable (primary key as the last clause, after a
  blank line, its columns joined by "," without a space), CreateIndex, AddForeignKey;
  each statement is preceded by a `-- <Step>` comment. Enums and tables follow
  declaration order; a table's indexes are its field `@unique`s, then `@@index`es,
  then `@@unique`s.
- Foreign keys are `ALTER TABLE ... ADD CONSTRAINT` statements after all tables, with
  both actions spelled out. Defaults: ON UPDATE CASCADE; ON DELETE RESTRICT when any
  referencing field (or the relation field) is required, else SET NULL. No index is
  created on foreign-key columns (PostgreSQL does not need one; Prisma does not add
  one). With `relationMode = "prisma"` no foreign key is created at all.

Assumptions and deliberate limits (each rejected construct gets a clear error):
- Only a `postgresql` datasource. No scalar lists, implicit many-to-many relations,
  composite `type`s, views, `Unsupported(...)` types, `@ignore`/`@@ignore`,
  `@@schema`, `@@fulltext`, or index field options such as `a(sort: Desc)`.
- The order of the AddForeignKey statements among themselves is ours (table order,
  then field order); Prisma orders them by internal id. Order has no effect on the
  materialised schema.
- Identifiers containing `"` are escaped (doubled); Prisma would emit them raw.
- A DateTime literal default (`@default("2024-01-01T00:00:00Z")`) is rejected: Prisma
  re-formats it and we do not guess that format.
- Validation covers the rules whose violation would change or break the DDL; it is not
  all of Prisma's validator (for example, it does not check name formats).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn, TypeAlias, TypeVar

import psycopg

from drift.db import connect
from drift.errors import DriftInputError, at

PG_MAX_IDENTIFIER = 63  # bytes; NAMEDATALEN - 1

T = TypeVar("T")


@dataclass(frozen=True)
class Position:
    line: int
    column: int


def _fail(path: Path, pos: Position, message: str) -> NoReturn:
    raise DriftInputError(f"{at(path, pos.line, pos.column)}: {message}")


# --- 1. Tokens -----------------------------------------------------------------------


class TokenKind(enum.Enum):
    IDENT = "identifier"
    STRING = "string"
    NUMBER = "number"
    PUNCT = "punctuation"
    NEWLINE = "end of line"
    EOF = "end of file"


@dataclass(frozen=True)
class Token:
    kind: TokenKind
    text: str  # a string token holds its decoded value
    pos: Position

    def is_punct(self, text: str) -> bool:
        return self.kind is TokenKind.PUNCT and self.text == text

    def describe(self) -> str:
        if self.kind in (TokenKind.NEWLINE, TokenKind.EOF):
            return str(self.kind.value)
        if self.kind is TokenKind.STRING:
            return f'string "{self.text}"'
        return f"`{self.text}`"


_LEXEME = re.compile(
    r"(?P<newline>\r?\n)|(?P<space>[ \t\r\f]+)|(?P<comment>//[^\r\n]*)"
    r"|(?P<number>-?[0-9]+(?:\.[0-9]+)?)|(?P<ident>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<punct>@@|[{}()\[\],:=?.@])|(?P<quote>\")"
)
_ESCAPES = {'"': '"', "\\": "\\", "n": "\n", "r": "\r", "t": "\t"}
_TOKEN_KINDS = {"number": TokenKind.NUMBER, "ident": TokenKind.IDENT, "punct": TokenKind.PUNCT}


class _Lexer:
    def __init__(self, text: str, path: Path) -> None:
        self.text = text.removeprefix("\ufeff")
        self.path = path
        self.offset = 0
        self.line = 1
        self.line_start = 0

    def pos(self, offset: int | None = None) -> Position:
        return Position(self.line, (self.offset if offset is None else offset)
                        - self.line_start + 1)

    def tokens(self) -> Iterator[Token]:
        while self.offset < len(self.text):
            match = _LEXEME.match(self.text, self.offset)
            if match is None:
                _fail(self.path, self.pos(), f"unexpected character {self.text[self.offset]!r}")
            start, kind = self.pos(), match.lastgroup or ""
            if kind == "quote":
                yield Token(TokenKind.STRING, self.string(), start)
                continue
            self.offset = match.end()
            if kind == "newline":
                yield Token(TokenKind.NEWLINE, "\n", start)
                self.line, self.line_start = self.line + 1, self.offset
            elif kind in _TOKEN_KINDS:
                yield Token(_TOKEN_KINDS[kind], match.group(), start)
        yield Token(TokenKind.EOF, "", self.pos())

    def string(self) -> str:
        """Decode the string opening at `self.offset`; it must close on the same line."""
        start, i = self.pos(), self.offset + 1
        chars: list[str] = []
        while i < len(self.text) and self.text[i] not in "\r\n":
            char = self.text[i]
            if char == '"':
                self.offset = i + 1
                return "".join(chars)
            if char == "\\":
                escape = self.text[i + 1: i + 2]
                if escape not in _ESCAPES:
                    _fail(self.path, self.pos(i), f"unknown escape sequence \\{escape}")
                chars.append(_ESCAPES[escape])
                i += 2
                continue
            chars.append(char)
            i += 1
        _fail(self.path, start, "unterminated string")


def tokenize(text: str, path: Path) -> list[Token]:
    return list(_Lexer(text, path).tokens())


# --- 2. Syntax tree and parser -------------------------------------------------------


@dataclass(frozen=True)
class PrismaString:
    value: str
    pos: Position


@dataclass(frozen=True)
class PrismaNumber:
    text: str
    pos: Position


@dataclass(frozen=True)
class PrismaConstant:
    """A bare identifier used as a value: true, Cascade, an enum value, a field name."""

    name: str
    pos: Position


@dataclass(frozen=True)
class PrismaCall:
    name: str
    args: tuple[PrismaArgument, ...]
    pos: Position


@dataclass(frozen=True)
class PrismaArray:
    items: tuple[PrismaValue, ...]
    pos: Position


PrismaValue: TypeAlias = "PrismaString | PrismaNumber | PrismaConstant | PrismaCall | PrismaArray"


@dataclass(frozen=True)
class PrismaArgument:
    name: str | None  # None when positional
    value: PrismaValue
    pos: Position


@dataclass(frozen=True)
class PrismaAttribute:
    name: str  # without the @ or @@: "id", "default", "db.VarChar"
    args: tuple[PrismaArgument, ...]
    pos: Position
    block: bool = False

    @property
    def label(self) -> str:
        return ("@@" if self.block else "@") + self.name


@dataclass(frozen=True)
class PrismaField:
    name: str
    type_name: str
    optional: bool
    is_list: bool
    attributes: tuple[PrismaAttribute, ...]
    pos: Position
    type_pos: Position


@dataclass(frozen=True)
class PrismaModel:
    name: str
    fields: tuple[PrismaField, ...]
    attributes: tuple[PrismaAttribute, ...]
    pos: Position


@dataclass(frozen=True)
class PrismaEnumValue:
    name: str
    attributes: tuple[PrismaAttribute, ...]
    pos: Position


@dataclass(frozen=True)
class PrismaEnum:
    name: str
    values: tuple[PrismaEnumValue, ...]
    attributes: tuple[PrismaAttribute, ...]
    pos: Position


@dataclass(frozen=True)
class PrismaConfigEntry:
    key: str
    value: PrismaValue
    pos: Position


@dataclass(frozen=True)
class PrismaConfigBlock:
    """A `datasource` or `generator` block: settings only, no DDL."""

    kind: str
    name: str
    entries: tuple[PrismaConfigEntry, ...]
    pos: Position

    def get(self, key: str) -> PrismaConfigEntry | None:
        return next((e for e in self.entries if e.key == key), None)


@dataclass(frozen=True)
class PrismaSchema:
    source: Path
    datasources: tuple[PrismaConfigBlock, ...]
    generators: tuple[PrismaConfigBlock, ...]
    models: tuple[PrismaModel, ...]
    enums: tuple[PrismaEnum, ...]


_UNSUPPORTED_BLOCKS = {
    "type": "composite `type` blocks exist only on MongoDB",
    "view": "`view` blocks are not supported",
}


class _Parser:
    def __init__(self, tokens: list[Token], path: Path) -> None:
        self.tokens = tokens
        self.index = 0
        self.path = path

    # Token helpers.

    def peek(self, ahead: int = 0) -> Token:
        return self.tokens[min(self.index + ahead, len(self.tokens) - 1)]

    def advance(self) -> Token:
        token = self.peek()
        self.index = min(self.index + 1, len(self.tokens) - 1)
        return token

    def fail(self, token: Token, message: str) -> NoReturn:
        _fail(self.path, token.pos, message)

    def expect_punct(self, text: str, context: str) -> Token:
        if not self.peek().is_punct(text):
            self.fail(self.peek(), f"expected `{text}` {context}, found {self.peek().describe()}")
        return self.advance()

    def expect_ident(self, context: str) -> Token:
        if self.peek().kind is not TokenKind.IDENT:
            self.fail(self.peek(), f"expected {context}, found {self.peek().describe()}")
        return self.advance()

    def skip_newlines(self) -> None:
        while self.peek().kind is TokenKind.NEWLINE:
            self.advance()

    def end_of_item(self, context: str) -> None:
        """A field, setting or attribute line ends with a newline (or the block's `}`)."""
        token = self.peek()
        if token.kind is TokenKind.NEWLINE:
            self.advance()
        elif not token.is_punct("}"):
            self.fail(token, f"unexpected {token.describe()} {context}; expected end of line")

    def starts_block(self) -> bool:
        return (self.peek().kind is TokenKind.IDENT
                and self.peek().text in ("datasource", "generator", "model", "enum")
                and self.peek(1).kind is TokenKind.IDENT and self.peek(2).is_punct("{"))

    # Top level.

    def schema(self) -> PrismaSchema:
        configs: dict[str, list[PrismaConfigBlock]] = {"datasource": [], "generator": []}
        models: list[PrismaModel] = []
        enums: list[PrismaEnum] = []
        while True:
            self.skip_newlines()
            keyword = self.peek()
            if keyword.kind is TokenKind.EOF:
                break
            if keyword.kind is not TokenKind.IDENT or keyword.text not in (*configs, "model",
                                                                            "enum"):
                self.reject_top(keyword)
            self.advance()
            name = self.expect_ident(f"a name after `{keyword.text}`")
            if keyword.text == "model":
                models.append(self.model(keyword, name))
            elif keyword.text == "enum":
                enums.append(self.enum(keyword, name))
            else:
                configs[keyword.text].append(self.config_block(keyword, name))
        return PrismaSchema(self.path, tuple(configs["datasource"]), tuple(configs["generator"]),
                            tuple(models), tuple(enums))

    def reject_top(self, token: Token) -> NoReturn:
        if token.kind is TokenKind.IDENT and token.text in _UNSUPPORTED_BLOCKS:
            self.fail(token, _UNSUPPORTED_BLOCKS[token.text])
        self.fail(token, f"expected a block (datasource, generator, model or enum), "
                         f"found {token.describe()}")

    def block(self, keyword: Token, name: Token, item: Callable[[], T]) -> tuple[T, ...]:
        self.expect_punct("{", f"after `{keyword.text} {name.text}`")
        items: list[T] = []
        while True:
            self.skip_newlines()
            if self.peek().is_punct("}"):
                self.advance()
                return tuple(items)
            if self.peek().kind is TokenKind.EOF or self.starts_block():
                self.fail(keyword, f"unterminated block: `{keyword.text} {name.text}` "
                                   "has no closing `}`")
            items.append(item())

    # Blocks.

    def config_block(self, keyword: Token, name: Token) -> PrismaConfigBlock:
        entries = self.block(keyword, name, self.config_entry)
        seen: set[str] = set()
        for entry in entries:
            if entry.key in seen:
                _fail(self.path, entry.pos, f"setting `{entry.key}` is given twice")
            seen.add(entry.key)
        return PrismaConfigBlock(keyword.text, name.text, entries, keyword.pos)

    def config_entry(self) -> PrismaConfigEntry:
        key = self.expect_ident("a setting name")
        self.expect_punct("=", f"after setting `{key.text}`")
        value = self.value()
        self.end_of_item(f"after setting `{key.text}`")
        return PrismaConfigEntry(key.text, value, key.pos)

    def model(self, keyword: Token, name: Token) -> PrismaModel:
        items = self.block(keyword, name, self.model_item)
        return PrismaModel(name.text, tuple(i for i in items if isinstance(i, PrismaField)),
                           tuple(i for i in items if isinstance(i, PrismaAttribute)), keyword.pos)

    def model_item(self) -> PrismaField | PrismaAttribute:
        if self.peek().is_punct("@@"):
            attribute = self.attribute()
            self.end_of_item(f"after `{attribute.label}`")
            return attribute
        return self.field()

    def field(self) -> PrismaField:
        name = self.expect_ident("a field name or `@@` attribute")
        kind = self.expect_ident(f"a type for field `{name.text}`")
        if self.peek().is_punct("("):
            self.fail(kind, f"type `{kind.text}(...)` is not supported")
        optional = is_list = False
        if self.peek().is_punct("?"):
            self.advance()
            optional = True
        elif self.peek().is_punct("["):
            self.advance()
            self.expect_punct("]", f"to close the list type of field `{name.text}`")
            is_list = True
            if self.peek().is_punct("?"):
                self.fail(self.peek(), f"list field `{name.text}` cannot be optional")
        attributes = self.field_attributes()
        self.end_of_item(f"after field `{name.text}`")
        return PrismaField(name.text, kind.text, optional, is_list, attributes, name.pos, kind.pos)

    def field_attributes(self) -> tuple[PrismaAttribute, ...]:
        attributes: list[PrismaAttribute] = []
        while self.peek().is_punct("@"):
            attributes.append(self.attribute())
        return tuple(attributes)

    def enum(self, keyword: Token, name: Token) -> PrismaEnum:
        items = self.block(keyword, name, self.enum_item)
        return PrismaEnum(name.text, tuple(i for i in items if isinstance(i, PrismaEnumValue)),
                          tuple(i for i in items if isinstance(i, PrismaAttribute)), keyword.pos)

    def enum_item(self) -> PrismaEnumValue | PrismaAttribute:
        if self.peek().is_punct("@@"):
            attribute = self.attribute()
            self.end_of_item(f"after `{attribute.label}`")
            return attribute
        name = self.expect_ident("an enum value or `@@` attribute")
        value = PrismaEnumValue(name.text, self.field_attributes(), name.pos)
        self.end_of_item(f"after enum value `{name.text}`")
        return value

    # Attributes and values.

    def attribute(self) -> PrismaAttribute:
        sigil = self.advance()
        parts = [self.expect_ident(f"an attribute name after `{sigil.text}`").text]
        while self.peek().is_punct("."):
            self.advance()
            parts.append(self.expect_ident("a name after `.`").text)
        args = self.arguments() if self.peek().is_punct("(") else ()
        return PrismaAttribute(".".join(parts), args, sigil.pos, block=sigil.text == "@@")

    def arguments(self) -> tuple[PrismaArgument, ...]:
        return self.sequence("(", ")", self.argument)

    def sequence(self, open_: str, close: str, item: Callable[[], T]) -> tuple[T, ...]:
        """`open_ item, item ... close`; newlines are insignificant inside."""
        self.expect_punct(open_, "")
        items: list[T] = []
        self.skip_newlines()
        while not self.peek().is_punct(close):
            if items:
                self.expect_punct(",", f"or `{close}` between items")
                self.skip_newlines()
            items.append(item())
            self.skip_newlines()
        self.advance()
        return tuple(items)

    def argument(self) -> PrismaArgument:
        start = self.peek()
        if start.kind is TokenKind.IDENT and self.peek(1).is_punct(":"):
            self.advance()
            self.advance()
            self.skip_newlines()
            return PrismaArgument(start.text, self.value(), start.pos)
        return PrismaArgument(None, self.value(), start.pos)

    def value(self) -> PrismaValue:
        token = self.peek()
        if token.kind is TokenKind.STRING:
            return PrismaString(self.advance().text, token.pos)
        if token.kind is TokenKind.NUMBER:
            return PrismaNumber(self.advance().text, token.pos)
        if token.is_punct("["):
            return PrismaArray(self.sequence("[", "]", self.value), token.pos)
        if token.kind is TokenKind.IDENT:
            self.advance()
            if self.peek().is_punct("("):
                return PrismaCall(token.text, self.arguments(), token.pos)
            return PrismaConstant(token.text, token.pos)
        self.fail(token, f"expected a value, found {token.describe()}")


def parse(text: str, path: Path) -> PrismaSchema:
    return _Parser(tokenize(text, path), path).schema()


def parse_file(path: Path) -> PrismaSchema:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DriftInputError(f"{path}: cannot read: {exc}") from exc
    return parse(text, path)


# --- 3. Resolution: what Prisma Migrate would create ---------------------------------


@dataclass(frozen=True)
class PgEnum:
    name: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class PgColumn:
    name: str
    sql_type: str
    not_null: bool
    default: str | None = None


@dataclass(frozen=True)
class PgTable:
    name: str
    columns: tuple[PgColumn, ...]
    primary_key_name: str | None = None
    primary_key: tuple[str, ...] = ()


@dataclass(frozen=True)
class PgIndex:
    name: str
    table: str
    columns: tuple[str, ...]
    unique: bool


@dataclass(frozen=True)
class PgForeignKey:
    name: str
    table: str
    columns: tuple[str, ...]
    ref_table: str
    ref_columns: tuple[str, ...]
    on_delete: str
    on_update: str


@dataclass(frozen=True)
class MigrationDdl:
    enums: tuple[PgEnum, ...]
    tables: tuple[PgTable, ...]
    indexes: tuple[PgIndex, ...]
    foreign_keys: tuple[PgForeignKey, ...]


SCALAR_TYPES = {
    "String": "TEXT", "Boolean": "BOOLEAN", "Int": "INTEGER", "BigInt": "BIGINT",
    "Float": "DOUBLE PRECISION", "Decimal": "DECIMAL(65,30)", "DateTime": "TIMESTAMP(3)",
    "Json": "JSONB", "Bytes": "BYTEA",
}
_SERIAL = {"INTEGER": "SERIAL", "SMALLINT": "SMALLSERIAL", "BIGINT": "BIGSERIAL"}
REFERENTIAL_ACTIONS = {
    "Cascade": "CASCADE", "Restrict": "RESTRICT", "NoAction": "NO ACTION",
    "SetNull": "SET NULL", "SetDefault": "SET DEFAULT",
}
_CLIENT_GENERATED = frozenset({"uuid", "cuid", "nanoid", "ulid"})
_UNSUPPORTED_ATTRIBUTES = frozenset({"@ignore", "@@ignore", "@@schema", "@@fulltext",
                                     "@shardKey", "@@shardKey"})


@dataclass(frozen=True)
class _NativeType:
    sql: str
    scalar: str
    arg_counts: tuple[int, ...] = (0,)


NATIVE_TYPES = {
    "Text": _NativeType("TEXT", "String"),
    "Char": _NativeType("CHAR", "String", (0, 1)),
    "VarChar": _NativeType("VARCHAR", "String", (0, 1)),
    "Bit": _NativeType("BIT", "String", (0, 1)),
    "VarBit": _NativeType("VARBIT", "String", (0, 1)),
    "Uuid": _NativeType("UUID", "String"),
    "Xml": _NativeType("XML", "String"),
    "Inet": _NativeType("INET", "String"),
    "Citext": _NativeType("CITEXT", "String"),
    "Boolean": _NativeType("BOOLEAN", "Boolean"),
    "Integer": _NativeType("INTEGER", "Int"),
    "SmallInt": _NativeType("SMALLINT", "Int"),
    "Oid": _NativeType("OID", "Int"),
    "BigInt": _NativeType("BIGINT", "BigInt"),
    "DoublePrecision": _NativeType("DOUBLE PRECISION", "Float"),
    "Real": _NativeType("REAL", "Float"),
    "Decimal": _NativeType("DECIMAL", "Decimal", (0, 2)),
    "Money": _NativeType("MONEY", "Decimal"),
    "Timestamp": _NativeType("TIMESTAMP", "DateTime", (0, 1)),
    "Timestamptz": _NativeType("TIMESTAMPTZ", "DateTime", (0, 1)),
    "Time": _NativeType("TIME", "DateTime", (0, 1)),
    "Timetz": _NativeType("TIMETZ", "DateTime", (0, 1)),
    "Date": _NativeType("DATE", "DateTime"),
    "Json": _NativeType("JSON", "Json"),
    "JsonB": _NativeType("JSONB", "Json"),
    "ByteA": _NativeType("BYTEA", "Bytes"),
}


@dataclass(frozen=True)
class _ArgSpec:
    positional: tuple[str, ...] = ()
    named: frozenset[str] = frozenset()
    required: frozenset[str] = frozenset()


def _spec(positional: tuple[str, ...] = (), named: tuple[str, ...] = (),
          required: tuple[str, ...] = ()) -> _ArgSpec:
    return _ArgSpec(positional, frozenset(positional + named), frozenset(required))


_ARG_SPECS = {
    "@id": _spec(named=("map",)),
    "@unique": _spec(named=("map",)),
    "@default": _spec(("value",), required=("value",)),
    "@map": _spec(("name",), required=("name",)),
    "@updatedAt": _spec(),
    "@relation": _spec(("name",), ("fields", "references", "onDelete", "onUpdate", "map")),
    "@@id": _spec(("fields",), ("name", "map"), ("fields",)),
    "@@unique": _spec(("fields",), ("name", "map"), ("fields",)),
    "@@index": _spec(("fields",), ("name", "map"), ("fields",)),
    "@@map": _spec(("name",), required=("name",)),
}
_SCALAR_FIELD_ATTRIBUTES = frozenset({"id", "default", "unique", "map", "updatedAt"})
_MODEL_ATTRIBUTES = frozenset({"id", "unique", "index", "map"})


_AUTOINCREMENT = "\0autoincrement"  # a default marker no SQL default can equal


@dataclass(frozen=True)
class _Key:
    """A primary key, unique or index over fields, as declared."""

    fields: tuple[str, ...]
    mapped_name: str | None
    pos: Position


@dataclass(frozen=True)
class _ModelShape:
    """What other models need to know about a model: its table, columns and keys."""

    model: PrismaModel
    table: PgTable
    scalars: Mapping[str, PrismaField]
    columns: Mapping[str, str]  # field name -> column name
    primary_key: _Key | None
    field_uniques: tuple[_Key, ...]  # @unique, in field order
    block_uniques: tuple[_Key, ...]  # @@unique
    indexes: tuple[_Key, ...]  # @@index

    def unique_sets(self) -> list[frozenset[str]]:
        keys = (self.primary_key,) if self.primary_key else ()
        return [frozenset(k.fields) for k in keys + self.field_uniques + self.block_uniques]


def _show(value: PrismaValue) -> str:
    if isinstance(value, PrismaString):
        return f'"{value.value}"'
    if isinstance(value, PrismaNumber):
        return value.text
    if isinstance(value, PrismaConstant):
        return value.name
    if isinstance(value, PrismaCall):
        return f"{value.name}(...)"
    return "[...]"


def constraint_name(base: str, suffix: str) -> str:
    """Prisma's default name: `base` cut to fit 63 bytes with `suffix`, then `suffix`."""
    limit = PG_MAX_IDENTIFIER - len(suffix)
    raw = base.encode()
    if len(raw) >= limit:
        base = raw[:limit].decode(errors="ignore")
    return base + suffix


class _Resolver:
    """Turns a parsed schema into `MigrationDdl`, raising on the first invalid construct."""

    def __init__(self, schema: PrismaSchema) -> None:
        self.schema = schema
        self.path = schema.source
        self.native_prefix, self.foreign_keys_enabled = self.datasource()
        self.check_generators()
        self.enums = {e.name: e for e in schema.enums}
        self.models = {m.name: m for m in schema.models}
        self.check_type_names()
        self.shapes: dict[str, _ModelShape] = {}
        self.names: dict[str, Position] = {}

    def fail(self, pos: Position, message: str) -> NoReturn:
        _fail(self.path, pos, message)

    # Schema-level checks.

    def datasource(self) -> tuple[str | None, bool]:
        """The prefix of native type attributes (`db`) and whether foreign keys exist."""
        blocks = self.schema.datasources
        if len(blocks) > 1:
            self.fail(blocks[1].pos, "only one datasource block is allowed")
        if not blocks:
            return None, True
        block = blocks[0]
        provider = self.setting(block, "provider", required=True)
        if provider is not None and provider.value not in ("postgresql", "postgres"):
            self.fail(provider.pos, f'datasource provider "{provider.value}" is not supported; '
                                    'drift reads "postgresql" schemas')
        mode = self.setting(block, "relationMode")
        if mode is not None and mode.value not in ("foreignKeys", "prisma"):
            self.fail(mode.pos, 'relationMode must be "foreignKeys" or "prisma", '
                                f'found "{mode.value}"')
        return block.name, mode is None or mode.value == "foreignKeys"

    def check_generators(self) -> None:
        for block in self.schema.generators:
            self.setting(block, "provider", required=True)

    def setting(self, block: PrismaConfigBlock, key: str,
                required: bool = False) -> PrismaString | None:
        entry = block.get(key)
        if entry is None:
            if required:
                self.fail(block.pos, f"{block.kind} `{block.name}` needs a `{key}` setting")
            return None
        if not isinstance(entry.value, PrismaString):
            self.fail(entry.value.pos, f"setting `{key}` must be a string, "
                                       f"found {_show(entry.value)}")
        return entry.value

    def check_type_names(self) -> None:
        """Models and enums share one namespace with each other and the built-in types."""
        seen: set[str] = set()
        for name, pos in [(e.name, e.pos) for e in self.schema.enums] + \
                [(m.name, m.pos) for m in self.schema.models]:
            if name in seen or name in SCALAR_TYPES:
                self.fail(pos, f"type `{name}` is defined twice" if name in seen
                          else f"`{name}` is a built-in type name")
            seen.add(name)

    def claim(self, name: str, pos: Position) -> str:
        """Index and primary-key names share one namespace per schema in PostgreSQL."""
        if name in self.names:
            self.fail(pos, f"the constraint name `{name}` is already used")
        self.names[name] = pos
        return name

    # Arguments and values.

    def bind(self, attribute: PrismaAttribute) -> dict[str, PrismaValue]:
        spec = _ARG_SPECS[attribute.label]
        bound: dict[str, PrismaValue] = {}
        positional = iter(spec.positional)
        for arg in attribute.args:
            name = arg.name if arg.name is not None else next(positional, None)
            if name is None:
                self.fail(arg.pos, f"too many arguments for `{attribute.label}`")
            if name not in spec.named:
                self.fail(arg.pos, f"`{attribute.label}` has no argument `{name}`")
            if name in bound:
                self.fail(arg.pos, f"argument `{name}` is given twice")
            bound[name] = arg.value
        for name in sorted(spec.required - bound.keys()):
            self.fail(attribute.pos, f"`{attribute.label}` needs the argument `{name}`")
        return bound

    def string(self, value: PrismaValue, what: str) -> str:
        if not isinstance(value, PrismaString):
            self.fail(value.pos, f"{what} must be a string, found {_show(value)}")
        if not value.value:
            self.fail(value.pos, f"{what} cannot be empty")
        return value.value

    def mapped_name(self, attribute: PrismaAttribute | None, default: str) -> str:
        if attribute is None:
            return default
        return self.string(self.bind(attribute)["name"], f"the name in `{attribute.label}`")

    def optional_string(self, args: Mapping[str, PrismaValue], key: str) -> str | None:
        return self.string(args[key], f"`{key}`") if key in args else None

    def field_refs(self, value: PrismaValue, shape_fields: Mapping[str, PrismaField],
                   model: PrismaModel, what: str) -> tuple[str, ...]:
        """A list like `[a, b]` naming scalar fields of `model`."""
        if not isinstance(value, PrismaArray) or not value.items:
            self.fail(value.pos, f"{what} must be a non-empty list of fields like [a, b]")
        names: list[str] = []
        for item in value.items:
            if isinstance(item, PrismaCall):
                self.fail(item.pos, f"field options like `{item.name}(...)` are not supported")
            if not isinstance(item, PrismaConstant):
                self.fail(item.pos, f"expected a field name in {what}, found {_show(item)}")
            if item.name not in shape_fields:
                relation = any(f.name == item.name for f in model.fields)
                self.fail(item.pos, f"`{item.name}` is a relation field, not a scalar field"
                          if relation else f"unknown field `{item.name}` in model `{model.name}`")
            if item.name in names:
                self.fail(item.pos, f"field `{item.name}` is listed twice in {what}")
            names.append(item.name)
        return tuple(names)

    # Attributes by context.

    def field_attributes(self, field: PrismaField, relation: bool) -> dict[str, PrismaAttribute]:
        """A field's attributes keyed by name ("native" for `@db.*`), each at most once."""
        found: dict[str, PrismaAttribute] = {}
        for attribute in field.attributes:
            key = self.field_attribute_key(field, attribute, relation)
            if key in found:
                self.fail(attribute.pos, f"`{attribute.label}` is given twice on `{field.name}`")
            found[key] = attribute
        return found

    def field_attribute_key(self, field: PrismaField, attribute: PrismaAttribute,
                            relation: bool) -> str:
        name = attribute.name
        prefix = f"{self.native_prefix}." if self.native_prefix else None
        if attribute.label in _UNSUPPORTED_ATTRIBUTES:
            self.fail(attribute.pos, f"`{attribute.label}` is not supported")
        known = name in _SCALAR_FIELD_ATTRIBUTES or name == "relation"
        native = prefix is not None and name.startswith(prefix)
        if not known and not native:
            self.fail(attribute.pos, f"unknown attribute `{attribute.label}`")
        if relation and name != "relation":
            self.fail(attribute.pos, f"`{attribute.label}` cannot be used on relation field "
                                     f"`{field.name}`")
        if not relation and name == "relation":
            self.fail(attribute.pos, f"`@relation` needs a model type; `{field.name}` is of "
                                     f"type `{field.type_name}`")
        if native and field.type_name in self.enums:
            self.fail(attribute.pos, f"native type `{attribute.label}` cannot be used on enum "
                                     f"field `{field.name}`")
        return "native" if native else name

    def block_attributes(self, model: PrismaModel) -> dict[str, list[PrismaAttribute]]:
        found: dict[str, list[PrismaAttribute]] = {name: [] for name in _MODEL_ATTRIBUTES}
        for attribute in model.attributes:
            if attribute.label in _UNSUPPORTED_ATTRIBUTES:
                self.fail(attribute.pos, f"`{attribute.label}` is not supported")
            if attribute.name not in _MODEL_ATTRIBUTES:
                self.fail(attribute.pos, f"unknown attribute `{attribute.label}`")
            if attribute.name in ("id", "map") and found[attribute.name]:
                self.fail(attribute.pos, f"`{attribute.label}` is given twice in `{model.name}`")
            found[attribute.name].append(attribute)
        return found

    # Enums.

    def enum(self, prisma_enum: PrismaEnum) -> PgEnum:
        name = prisma_enum.name
        for attribute in prisma_enum.attributes:
            if attribute.name != "map":
                self.fail(attribute.pos, f"unknown attribute `{attribute.label}` on an enum")
        mapped = next((a for a in prisma_enum.attributes if a.name == "map"), None)
        if not prisma_enum.values:
            self.fail(prisma_enum.pos, f"enum `{name}` needs at least one value")
        return PgEnum(self.mapped_name(mapped, name),
                      tuple(self.enum_value(v) for v in prisma_enum.values))

    def enum_value(self, value: PrismaEnumValue) -> str:
        for index, attribute in enumerate(value.attributes):
            if attribute.name != "map":
                self.fail(attribute.pos, f"unknown attribute `{attribute.label}` on an enum value")
            if index:
                self.fail(attribute.pos, f"`@map` is given twice on `{value.name}`")
        return self.mapped_name(value.attributes[0] if value.attributes else None, value.name)

    def enum_db_value(self, enum_name: str, value: PrismaConstant) -> str:
        prisma_enum = self.enums[enum_name]
        for member in prisma_enum.values:
            if member.name == value.name:
                return self.enum_value(member)
        self.fail(value.pos, f"`{value.name}` is not a value of enum `{enum_name}`")

    # Columns.

    def field_kind(self, field: PrismaField) -> str:
        if field.type_name in SCALAR_TYPES or field.type_name in self.enums:
            if field.is_list:
                self.fail(field.type_pos, f"scalar lists (`{field.type_name}[]`) are not "
                                          "supported")
            return "scalar"
        if field.type_name in self.models:
            return "relation"
        if any(a.name == "relation" for a in field.attributes):
            self.fail(field.type_pos, f"relation to unknown model `{field.type_name}`")
        self.fail(field.type_pos, f"unknown type `{field.type_name}`")

    def column(self, field: PrismaField, attrs: Mapping[str, PrismaAttribute]) -> PgColumn:
        base = self.column_type(field, attrs.get("native"))
        default = None
        if "default" in attrs:
            default = self.default(field, self.bind(attrs["default"])["value"], base)
        if "updatedAt" in attrs:
            self.bind(attrs["updatedAt"])
            if field.type_name != "DateTime":
                self.fail(attrs["updatedAt"].pos, "`@updatedAt` needs a DateTime field")
        sql_type = _SERIAL[base] if default == _AUTOINCREMENT else base
        return PgColumn(self.mapped_name(attrs.get("map"), field.name), sql_type,
                        not field.optional, None if default == _AUTOINCREMENT else default)

    def column_type(self, field: PrismaField, native: PrismaAttribute | None) -> str:
        if field.type_name in self.enums:
            return quote(self.mapped_name(self.enum_map(field.type_name), field.type_name))
        if native is None:
            return SCALAR_TYPES[field.type_name]
        kind = NATIVE_TYPES.get(native.name.split(".", 1)[1])
        if kind is None:
            self.fail(native.pos, f"unknown native type `{native.label}`")
        if kind.scalar != field.type_name:
            self.fail(native.pos, f"native type `{native.label}` does not fit type "
                                  f"`{field.type_name}` (it needs `{kind.scalar}`)")
        return kind.sql + self.native_args(native, kind)

    def native_args(self, native: PrismaAttribute, kind: _NativeType) -> str:
        if len(native.args) not in kind.arg_counts:
            counts = " or ".join(str(n) for n in kind.arg_counts)
            self.fail(native.pos, f"`{native.label}` takes {counts} argument(s), "
                                  f"got {len(native.args)}")
        args = [a.value for a in native.args]
        for arg, value in zip(native.args, args, strict=True):
            if arg.name is not None or not isinstance(value, PrismaNumber) \
                    or not value.text.isdigit():
                self.fail(arg.pos, f"`{native.label}` takes whole numbers")
        numbers = [v.text for v in args if isinstance(v, PrismaNumber)]
        return f"({','.join(numbers)})" if numbers else ""

    def enum_map(self, enum_name: str) -> PrismaAttribute | None:
        return next((a for a in self.enums[enum_name].attributes if a.name == "map"), None)

    def default(self, field: PrismaField, value: PrismaValue, base_type: str) -> str | None:
        """The SQL default, None for a client-side one, or `_AUTOINCREMENT`."""
        if isinstance(value, PrismaCall):
            return self.function_default(field, value, base_type)
        if field.type_name in self.enums and isinstance(value, PrismaConstant):
            return sql_string(self.enum_db_value(field.type_name, value))
        if field.type_name in ("String", "Json") and isinstance(value, PrismaString):
            return sql_string(value.value)
        if field.type_name == "Boolean" and isinstance(value, PrismaConstant) \
                and value.name in ("true", "false"):
            return value.name
        if isinstance(value, PrismaNumber) and (
                field.type_name in ("Float", "Decimal")
                or field.type_name in ("Int", "BigInt") and "." not in value.text):
            return value.text
        hint = " (use now() or dbgenerated(...))" if field.type_name == "DateTime" else ""
        self.fail(value.pos, f"default {_show(value)} does not fit type "
                             f"`{field.type_name}`{hint}")

    def function_default(self, field: PrismaField, call: PrismaCall,
                         base_type: str) -> str | None:
        wanted = {"now": ("DateTime",), "autoincrement": ("Int", "BigInt")}
        if call.name in wanted and call.args:
            self.fail(call.pos, f"`{call.name}()` takes no arguments")
        if call.name in wanted and field.type_name not in wanted[call.name]:
            self.fail(call.pos, f"`{call.name}()` does not fit type `{field.type_name}`")
        if call.name == "now":
            return "CURRENT_TIMESTAMP"
        if call.name == "autoincrement":
            if base_type not in _SERIAL:
                self.fail(call.pos, f"`autoincrement()` does not fit native type {base_type}")
            return _AUTOINCREMENT
        if call.name in _CLIENT_GENERATED:
            if field.type_name != "String":
                self.fail(call.pos, f"`{call.name}()` needs a String field")
            return None  # Prisma Client generates the value; the column has no default
        if call.name == "dbgenerated":
            if len(call.args) > 1 or (call.args and call.args[0].name is not None):
                self.fail(call.pos, "`dbgenerated()` takes one SQL expression string")
            return self.string(call.args[0].value, "dbgenerated()") if call.args else None
        self.fail(call.pos, f"unknown function `{call.name}()` in `@default`")

    # Models: shape (columns and keys), then indexes and foreign keys.

    def shape(self, model: PrismaModel) -> _ModelShape:
        blocks = self.block_attributes(model)
        table = self.mapped_name(blocks["map"][0] if blocks["map"] else None, model.name)
        scalars, attrs = self.classify(model)
        columns = self.columns(model, scalars, attrs)
        field_keys = {kind: tuple(self.field_key(name, a[kind]) for name, a in attrs.items()
                                  if kind in a) for kind in ("id", "unique")}
        block_keys = {kind: tuple(self.block_key(model, scalars, a) for a in blocks[kind])
                      for kind in ("id", "unique", "index")}
        primary = self.single_primary_key(model, scalars, field_keys["id"] + block_keys["id"])
        if primary is None and not field_keys["unique"] + block_keys["unique"]:
            self.fail(model.pos, f"model `{model.name}` needs a unique criterion: "
                                 "@id, @@id, @unique or @@unique")
        column_names = {name: c.name for name, c in columns.items()}
        pk_name = None
        if primary is not None:
            pk_name = self.claim(primary.mapped_name or constraint_name(table, "_pkey"),
                                 primary.pos)
        pg_table = PgTable(table, tuple(columns.values()), pk_name,
                           tuple(column_names[f] for f in primary.fields) if primary else ())
        return _ModelShape(model, pg_table, scalars, column_names, primary, field_keys["unique"],
                           block_keys["unique"], block_keys["index"])

    def classify(self, model: PrismaModel) -> tuple[dict[str, PrismaField],
                                                    dict[str, dict[str, PrismaAttribute]]]:
        """The scalar fields by name, and every field's attributes by name."""
        scalars: dict[str, PrismaField] = {}
        attrs: dict[str, dict[str, PrismaAttribute]] = {}
        for field in model.fields:
            if field.name in attrs:
                self.fail(field.pos, f"field `{field.name}` is defined twice in `{model.name}`")
            relation = self.field_kind(field) == "relation"
            attrs[field.name] = self.field_attributes(field, relation)
            if not relation:
                scalars[field.name] = field
        return scalars, attrs

    def columns(self, model: PrismaModel, scalars: Mapping[str, PrismaField],
                attrs: Mapping[str, Mapping[str, PrismaAttribute]]) -> dict[str, PgColumn]:
        columns: dict[str, PgColumn] = {}
        used: set[str] = set()
        for name, field in scalars.items():
            column = self.column(field, attrs[name])
            if column.name in used:
                self.fail(field.pos, f"column `{column.name}` is defined twice in "
                                     f"`{model.name}`")
            used.add(column.name)
            columns[name] = column
        return columns

    def field_key(self, field: str, attribute: PrismaAttribute) -> _Key:
        args = self.bind(attribute)
        return _Key((field,), self.optional_string(args, "map"), attribute.pos)

    def block_key(self, model: PrismaModel, scalars: Mapping[str, PrismaField],
                  attribute: PrismaAttribute) -> _Key:
        args = self.bind(attribute)
        fields = self.field_refs(args["fields"], scalars, model, f"`{attribute.label}`")
        return _Key(fields, self.optional_string(args, "map"), attribute.pos)

    def single_primary_key(self, model: PrismaModel, scalars: Mapping[str, PrismaField],
                           keys: tuple[_Key, ...]) -> _Key | None:
        if len(keys) > 1:
            self.fail(keys[1].pos, f"model `{model.name}` has more than one primary key")
        for name in keys[0].fields if keys else ():
            if scalars[name].optional:
                self.fail(scalars[name].pos, f"primary key field `{name}` cannot be optional")
        return keys[0] if keys else None

    def indexes(self, shape: _ModelShape) -> list[PgIndex]:
        """Prisma's order: field @unique, then @@index, then @@unique."""
        keyed = [(k, True) for k in shape.field_uniques] + \
            [(k, False) for k in shape.indexes] + [(k, True) for k in shape.block_uniques]
        found = []
        for key, unique in keyed:
            columns = tuple(shape.columns[f] for f in key.fields)
            name = key.mapped_name or constraint_name(
                f"{shape.table.name}_{'_'.join(columns)}", "_key" if unique else "_idx")
            found.append(PgIndex(self.claim(name, key.pos), shape.table.name, columns, unique))
        return found

    # Relations.

    def relation_args(self, field: PrismaField) -> dict[str, PrismaValue]:
        attribute = next((a for a in field.attributes if a.name == "relation"), None)
        return self.bind(attribute) if attribute else {}

    def relation_name(self, field: PrismaField) -> str | None:
        return self.optional_string(self.relation_args(field), "name")

    def foreign_keys(self, shape: _ModelShape) -> list[PgForeignKey]:
        found = []
        for field in shape.model.fields:
            if field.name not in shape.scalars:
                fk = self.relation(shape, field)
                if fk is not None:
                    found.append(fk)
        return found

    def relation(self, shape: _ModelShape, field: PrismaField) -> PgForeignKey | None:
        args = self.relation_args(field)
        target = self.shapes[field.type_name]
        opposite = self.opposite(shape, field, target, self.optional_string(args, "name"))
        if "fields" not in args and "references" not in args:
            self.check_back_relation(shape, field, target, opposite)
            return None
        attribute = next(a for a in field.attributes if a.name == "relation")
        if field.is_list:
            self.fail(attribute.pos, f"list field `{field.name}` cannot set fields/references; "
                                     "they belong on the other side of the relation")
        for key in ("fields", "references"):
            if key not in args:
                self.fail(attribute.pos, "`@relation` needs both `fields` and `references`")
        if "fields" in self.relation_args(opposite):
            self.fail(attribute.pos, f"both `{field.name}` and `{target.model.name}."
                                     f"{opposite.name}` set fields/references")
        return self.foreign_key(shape, field, target, args, opposite)

    def opposite(self, shape: _ModelShape, field: PrismaField, target: _ModelShape,
                 name: str | None) -> PrismaField:
        model = shape.model.name
        candidates = [f for f in target.model.fields if f.type_name == model
                      and f is not field and self.relation_name(f) == name]
        if not candidates:
            self.fail(field.pos, f"relation field `{field.name}` on model `{model}` has no "
                                 f"opposite relation field on model `{target.model.name}`")
        if len(candidates) > 1:
            self.fail(field.pos, f"ambiguous relation between `{model}` and "
                                 f"`{target.model.name}`: name both sides with @relation(\"...\")")
        return candidates[0]

    def check_back_relation(self, shape: _ModelShape, field: PrismaField,
                            target: _ModelShape, opposite: PrismaField) -> None:
        if "fields" in self.relation_args(opposite):
            if not field.is_list and not field.optional:
                self.fail(field.pos, f"back-relation field `{field.name}` must be optional "
                                     "or a list")
            return
        if field.is_list and opposite.is_list:
            self.fail(field.pos, "implicit many-to-many relations are not supported; "
                                 "declare the join model explicitly")
        self.fail(field.pos, f"relation `{shape.model.name}.{field.name}` <-> "
                             f"`{target.model.name}.{opposite.name}`: one side needs "
                             "@relation(fields: [...], references: [...])")

    def foreign_key(self, shape: _ModelShape, field: PrismaField, target: _ModelShape,
                    args: Mapping[str, PrismaValue], opposite: PrismaField) -> PgForeignKey:
        fields = self.field_refs(args["fields"], shape.scalars, shape.model, "`fields`")
        refs = self.field_refs(args["references"], target.scalars, target.model,
                               "`references`")
        self.check_reference(shape, target, fields, refs, args)
        if not opposite.is_list and frozenset(fields) not in shape.unique_sets():
            self.fail(args["fields"].pos, "a one-to-one relation needs unique `fields`: "
                                          "add @unique (or @@unique) to them")
        required = not field.optional or any(not shape.scalars[f].optional for f in fields)
        on_delete = self.action(args, "onDelete", "RESTRICT" if required else "SET NULL")
        if on_delete == "SET NULL" and any(not shape.scalars[f].optional for f in fields):
            self.fail(args["onDelete"].pos, "onDelete: SetNull needs optional `fields`")
        columns = tuple(shape.columns[f] for f in fields)
        name = self.optional_string(args, "map") or constraint_name(
            f"{shape.table.name}_{'_'.join(columns)}", "_fkey")
        return PgForeignKey(name, shape.table.name, columns, target.table.name,
                            tuple(target.columns[r] for r in refs), on_delete,
                            self.action(args, "onUpdate", "CASCADE"))

    def check_reference(self, shape: _ModelShape, target: _ModelShape, fields: tuple[str, ...],
                        refs: tuple[str, ...], args: Mapping[str, PrismaValue]) -> None:
        if len(fields) != len(refs):
            self.fail(args["references"].pos, f"`fields` names {len(fields)} field(s) but "
                                              f"`references` names {len(refs)}")
        for name, ref in zip(fields, refs, strict=True):
            mine, theirs = shape.scalars[name].type_name, target.scalars[ref].type_name
            if mine != theirs:
                self.fail(args["fields"].pos, f"field `{name}` ({mine}) cannot reference "
                                              f"`{target.model.name}.{ref}` ({theirs})")
        if frozenset(refs) not in target.unique_sets():
            self.fail(args["references"].pos, "`references` must name the primary key or a "
                                              f"unique field set of `{target.model.name}`")

    def action(self, args: Mapping[str, PrismaValue], key: str, default: str) -> str:
        if key not in args:
            return default
        value = args[key]
        if not isinstance(value, PrismaConstant) or value.name not in REFERENTIAL_ACTIONS:
            self.fail(value.pos, f"{key} must be one of {', '.join(REFERENTIAL_ACTIONS)}, "
                                 f"found {_show(value)}")
        return REFERENTIAL_ACTIONS[value.name]

    # The whole migration.

    def plan(self) -> MigrationDdl:
        enums = tuple(self.enum(e) for e in self.schema.enums)
        tables: dict[str, PrismaModel] = {}
        for model in self.schema.models:
            shape = self.shapes[model.name] = self.shape(model)
            if shape.table.name in tables:
                self.fail(model.pos, f"models `{tables[shape.table.name].name}` and "
                                     f"`{model.name}` both map to table `{shape.table.name}`")
            tables[shape.table.name] = model
        indexes = tuple(i for s in self.shapes.values() for i in self.indexes(s))
        fks = tuple(fk for s in self.shapes.values() for fk in self.foreign_keys(s))
        return MigrationDdl(enums, tuple(s.table for s in self.shapes.values()), indexes,
                            fks if self.foreign_keys_enabled else ())


def plan_migration(schema: PrismaSchema) -> MigrationDdl:
    return _Resolver(schema).plan()


# --- 4. Rendering --------------------------------------------------------------------


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _quoted_list(names: tuple[str, ...], separator: str = ", ") -> str:
    return separator.join(quote(n) for n in names)


def _create_enum(pg_enum: PgEnum) -> str:
    return f"CREATE TYPE {quote(pg_enum.name)} AS ENUM " \
           f"({', '.join(sql_string(v) for v in pg_enum.values)})"


def _column_sql(column: PgColumn) -> str:
    not_null = " NOT NULL" if column.not_null else ""
    default = f" DEFAULT {column.default}" if column.default is not None else ""
    return f"    {quote(column.name)} {column.sql_type}{not_null}{default}"


def _create_table(table: PgTable) -> str:
    body = ",\n".join(_column_sql(c) for c in table.columns)
    if table.primary_key_name is not None:
        body += (f",\n\n    CONSTRAINT {quote(table.primary_key_name)} "
                 f"PRIMARY KEY ({_quoted_list(table.primary_key, ',')})")
    return f"CREATE TABLE {quote(table.name)} (\n{body}\n)"


def _create_index(index: PgIndex) -> str:
    unique = "UNIQUE " if index.unique else ""
    return f"CREATE {unique}INDEX {quote(index.name)} ON {quote(index.table)}" \
           f"({_quoted_list(index.columns)})"


def _add_foreign_key(fk: PgForeignKey) -> str:
    return (f"ALTER TABLE {quote(fk.table)} ADD CONSTRAINT {quote(fk.name)} "
            f"FOREIGN KEY ({_quoted_list(fk.columns)}) REFERENCES {quote(fk.ref_table)}"
            f"({_quoted_list(fk.ref_columns)}) ON DELETE {fk.on_delete} ON UPDATE {fk.on_update}")


def render_ddl(plan: MigrationDdl) -> str:
    steps = [("CreateEnum", _create_enum(e)) for e in plan.enums]
    steps += [("CreateTable", _create_table(t)) for t in plan.tables]
    steps += [("CreateIndex", _create_index(i)) for i in plan.indexes]
    steps += [("AddForeignKey", _add_foreign_key(fk)) for fk in plan.foreign_keys]
    return "\n".join(f"-- {kind}\n{sql};\n" for kind, sql in steps)


def to_ddl(schema: PrismaSchema) -> str:
    """The DDL `prisma migrate diff --from-empty` would write for `schema`."""
    return render_ddl(plan_migration(schema))


# --- Materialising -------------------------------------------------------------------


def apply_ddl(url: str, ddl: str, source: Path) -> None:
    """Run the generated DDL; a server error names the Prisma file it came from."""
    if not ddl:
        return
    with connect(url, autocommit=True) as conn:
        try:
            conn.execute(ddl.encode())
        except psycopg.Error as exc:
            message = (exc.diag.message_primary or str(exc)).strip()
            raise DriftInputError(f"{source}: the DDL generated from it failed: "
                                  f"{message}") from exc


def build_prisma(path: Path, url: str) -> None:
    """Parse first, so a syntax error never waits for a scratch server."""
    apply_ddl(url, to_ddl(parse_file(path)), path)
