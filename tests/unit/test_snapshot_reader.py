"""A snapshot file is read a table at a time (drift.sources.snapshot): the catalog must
be the one the whole parse gives, whatever the chunk boundaries, and a file in any
other layout, or with an error, must read (or fail) exactly as the whole parse does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from drift.cli import write_snapshot
from drift.errors import DriftInputError
from drift.model import (
    Catalog,
    Column,
    Constraint,
    ConstraintKind,
    Depends,
    Index,
    Partition,
    Table,
    make_column,
    shared_names,
)
from drift.sources import load_snapshot
from drift.sources import snapshot as reader

TRICKY = 'é 中 😀 \n "q" \\ end\n    }\n  ]'  # escaped in the file: never a line of it


def table(n: int) -> Table:
    name = f"t{n}"
    return Table(
        schema="public" if n % 3 else "other", name=name, comment=TRICKY if n == 1 else None,
        estimated_rows=n,
        columns=(Column(name="id", type="integer", nullable=False),
                 Column(name="code", type="character varying(40)", nullable=True,
                        default="'x'::character varying", comment=TRICKY)),
        constraints=(Constraint(name=f"{name}_code_check", kind=ConstraintKind.CHECK,
                                columns=("code",), definition="CHECK (code <> '')",
                                check_expr="code <> ''::text", inherited=n == 2),
                     Constraint(name=f"{name}_pkey", kind=ConstraintKind.PRIMARY_KEY,
                                columns=("id",), definition="PRIMARY KEY (id)")),
        indexes=(Index(name=f"{name}_pkey", unique=True, method="btree", keys=("id",),
                       key_is_expression=(False,), key_options=("",), primary=True,
                       constraint=f"{name}_pkey", definition=f"CREATE UNIQUE INDEX {name}_pkey"
                       f" ON public.{name} USING btree (id)"),),
        partition_key="RANGE (id)" if n == 0 else None,
        partitions=(Partition(schema="public", name="t0_a", bound="FOR VALUES FROM (1) TO (2)",
                              partition_key="LIST (code)",
                              partitions=(Partition(schema="public", name="t0_a_x",
                                                    bound="DEFAULT"),)),) if n == 0 else (),
        inherits=(("public", "t0"),) if n == 4 else ())


def catalog(tables: int) -> Catalog:
    made = {t.qualified: t for t in map(table, range(tables))}
    return Catalog(tables=made, schemas=("other", "public"), server_version="18.1")


def written(tmp_path: Path, tables: int) -> Path:
    path = tmp_path / "snapshot.json"
    write_snapshot(catalog(tables), path)
    return path


@pytest.mark.parametrize("tables", [0, 1, 2, 7])
@pytest.mark.parametrize("chunk", [1, 5, 64, 1 << 20])
def test_read_a_table_at_a_time_it_is_the_whole_parse(tmp_path: Path, tables: int, chunk: int,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    path = written(tmp_path, tables)
    monkeypatch.setattr(reader, "CHUNK", chunk)  # every boundary falls somewhere else
    streamed = reader._streamed(path)
    assert streamed is not None, "drift snapshot's own layout must be read a table at a time"
    assert streamed == reader._whole(path) == catalog(tables)
    assert list(streamed.tables) == sorted(catalog(tables).tables)  # the file's order


@pytest.mark.parametrize("indent", [None, 4, 1])
def test_another_layout_is_read_whole(tmp_path: Path, indent: int | None) -> None:
    path = tmp_path / "snapshot.json"
    path.write_text(json.dumps(catalog(5).to_dict(), indent=indent), encoding="utf-8")
    assert reader._streamed(path) is None
    assert load_snapshot(path) == catalog(5)


def test_windows_line_ends_are_read_whole(tmp_path: Path) -> None:
    path = written(tmp_path, 3)
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert reader._streamed(path) is None
    assert load_snapshot(path) == catalog(3)


def break_table(path: Path, old: bytes, new: bytes) -> None:
    text = path.read_bytes()
    at = text.index(b'"name": "t2"')  # in the third table
    path.write_bytes(text[:at] + text[at:].replace(old, new, 1))


def whole_parse_error(path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """What loading `path` says when it is parsed whole, as before it was streamed."""
    with monkeypatch.context() as patch:
        patch.setattr(reader, "_streamed", lambda path: None)
        with pytest.raises(DriftInputError) as whole:
            load_snapshot(path)
    return str(whole.value)


@pytest.mark.parametrize(("old", "new", "error"), [
    (b'"nullable": false', b'"nullable": fals', r"snapshot.json:\d+:\d+: invalid JSON: "),
    (b'"columns": [', b'"kolumns": [', r"snapshot.json: not a drift snapshot: 'columns'"),
    (b'"kind": "check"', b'"kind": "chek"', r"snapshot.json: not a drift snapshot: 'chek'"),
    (b'"type": "integer"', b'"type": 4', r"snapshot.json: not a drift snapshot: .*must be str"),
])
def test_an_error_in_a_table_is_reported_as_by_the_whole_parse(
        tmp_path: Path, old: bytes, new: bytes, error: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    path = written(tmp_path, 4)
    break_table(path, old, new)
    assert reader._streamed(path) is None
    with pytest.raises(DriftInputError, match=error) as streamed:
        load_snapshot(path)
    assert str(streamed.value) == whole_parse_error(path, monkeypatch)


def test_an_error_after_the_tables_is_reported_as_by_the_whole_parse(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = written(tmp_path, 3)
    path.write_bytes(path.read_bytes().replace(b'"objects": []', b'"objects": [,]'))
    assert reader._streamed(path) is None
    with pytest.raises(DriftInputError, match=r"snapshot.json:\d+:\d+: invalid JSON") as got:
        load_snapshot(path)
    assert str(got.value) == whole_parse_error(path, monkeypatch)


def test_repeated_names_and_texts_are_kept_once(tmp_path: Path) -> None:
    loaded = load_snapshot(written(tmp_path, 3))
    one, two = loaded.tables[("public", "t1")], loaded.tables[("public", "t2")]
    for a, b in zip(one.columns, two.columns, strict=True):
        assert a is b  # equal frozen columns: one record
    assert one.columns[1].comment == TRICKY
    assert one.constraints[1].definition is two.constraints[1].definition
    assert one.constraints[1].columns is two.constraints[1].columns
    assert one.indexes[0].key_is_expression is two.indexes[0].key_is_expression
    assert one.schema is two.schema
    assert one.indexes[0].definition is not two.indexes[0].definition
    assert shared_names(["id"]) is one.indexes[0].keys  # the reader's records share them too
    assert make_column("code", "character varying(40)", True, "'x'::character varying",
                       comment=TRICKY) is one.columns[1]


def test_depends_are_kept_compactly_as_the_sorted_pairs() -> None:
    a, b, c = (("table", "s", "", "b"), ("column", "s", "b", "x"), ("view", "s", "", "a"))
    rows = [(c, a), (b, a), (c, b), (c, a), (a, c)]  # a repeat, a cycle
    depends = Depends.of(iter(rows))
    assert depends == tuple(sorted(set(rows)))
    assert list(depends) == sorted(set(rows)) and len(depends) == 4
    assert depends[0] == (b, a) and depends[-1] == (c, a) and depends[1:3] == ((a, c), (c, b))
    assert Depends.of(()) == () and not Depends.of(())
