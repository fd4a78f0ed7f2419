"""Quoting for generated SQL: identifiers and literals, the way PostgreSQL wants them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Keywords that cannot stand unquoted as a column or table name: pg_get_keywords()
# with catcode R, T or C, as of PostgreSQL 18.
_KEYWORDS = frozenset("""
all analyse analyze and any array as asc asymmetric authorization between bigint binary bit
boolean both case cast char character check coalesce collate collation column concurrently
constraint create cross current_catalog current_date current_role current_schema
current_time current_timestamp current_user dec decimal default deferrable desc distinct do
else end except exists extract false fetch float for foreign freeze from full grant greatest
group grouping having ilike in initially inner inout int integer intersect interval into is
isnull join json json_array json_arrayagg json_exists json_object json_objectagg json_query
json_scalar json_serialize json_table json_value lateral leading least left like limit
localtime localtimestamp merge_action national natural nchar none normalize not notnull null
nullif numeric offset on only or order out outer overlaps overlay placing position precision
primary real references returning right row select session_user setof similar smallint some
substring symmetric system_user table tablesample then time timestamp to trailing treat trim
true union unique user using values varchar variadic verbose when where window with
xmlattributes xmlconcat xmlelement xmlexists xmlforest xmlnamespaces xmlparse xmlpi xmlroot
xmlserialize xmltable
""".split())
_SIMPLE = re.compile(r"^[a-z_][a-z0-9_$]*$")


def ident(name: str) -> str:
    """Quote an identifier only when PostgreSQL needs it, as quote_ident() does."""
    if _SIMPLE.match(name) and name not in _KEYWORDS:
        return name
    return '"' + name.replace('"', '""') + '"'


def qualified(schema: str, name: str) -> str:
    return f"{ident(schema)}.{ident(name)}"


def literal(text: str) -> str:
    """A standard-conforming string literal."""
    return "'" + text.replace("'", "''") + "'"


def column_list(names: tuple[str, ...] | list[str]) -> str:
    return ", ".join(ident(n) for n in names)


# String literals and quoted identifiers, so that words inside them are never taken
# for column names (and an apostrophe inside "o'clock" opens no literal).
_LITERAL = re.compile(r"""('(?:[^']|'')*'|"(?:[^"]|"")*")""")


def rename_identifiers(expression: str, names: dict[str, str]) -> str:
    """Rewrite column names inside a server-printed expression, leaving literals alone.

    `names` maps old to new; only names that change are touched, and a name is
    matched whole, unquoted or double-quoted, never inside a string literal.
    """
    changes = {old: new for old, new in names.items() if old != new}
    if not changes:
        return expression
    alternatives = "|".join(re.escape(ident(old)) for old in sorted(changes, key=len, reverse=True))
    pattern = re.compile(rf'(?<![\w."$])({alternatives})(?![\w"$])')
    by_quoted = {ident(old): ident(new) for old, new in changes.items()}
    pieces = _LITERAL.split(expression)
    return "".join(by_quoted.get(piece, piece) if i % 2
                   else pattern.sub(lambda m: by_quoted[m.group(1)], piece)
                   for i, piece in enumerate(pieces))


def _code_depths(text: str) -> list[tuple[int, str, int]]:
    """(offset, character, parenthesis depth after it) of each character outside
    string literals and quoted identifiers."""
    out, depth, at = [], 0, 0
    for i, piece in enumerate(_LITERAL.split(text)):
        if i % 2 == 0:
            for j, ch in enumerate(piece):
                depth += (ch == "(") - (ch == ")")
                out.append((at + j, ch, depth))
        at += len(piece)
    return out


def bare(text: str) -> str:
    """`text` without the parentheses that enclose all of it (parentheses inside
    literals and quoted identifiers do not count)."""
    text = text.strip()
    while text.startswith("(") and text.endswith(")"):
        closes = [at for at, ch, depth in _code_depths(text) if depth == 0 and ch == ")"]
        if closes != [len(text) - 1]:
            return text  # the first "(" closes before the end: not one group
        text = text[1:-1].strip()
    return text


def conjuncts(predicate: str) -> set[str]:
    """The top-level AND terms of a predicate as the server prints it, each `bare`.

    Used to leave out a condition a predicate already states; a term this simple
    split gets wrong is merely not recognised (literals and quoted identifiers are
    never split)."""
    text = bare(predicate)
    cuts = [at for at, ch, depth in _code_depths(text)
            if depth == 0 and ch == " " and text.startswith(" AND ", at)]
    terms, start = [], 0
    for at in cuts:
        terms.append(text[start:at])
        start = at + 5
    terms.append(text[start:])
    return {bare(t) for t in terms if t.strip()}


def one_line(text: str) -> str:
    """Text safe to put after `--` or `#`: control characters (newlines!) escaped."""
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


def dollar_quoted(body: str, tag: str) -> str:
    """`$tag$body$tag$` with a tag that does not occur in the body."""
    candidate, n = tag, 0
    while f"${candidate}$" in body:
        n += 1
        candidate = f"{tag}_{n}"
    return f"${candidate}$\n{body}\n${candidate}$"


