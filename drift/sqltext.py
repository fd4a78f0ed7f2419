"""Quoting for generated SQL: identifiers and literals, the way PostgreSQL wants them."""

from __future__ import annotations

import re

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
