"""Property: for a random schema and a random edit of it, drift's plan from the edited
database back to the original applies under psql, converges (drift then finds
nothing), and a second run of the same plan is a no-op (no oid or storage changes).

Schemas: 1-3 tables with typed columns, primary keys, foreign keys to earlier tables,
indexes, an enum, views on tables and views on views, materialized views, and
trigger functions with their triggers; 0-2 partitioned tables (by range or list,
with 1-3 partitions, maybe a default one, maybe a primary key and an index).
Edits: drop a column, an index, a foreign key, a view (with what reads it), a
trigger; retype a column; add a NOT NULL; add unexpected views on views and
unexpected triggers; drop a partition, narrow a partition's bound, drop the
default partition, the index or the primary key of a partitioned table, or the
whole partitioned table. Every reversal is one drift may plan without approval
(nothing is dropped that holds data).

20 examples run by default (each builds three databases, ~10 s in all); set
DRIFT_PROPERTY_EXAMPLES=300 for a long run.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field, replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drift.check import run_check
from drift.plan import build_plan
from drift.render.sql import render_sql
from drift.scratch import scratch_database
from drift.sources.sql import apply_sql
from tests.convergence.test_convergence import _fingerprint, _psql, _row_counts

pytestmark = pytest.mark.integration

EXAMPLES = int(os.environ.get("DRIFT_PROPERTY_EXAMPLES", "20"))
TYPES = ("integer", "bigint", "text", "boolean", "mood")
# text values are valid enum labels: a retype back to the enum must not meet bad data
VALUES = {"integer": "1", "bigint": "2", "text": "'ok'", "boolean": "true", "mood": "'ok'"}


@dataclass
class Partitioned:
    """A table partitioned by range (on k) or list (on tag); partition i holds k in
    [10i, 10i + 10) or tag in ('vIa', 'vIb'), narrowed to [10i, 10i + 5) / ('vIa')."""

    name: str
    by_range: bool
    parts: list[tuple[int, bool]]  # (i, narrowed)
    default: bool = False
    index: bool = False
    pk: bool = False

    def bound(self, i: int, narrowed: bool) -> str:
        if self.by_range:
            return f"FROM ({10 * i}) TO ({10 * i + (5 if narrowed else 10)})"
        return f"IN ('v{i}a')" if narrowed else f"IN ('v{i}a', 'v{i}b')"

    def sql(self, *, rows: bool) -> list[str]:
        key = "k integer NOT NULL" if self.by_range else "tag text NOT NULL"
        pk = f", PRIMARY KEY (id, {'k' if self.by_range else 'tag'})" if self.pk else ""
        how = "RANGE (k)" if self.by_range else "LIST (tag)"
        out = [f"CREATE TABLE {self.name} (id integer NOT NULL, {key}, v text{pk}) "
               f"PARTITION BY {how};"]
        out += [f"CREATE TABLE {self.name}_p{i} PARTITION OF {self.name} FOR VALUES "
                f"{self.bound(i, narrowed)};" for i, narrowed in self.parts]
        if self.default:
            out.append(f"CREATE TABLE {self.name}_rest PARTITION OF {self.name} DEFAULT;")
        if self.index:
            out.append(f"CREATE INDEX {self.name}_v_idx ON {self.name} (v);")
        if rows:  # one row per partition, inside the narrowest bound, and one default row
            keys = [str(10 * i) if self.by_range else f"'v{i}a'" for i, _ in self.parts]
            if self.default:
                keys.append("1000" if self.by_range else "'zz'")
            out += [f"INSERT INTO {self.name} VALUES ({n}, {k}, 'r{n}');"
                    for n, k in enumerate(keys)]
        return out


@dataclass
class Schema:
    tables: list[tuple[str, list[tuple[str, str, bool]], str | None]] = field(default_factory=list)
    indexes: list[tuple[str, str, str]] = field(default_factory=list)  # name, table, column
    views: list[tuple[str, str, bool]] = field(default_factory=list)  # name, source, matview
    triggers: list[tuple[str, str]] = field(default_factory=list)  # name, table
    partitioned: list[Partitioned] = field(default_factory=list)

    def sql(self, *, rows: bool) -> str:
        out = ["CREATE TYPE mood AS ENUM ('ok', 'meh');"]
        for table in self.partitioned:
            out += table.sql(rows=rows)
        for name, columns, parent in self.tables:
            cols = ["id integer PRIMARY KEY"]
            cols += [f"{c} {t}{' NOT NULL DEFAULT ' + VALUES[t] if nn else ''}"
                     for c, t, nn in columns]
            if parent:
                cols.append(f"{parent}_id integer REFERENCES {parent} (id)")
            out.append(f"CREATE TABLE {name} ({', '.join(cols)});")
            if rows:
                ref = ", 1" if parent else ""
                names = ", ".join(["id"] + [c for c, _, _ in columns]
                                  + ([f"{parent}_id"] if parent else []))
                for i in (1, 2):
                    vals = ", ".join([str(i)] + [VALUES[t] for _, t, _ in columns]) + ref
                    out.append(f"INSERT INTO {name} ({names}) VALUES ({vals});")
        out += [f"CREATE INDEX {n} ON {t} ({c});" for n, t, c in self.indexes]
        for name, source, mat in self.views:
            kind = "MATERIALIZED VIEW" if mat else "VIEW"
            out.append(f"CREATE {kind} {name} AS SELECT id FROM {source};")
        if self.triggers:
            out.append("CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS "
                       "$$ BEGIN RETURN NEW; END $$;")
        out += [f"CREATE TRIGGER {n} BEFORE UPDATE ON {t} FOR EACH ROW EXECUTE FUNCTION touch();"
                for n, t in self.triggers]
        return "\n".join(out) + "\n"


@st.composite
def schemas(draw: st.DrawFn) -> Schema:
    s = Schema()
    for i in range(draw(st.integers(1, 3))):
        columns = [(f"c{j}", draw(st.sampled_from(TYPES)), draw(st.booleans()))
                   for j in range(draw(st.integers(1, 3)))]
        parent = draw(st.sampled_from([None] + [t for t, _, _ in s.tables]))
        s.tables.append((f"t{i}", columns, parent))
    for name, columns, _ in s.tables:
        if draw(st.booleans()):
            s.indexes.append((f"{name}_c0_idx", name, columns[0][0]))
    sources = [t for t, _, _ in s.tables]
    for i in range(draw(st.integers(0, 3))):
        source = draw(st.sampled_from(sources))
        s.views.append((f"v{i}", source, draw(st.booleans()) and i % 2 == 1))
        sources.append(f"v{i}")
    for name, _, _ in s.tables:
        if draw(st.booleans()):
            s.triggers.append((f"{name}_touch", name))
    for i in range(draw(st.integers(0, 2))):
        s.partitioned.append(Partitioned(
            name=f"pt{i}", by_range=draw(st.booleans()),
            parts=[(j, False) for j in range(draw(st.integers(1, 3)))],
            default=draw(st.booleans()), index=draw(st.booleans()), pk=draw(st.booleans())))
    return s


def _edit_partitioned(draw: st.DrawFn, edit: Schema) -> None:
    """One edit of a partitioned table, if there is one."""
    if not edit.partitioned:
        return
    i = draw(st.integers(0, len(edit.partitioned) - 1))
    table = edit.partitioned[i]
    kind = draw(st.sampled_from(["drop_partition", "narrow", "drop_default", "drop_index",
                                 "drop_pk", "drop_table"]))
    if kind == "drop_partition" and len(table.parts) > 1:
        table.parts.pop(draw(st.integers(0, len(table.parts) - 1)))
    elif kind == "narrow":
        j = draw(st.integers(0, len(table.parts) - 1))
        table.parts[j] = (table.parts[j][0], True)
    elif kind == "drop_default":
        table.default = False
    elif kind == "drop_index":
        table.index = False
    elif kind == "drop_pk":
        table.pk = False
    elif kind == "drop_table":
        edit.partitioned.pop(i)


@st.composite
def edited(draw: st.DrawFn) -> tuple[Schema, Schema]:
    """(original, edit): the edit is what the live database has."""
    original = draw(schemas())
    edit = Schema(tables=[(n, list(c), p) for n, c, p in original.tables],
                  indexes=list(original.indexes), views=list(original.views),
                  triggers=list(original.triggers),
                  partitioned=[replace(t, parts=list(t.parts)) for t in original.partitioned])
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["drop_column", "retype", "not_null", "drop_index",
                                     "drop_fk", "drop_view", "add_views", "drop_trigger",
                                     "add_trigger", "partitioned"]))
        if kind == "partitioned":
            _edit_partitioned(draw, edit)
            continue
        i = draw(st.integers(0, len(edit.tables) - 1))
        name, columns, parent = edit.tables[i]
        used = {c for _, t, c in edit.indexes if t == name}
        if kind == "drop_column" and len(columns) > 1 and columns[-1][0] not in used:
            edit.tables[i] = (name, columns[:-1], parent)
        elif kind == "retype":
            col, typ, nn = columns[0]
            new = {"integer": "bigint", "bigint": "integer", "text": "text",
                   "boolean": "boolean", "mood": "text"}[typ]
            columns[0] = (col, new, nn)
        elif kind == "not_null":
            col, typ, nn = columns[-1]
            columns[-1] = (col, typ, True)
        elif kind == "drop_index" and edit.indexes:
            edit.indexes.pop(draw(st.integers(0, len(edit.indexes) - 1)))
        elif kind == "drop_fk" and parent:
            edit.tables[i] = (name, columns, None)
        elif kind == "drop_view" and edit.views:
            gone = {edit.views[draw(st.integers(0, len(edit.views) - 1))][0]}
            for v, source, _ in edit.views:  # what reads a dropped view goes too
                if source in gone:
                    gone.add(v)
            edit.views = [v for v in edit.views if v[0] not in gone]
        elif kind == "add_views":
            edit.views.append((f"x{len(edit.views)}a", name, False))
            edit.views.append((f"x{len(edit.views)}b", f"x{len(edit.views) - 1}a", False))
        elif kind == "drop_trigger" and edit.triggers:
            edit.triggers.pop()
        elif kind == "add_trigger" and not any(t == name for _, t in edit.triggers):
            edit.triggers.append((f"zz_{name}_extra", name))
    if draw(st.booleans()):  # partitioned tables get their own edit half the time
        _edit_partitioned(draw, edit)
    # a dropped FK column is kept as a plain column in the edit
    for j, (name, columns, parent) in enumerate(edit.tables):
        original_parent = original.tables[j][2]
        if original_parent and parent is None:
            edit.tables[j] = (name, columns + [(f"{original_parent}_id", "integer", False)], None)
    return original, edit


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(case=edited())
def test_plan_from_any_edit_converges_and_reruns(case: tuple[Schema, Schema], pg_server: str,
                                                 tmp_path_factory: pytest.TempPathFactory
                                                 ) -> None:
    original, edit = case
    work = tmp_path_factory.mktemp("property")
    (work / "before.sql").write_text(edit.sql(rows=True))
    target = work / "expected"
    if target.exists():
        shutil.rmtree(target)
    target.mkdir()
    (target / "schema.sql").write_text(original.sql(rows=False))
    with scratch_database(pg_server, prefix="drift_prop") as live:
        apply_sql(live, work / "before.sql")
        counts = _row_counts(live)
        checked = run_check(target, live, scratch_url=pg_server, data=False)
        plan_sql = render_sql(build_plan(checked.findings, checked.live,
                                         target=checked.expected.catalog))
        plan = work / "plan.sql"
        plan.write_text(plan_sql)
        context = f"\n--- live ---\n{edit.sql(rows=False)}--- target ---\n" \
                  f"{original.sql(rows=False)}--- plan ---\n{plan_sql}"
        run = _psql(live, plan)
        assert run.returncode == 0, f"the plan failed:\n{run.stderr}{context}"
        left = run_check(target, live, scratch_url=pg_server, data=False).findings
        assert not left, "drift still finds:\n" + "\n".join(
            f"  {f.code} {f.table} {f.object}: {f.message}" for f in left) + context
        after = _row_counts(live)  # plus the partitions and tables the plan created
        assert {k: after.get(k) for k in counts} == counts
        assert all(after[k] == 0 for k in set(after) - set(counts))
        settled = _fingerprint(live)
        rerun = _psql(live, plan)
        assert rerun.returncode == 0, f"the second run failed:\n{rerun.stderr}{context}"
        assert _fingerprint(live) == settled, "the second run was not a no-op" + context