def replace_word(expression: str, word: str, replacement: str) -> str:
    """Replace a bare keyword-like word (a domain CHECK's VALUE), not inside literals."""
    pattern = re.compile(rf"(?<![\w.\"$]){re.escape(word)}(?![\w\"$])")
    pieces = _LITERAL.split(expression)
    return "".join(piece if i % 2 else pattern.sub(replacement, piece)
                   for i, piece in enumerate(pieces))


# Words after a table name that are not its alias.
_NOT_ALIAS = _KEYWORDS | frozenset("""
set on using join inner left right full cross natural where values returning group order
limit offset window having conflict do update delete insert select lateral with union
except intersect fetch for tablesample only as
""".split())
_CHAIN = re.compile(r"(?<![\w$])[A-Za-z_][\w$]*(?:\s*\.\s*[A-Za-z_][\w$]*)*")


class SpecNameError(ValueError):
    """Spec SQL that uses a name from before a declared rename."""


@dataclass(frozen=True)
class NameMap:
    """Target names -> the names live right now, to run SQL written in target names.

    `tables` maps each target table to its live name; `columns` maps, per target
    table, each target column to its live name. `old_tables` and `old_columns` are
    the declared renames' old names, which spec SQL must not use: they stop working
    the moment the rename runs.
    """

    tables: dict[str, str] = field(default_factory=dict)
    columns: dict[str, dict[str, str]] = field(default_factory=dict)
    old_tables: dict[str, str] = field(default_factory=dict)  # old -> target
    old_columns: dict[str, dict[str, str]] = field(default_factory=dict)  # table: old -> target

    def to_live(self, sql: str, table: str | None = None) -> str:
        """Rewrite a statement in target names (tables, aliases, qualified and bare
        columns) into live names, leaving literals and quoted identifiers alone.

        Raises SpecNameError for a name from before a declared rename, or a bare
        column that two tables of the statement would read differently. `table` is
        the table a bare predicate (an invariant's check) is about.
        """
        pieces = _LITERAL.split(sql)
        words = [_words(p) if i % 2 == 0 else [] for i, p in enumerate(pieces)]
        flat = [w for ws in words for w in ws]
        referenced: dict[str, str] = {}  # name or alias -> target table
        if table is not None and table in self.columns:
            referenced[table] = table
        for n, parts in enumerate(flat):
            table = parts[-1] if len(parts) <= 2 else None
            if table is None:
                continue
            if table in self.old_tables and table not in self.columns:
                raise SpecNameError(
                    f"names table {table}, its name before the declared rename to "
                    f"{self.old_tables[table]}: write spec SQL in target names "
                    f"({self.old_tables[table]}); drift runs it under the names live then")
            if table in self.columns:
                referenced.setdefault(table, table)
                alias = flat[n + 1] if n + 1 < len(flat) else None
                if alias and len(alias) == 1 and alias[0].lower() not in _NOT_ALIAS \
                        and alias[0] not in self.columns:
                    referenced.setdefault(alias[0], table)
        tables = set(referenced.values())
        out = []
        for i, piece in enumerate(pieces):
            out.append(piece if i % 2 else _CHAIN.sub(
                lambda m: self._rewrite(m.group(0), referenced, tables), piece))
        return "".join(out)

    def _rewrite(self, chain: str, referenced: dict[str, str], tables: set[str]) -> str:
        parts = [p.strip() for p in chain.split(".")]
        if len(parts) == 1:
            word = parts[0]
            if word in self.columns and word in referenced:
                return ident(self.tables.get(word, word))
            return self._bare_column(word, tables)
        head, last = parts[-2], parts[-1]
        if len(parts) == 2 and head in referenced:  # alias.column or table.column
            table = referenced[head]
            self._not_old(table, last)
            column = self.columns[table].get(last, last)
            qualifier = ident(self.tables.get(head, head)) if head in self.columns else head
            return f"{qualifier}.{ident(column) if column != last else last}"
        if last in self.columns:  # schema.table
            return ".".join([*parts[:-1], ident(self.tables.get(last, last))])
        if len(parts) == 3 and head in self.columns:  # schema.table.column
            self._not_old(head, last)
            column = self.columns[head].get(last, last)
            return ".".join([parts[0], ident(self.tables.get(head, head)),
                             ident(column) if column != last else last])
        return chain

    def _not_old(self, table: str, column: str) -> None:
        target = self.old_columns.get(table, {}).get(column)
        if target is not None and column not in self.columns.get(table, {}):
            raise SpecNameError(
                f"names column {table}.{column}, its name before the declared rename to "
                f"{target}: write spec SQL in target names ({table}.{target}); drift runs "
                "it under the names live then")

    def _bare_column(self, word: str, tables: set[str]) -> str:
        lives = {self.columns[t][word] for t in tables if word in self.columns[t]}
        if not lives:
            for t in tables:
                self._not_old(t, word)
            return word
        if len(lives) > 1:
            raise SpecNameError(f"column {word} is in several tables of the statement, "
                                "renamed in some: qualify it with its table or alias")
        live = lives.pop()
        return ident(live) if live != word else word


def _words(piece: str) -> list[list[str]]:
    return [[p.strip() for p in m.group(0).split(".")] for m in _CHAIN.finditer(piece)]
