"""`drift snapshot` writes with orjson, a table at a time; the bytes must stay those of
`json.dumps(catalog.to_dict(), indent=2)` (non-ASCII escaped), as before."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from drift.cli import snapshot_json, write_snapshot
from drift.model import (
    Catalog,
    Column,
    Constraint,
    ConstraintKind,
    DbObject,
    Index,
    ObjectKind,
    Table,
)
from drift.sources import load_snapshot

TRICKY = "é ü 中 😀 \x7f \x00 \x1f \n \t \u2028 \"q\" \\ / end"


def as_before(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, indent=2) + "\n").encode()


@pytest.mark.parametrize("data", [
    {}, {"a": []}, {"a": {}, "b": [[], {}]},
    {"s": TRICKY, "n": [1, -2, 0, None, True, False], "deep": {"x": [{"y": TRICKY}]}},
])
def test_the_json_is_byte_for_byte_that_of_json_dumps(data: dict[str, Any]) -> None:
    assert snapshot_json(data) == as_before(data)


def catalog(tables: int) -> Catalog:
    made = {}
    for n in range(tables):
        name = f"t{n}_{TRICKY}" if n == 1 else f"t{n}"
        made[("public", name)] = Table(
            schema="public", name=name, comment=TRICKY if n == 0 else None, estimated_rows=n,
            columns=(Column(name="id", type="integer", nullable=False),
                     Column(name="ä", type="text", nullable=True, default="'x'::text")),
            constraints=(Constraint(name=f"{name}_pkey", kind=ConstraintKind.PRIMARY_KEY,
                                    columns=("id",), definition="PRIMARY KEY (id)"),),
            indexes=(Index(name=f"{name}_pkey", unique=True, method="btree", keys=("id",),
                           key_is_expression=(False,), key_options=("",), primary=True,
                           constraint=f"{name}_pkey"),))
    view = DbObject(kind=ObjectKind.VIEW, schema="public", name="v", table=None,
                    definition=f" SELECT '{TRICKY}'::text AS t;", detail={"a": [1, TRICKY]})
    return Catalog(tables=made, schemas=("public",), server_version="18.6",
                   objects={view.key: view})


@pytest.mark.parametrize("tables", [0, 1, 3])
def test_a_snapshot_written_table_by_table_is_the_whole_dump(tmp_path: Path,
                                                             tables: int) -> None:
    path = tmp_path / "snapshot.json"
    write_snapshot(catalog(tables), path)
    assert path.read_bytes() == as_before(catalog(tables).to_dict())
    assert load_snapshot(path) == catalog(tables)  # and it reads back the same


def test_a_snapshot_that_is_not_json_names_its_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "snapshot.json"
    path.write_text('{\n  "tables": [,]\n}\n', encoding="utf-8")
    from drift.errors import DriftInputError

    with pytest.raises(DriftInputError, match=r"snapshot.json:2:14: invalid JSON: Expecting value"):
        load_snapshot(path)
