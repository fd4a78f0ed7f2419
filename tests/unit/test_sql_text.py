"""Operation in, text out: quoting, guards, timeouts and revisions."""

from __future__ import annotations

import ast

from drift.checks import Duplicates
from drift.model import Column, Index
from drift.plan import Plan
from drift.plan.ops import AddColumn, CreateIndex, DropColumn, Guard, Phase, Rename
from drift.render.alembic import render_revision
from drift.render.sql import render_sql
from drift.sqltext import ident, literal


def test_identifiers_are_quoted_only_when_needed() -> None:
    assert ident("plain_name") == "plain_name"
    assert ident("user") == '"user"'
    assert ident("MixedCase") == '"MixedCase"'
    assert ident('say "hi"') == '"say ""hi"""'
    assert ident("<script>") == '"<script>"'
    assert literal("it's") == "'it''s'"


def test_guard_escapes_percent_and_quotes_in_its_message() -> None:
    check = Duplicates(schema="public", table="100% it's", keys=('"a"',), labels=("a",))
    [sql] = Guard(phase=Phase.EXPAND, schema="public", table="t", check=check).statements()
    assert "100%% it''s" in sql
    assert sql.startswith("DO $drift_guard$") and sql.endswith("$drift_guard$")


def _plan(*ops: object) -> Plan:
    return Plan(operations=tuple(ops), live_hash="abc123")  # type: ignore[arg-type]


def test_sql_plan_sets_timeouts_and_keeps_concurrent_builds_out_of_transactions() -> None:
    add = AddColumn(phase=Phase.EXPAND, schema="public", table="t",
                    column=Column("c", "integer", True))
    index = CreateIndex(phase=Phase.EXPAND, schema="public", table="t",
                        index=Index("t_c", False, "btree", ("c",), (False,), ("",)))
    text = render_sql(_plan(add, index))
    lines = text.splitlines()
    begin, commit = lines.index("BEGIN;"), lines.index("COMMIT;")
    build = next(i for i, line in enumerate(lines) if line.startswith("CREATE INDEX CONCURRENTLY"))
    add_line = lines.index("ALTER TABLE public.t ADD COLUMN IF NOT EXISTS c integer;")
    assert begin < add_line < commit < build
    assert text.count("SET lock_timeout = '5s';") == 2
    assert "SET statement_timeout = '0';" in text  # index builds may take long


def test_revision_is_valid_python_with_reversed_downgrade() -> None:
    ops = (Rename(phase=Phase.RENAME, schema="public", table="a", kind="table", old="a", new="b"),
           Rename(phase=Phase.RENAME, schema="public", table="b", kind="column", old="x",
                  new="y"))
    source = render_revision(ops, Phase.RENAME, "r1", None, _plan(*ops), "test")
    tree = ast.parse(source)
    assert {f.name for f in tree.body if isinstance(f, ast.FunctionDef)} >= {"upgrade",
                                                                           "downgrade"}
    down = source[source.index("def downgrade"):]
    assert down.index("RENAME COLUMN y TO x") < down.index("public.b RENAME TO a")


def test_irreversible_step_makes_downgrade_refuse_and_say_why() -> None:
    drop = DropColumn(phase=Phase.CLEANUP, schema="public", table="t", column="c")
    source = render_revision((drop,), Phase.CLEANUP, "r2", "r1", _plan(drop), "test")
    assert "raise RuntimeError('irreversible: dropping t.c deleted its values')" in source
    assert "deletes_data" in source


def test_passwords_are_masked_wherever_the_url_carries_them() -> None:
    from drift.db import describe, mask

    assert mask("postgresql://u:pw@h:5432/db") == "postgresql://u:***@h:5432/db"
    assert mask("postgresql:///db?host=/tmp&password=s3cret&sslmode=require") == \
        "postgresql:///db?host=/tmp&password=***&sslmode=require"
    assert "s3cret" not in str(describe("postgresql://u:s3cret@/db?password=s3cret"))


def test_steps_postgres_cannot_repeat_are_skipped_once_done() -> None:
    from drift.plan.ops import AddConstraint
    from drift.render.common import statements

    add = AddConstraint(phase=Phase.EXPAND, schema="public", table="t", name="t_fk",
                        definition="FOREIGN KEY (a) REFERENCES public.p (id)", not_valid=True)
    *_, step = statements(add)
    assert step.startswith("DO $drift_step$")
    assert ("IF NOT (EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = "
            "to_regclass('public.t') AND conname = 't_fk')) THEN") in step
    assert ("EXECUTE 'ALTER TABLE public.t ADD CONSTRAINT t_fk FOREIGN KEY (a) "
            "REFERENCES public.p (id) NOT VALID';") in step
    rename = Rename(phase=Phase.RENAME, schema="public", table="a", kind="table", old="a",
                    new="b")
    *_, step = statements(rename)
    assert "IF NOT (to_regclass('public.b') IS NOT NULL) THEN" in step


def test_revisions_use_alembic_operations_where_alembic_has_a_rerunnable_one() -> None:
    from drift.plan.ops import AddConstraint, SetNotNull

    index = Index("t_low", True, "btree", ("lower(email)", "org"), (True, False), ("", "DESC"),
                  include=("id",), predicate="deleted IS NULL", nulls_not_distinct=True)
    build = CreateIndex(phase=Phase.EXPAND, schema="public", table="t", index=index)
    tighten = SetNotNull(phase=Phase.SWITCH, schema="public", table="t", column="email")
    fk = AddConstraint(phase=Phase.EXPAND, schema="public", table="t", name="t_fk",
                       definition="FOREIGN KEY (a) REFERENCES public.p (id)", not_valid=True)
    source = render_revision((build, tighten, fk), Phase.EXPAND, "r3", None,
                             _plan(build, tighten, fk), "test")
    ast.parse(source)
    assert ("op.create_index('t_low', 't', [sa.text('(lower(email))'), sa.text('org DESC')], "
            "unique=True, schema='public', postgresql_concurrently=True, if_not_exists=True, "
            "postgresql_include=['id'], postgresql_nulls_not_distinct=True, "
            "postgresql_where=sa.text('deleted IS NULL'))") in source
    assert "op.alter_column('t', 'email', nullable=False, schema='public')" in source
    # NOT VALID has no Alembic operation: the guarded SQL runs through op.execute
    assert "EXECUTE 'ALTER TABLE public.t ADD CONSTRAINT t_fk" in source


def test_bare_and_conjuncts_skip_literals_and_quoted_identifiers() -> None:
    from drift.sqltext import bare, conjuncts

    assert bare("((a > 1))") == "a > 1"
    assert bare("(a > 1) AND (b < 2)") == "(a > 1) AND (b < 2)"
    assert bare("(c <> ')')") == "c <> ')'"  # a parenthesis in a literal is data
    assert conjuncts("((a IS NOT NULL) AND (b > 0))") == {"a IS NOT NULL", "b > 0"}
    assert conjuncts("(x = ' AND y') AND \"p AND q\" IS NOT NULL") == {
        "x = ' AND y'", '"p AND q" IS NOT NULL'}
    assert conjuncts("(a OR (b AND c))") == {"a OR (b AND c)"}
    assert conjuncts("") == set()
