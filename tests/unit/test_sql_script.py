"""schema.sql as the server sees it: psql meta-commands and role statements blanked."""

from __future__ import annotations

from pathlib import Path

import pytest

from drift.errors import DriftInputError
from drift.sources.sql import prepare

PG_DUMP = """--
-- PostgreSQL database dump
--

\\restrict XldtuNQPUDo3SuaHbcyop2oFX

SET statement_timeout = 0;
CREATE TABLE public.a (id integer NOT NULL);
ALTER TABLE public.a OWNER TO app_owner;
GRANT SELECT ON TABLE public.a TO reader;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
ALTER DEFAULT PRIVILEGES FOR ROLE app_owner IN SCHEMA public GRANT SELECT ON TABLES TO reader;
ALTER TABLE ONLY public.a
    ADD CONSTRAINT a_pkey PRIMARY KEY (id);

\\unrestrict XldtuNQPUDo3SuaHbcyop2oFX
"""


def same_shape(before: str, after: str) -> None:
    """Blanking keeps every character's offset and every line break."""
    assert len(after) == len(before)
    assert [i for i, c in enumerate(after) if c == "\n"] == [
        i for i, c in enumerate(before) if c == "\n"]


def test_pg_dump_header_footer_and_role_statements_are_blanked() -> None:
    script = prepare(PG_DUMP)
    same_shape(PG_DUMP, script.text)
    assert script.meta == [(5, "\\restrict"), (16, "\\unrestrict")]
    assert script.role_statements == 4
    kept = [line.strip() for line in script.text.splitlines() if line.strip()
            and not line.startswith("--")]
    assert kept == ["SET statement_timeout = 0;", "CREATE TABLE public.a (id integer NOT NULL);",
                    "ALTER TABLE ONLY public.a", "ADD CONSTRAINT a_pkey PRIMARY KEY (id);"]
    assert script.note(Path("dump.sql")) == (
        "dump.sql: skipped psql meta-commands \\restrict (line 5), \\unrestrict (line 16); "
        "skipped 4 ownership and privilege statements (OWNER TO, GRANT, REVOKE: drift "
        "compares neither)")


def test_plain_sql_is_left_alone() -> None:
    text = "CREATE TABLE a (id int);\nCREATE INDEX ON a (id);\n"
    script = prepare(text)
    assert script.text == text and not script.meta and script.role_statements == 0
    assert script.note(Path("s.sql")) is None


@pytest.mark.parametrize("text", [
    "CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $$\n\\x is not a command here\n$$;\n",
    "CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $body$\nSELECT 1;\n\\q\n$body$;\n",
    "COMMENT ON TABLE a IS 'first line\n\\restrict inside a string';\n",
    "COMMENT ON TABLE a IS E'it''s \\' and\n\\unrestrict inside an E string';\n",
    'CREATE TABLE "odd\n\\name" (id int);\n',
    "/* a /* nested */ comment\n\\restrict inside it */ SELECT 1;\n",
    "ALTER TABLE a ADD CONSTRAINT c CHECK (note <> 'x OWNER TO y');\n",
    'ALTER TABLE a RENAME COLUMN b TO "owner to";\n',
    "CREATE TABLE grants (id int);\nCREATE TABLE revoked (id int);\n",
])
def test_backslashes_and_role_words_inside_sql_are_kept(text: str) -> None:
    script = prepare(text)
    assert script.text == text
    assert script.meta == [] and script.role_statements == 0


def test_a_meta_command_after_a_dollar_quote_is_still_found() -> None:
    text = ("CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $f$ SELECT 1 $f$;\n"
            "  \\set ON_ERROR_STOP on\nSELECT 'a''b';\n\\echo done\n")
    script = prepare(text)
    same_shape(text, script.text)
    assert script.meta == [(2, "\\set"), (4, "\\echo")]
    assert "SELECT 'a''b';" in script.text


@pytest.mark.parametrize(("line", "why"), [
    ("\\i other.sql", "\\i includes a file"),
    ("\\ir other.sql", "\\ir includes a file"),
    ("\\connect other", "\\connect connects to another database"),
    ("\\if :flag", "\\if is a condition"),
    ("\\copy a from 'x.csv'", "\\copy copies data from the client"),
])
def test_meta_commands_that_change_the_meaning_are_refused(line: str, why: str) -> None:
    with pytest.raises(DriftInputError) as info:
        prepare(f"CREATE TABLE a (id int);\n\n{line}\n", Path("schema.sql"))
    assert str(info.value) == (f"schema.sql:3:1: psql meta-command {why}; "
                               "drift runs the file as SQL only")
