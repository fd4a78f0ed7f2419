"""Partitions and inheritance in the model: findings and the steps planned, no database."""

from __future__ import annotations

from drift import changes as ch
from drift import diff
from drift.findings import Code, Finding
from drift.model import Catalog, Column, Constraint, ConstraintKind, Index, Partition, Table
from drift.plan.ops import AddConstraint, CreateIndex, DropTable, Phase, ValidateConstraint
from drift.plan.partitions import (
    AddKeyOnly,
    AttachIndex,
    CreateParentIndex,
    CreatePartition,
    partition_index_name,
)
from drift.plan.strategies import attach
from drift.spec import Priority, Rename, Spec

COLS = (Column("id", "integer", False), Column("k", "integer", False))
IDX = Index("t_k_idx", False, "btree", ("k",), (False,), ("",),
            definition="CREATE INDEX t_k_idx ON ONLY public.t USING btree (k)")


def part(name: str, bound: str, *below: Partition, key: str | None = None) -> Partition:
    return Partition("public", name, bound, partition_key=key, partitions=below)


def parted(*parts: Partition, indexes: tuple[Index, ...] = (),
           key: str | None = "RANGE (k)") -> Catalog:
    t = Table("public", "t", columns=COLS, indexes=indexes, partition_key=key,
              partitions=parts)
    return Catalog(tables={t.qualified: t}, schemas=("public",))


def compare(expected: Catalog, live: Catalog, spec: Spec) -> list[Finding]:
    """The findings with their planned steps, as `check` gives them."""
    return attach(diff.compare(expected, live, spec), live)


P1 = part("t_1", "FOR VALUES FROM (0) TO (10)")
P2 = part("t_2", "FOR VALUES FROM (10) TO (20)", part("t_2a", "FOR VALUES IN (10)"),
          key="LIST (k)")


def test_index_on_partitioned_table_is_built_on_only_then_per_partition_and_attached() -> None:
    [finding] = compare(parted(P1, P2, indexes=(IDX,)), parted(P1, P2), Spec())
    assert finding.code == Code.MISSING_INDEX
    steps = [(type(op).__name__, op.table, getattr(op, "only", None)) for op in
             finding.operations]
    assert steps == [("CreateParentIndex", "t", True), ("CreateIndex", "t_1", None),
                     ("AttachIndex", "t_1", None), ("CreateParentIndex", "t_2", True),
                     ("CreateIndex", "t_2a", None), ("AttachIndex", "t_2a", None),
                     ("AttachIndex", "t_2", None)]
    first = finding.operations[0]
    assert isinstance(first, CreateParentIndex)
    assert first.statements() == [
        "CREATE INDEX IF NOT EXISTS t_k_idx ON ONLY public.t USING btree (k)"]
    leaf = finding.operations[1]
    assert isinstance(leaf, CreateIndex) and leaf.index.name == "t_1_k_idx"
    assert leaf.statements()[0].startswith("CREATE INDEX CONCURRENTLY IF NOT EXISTS t_1_k_idx")
    attach = finding.operations[6]
    assert isinstance(attach, AttachIndex)
    assert attach.statements() == ["ALTER INDEX public.t_k_idx ATTACH PARTITION "
                                   "public.t_2_k_idx"]


def test_missing_sub_partition_tree_is_created_parent_first() -> None:
    [finding] = compare(parted(P1, P2), parted(P1), Spec())
    assert finding.code == Code.MISSING_PARTITION
    assert [(op.table, op.statements()[0]) for op in finding.operations
            if isinstance(op, CreatePartition)] == [
        ("t_2", "CREATE TABLE IF NOT EXISTS public.t_2 PARTITION OF public.t FOR VALUES "
                "FROM (10) TO (20) PARTITION BY LIST (k)"),
        ("t_2a", "CREATE TABLE IF NOT EXISTS public.t_2a PARTITION OF public.t_2 FOR VALUES "
                 "IN (10)")]


def test_key_change_is_reported_not_planned() -> None:
    [finding] = compare(parted(P1), parted(P1, key="LIST (k)"), Spec())
    assert finding.code == Code.PARTITION_KEY_MISMATCH and finding.operations == ()
    [finding] = compare(parted(key=None), parted(P1), Spec())
    assert finding.code == Code.PARTITION_KEY_MISMATCH and "should not be" in finding.message


def test_unexpected_partition_is_dropped_only_with_approval() -> None:
    [kept] = compare(parted(P1), parted(P1, P2), Spec())
    assert kept.code == Code.UNEXPECTED_PARTITION and kept.operations == ()
    approved = Spec(approved_drops=frozenset({("public", "t_2", None)}))
    [dropped] = compare(parted(P1), parted(P1, P2), approved)
    assert [(type(op), op.table, op.phase) for op in dropped.operations] == [
        (DropTable, "t_2", Phase.CLEANUP)]


def test_bound_change_detaches_and_attaches_in_one_phase() -> None:
    moved = part("t_1", "FOR VALUES FROM (0) TO (5)")
    [finding] = compare(parted(P1), parted(moved), Spec())
    assert finding.code == Code.PARTITION_BOUND_MISMATCH
    assert [op.statements()[0] for op in finding.operations] == [
        "ALTER TABLE public.t DETACH PARTITION public.t_1",
        "ALTER TABLE public.t ATTACH PARTITION public.t_1 FOR VALUES FROM (0) TO (10)"]
    assert {op.phase for op in finding.operations} == {Phase.SWITCH}


def test_inherited_columns_are_compared_on_the_parent_only() -> None:
    parent = Table("public", "p", columns=COLS)
    child = Table("public", "c", columns=(Column("id", "integer", False, inherited=True),
                                          Column("k", "integer", False, inherited=True),
                                          Column("x", "text", True)),
                  inherits=(("public", "p"),))
    expected = Catalog(tables={parent.qualified: Table("public", "p", columns=COLS[:1]),
                               child.qualified: Table("public", "c", columns=(
                                   Column("id", "integer", False, inherited=True),
                                   Column("x", "text", True)), inherits=(("public", "p"),))},
                       schemas=("public",))
    live = Catalog(tables={parent.qualified: parent, child.qualified: child},
                   schemas=("public",))
    found = [(f.code, f.table, f.object) for f in compare(expected, live, Spec())]
    assert found == [(Code.UNEXPECTED_COLUMN, "p", "k")]  # once, on the parent


def test_partition_index_names_follow_make_object_name() -> None:
    index = Index("x", False, "btree", ("a" * 10, "lower(b)"), (False, True), ("", ""))
    assert partition_index_name("t" * 60, index) == "t" * 42 + "_aaaaaaaaaa_lower_idx"
    assert partition_index_name("t_1", index, "primary_key") == "t_1_pkey"
    assert partition_index_name("t_1", IDX, "unique") == "t_1_k_key"


def test_renamed_partitioned_table_is_planned_under_its_live_name_with_its_partitions() -> None:
    """A table renamed through drift.toml (old -> t) that is partitioned: the diff's
    own pairing (the declared rename) decides which partitions its new index, unique
    key and foreign key reach; before 18 the foreign key is added valid in the switch."""
    ref = Table("public", "r", columns=COLS[:1])
    unique = Constraint("t_k_id_key", ConstraintKind.UNIQUE, ("k", "id"), "UNIQUE (k, id)")
    fk = Constraint("t_id_fkey", ConstraintKind.FOREIGN_KEY, ("id",),
                    "FOREIGN KEY (id) REFERENCES public.r(id)", ref_schema="public",
                    ref_table="r", ref_columns=("id",))
    target = Table("public", "t", columns=COLS, indexes=(IDX,), constraints=(unique, fk),
                   partition_key="RANGE (k)", partitions=(P1, P2))
    live = Table("public", "old", columns=COLS, partition_key="RANGE (k)",
                 partitions=(P1, P2))
    spec = Spec(renames=(Rename("table", "public", "t", "old", "t", Priority.MUST),))
    expected = Catalog(tables={target.qualified: target, ref.qualified: ref},
                       schemas=("public",))
    found = {f.code: f for f in compare(
        expected, Catalog(tables={live.qualified: live, ref.qualified: ref},
                          schemas=("public",), server_version="17.2"), spec)}

    index = found[Code.MISSING_INDEX]
    [change] = index.changes
    assert isinstance(change, ch.CreateIndex) and change.partitioned is not None
    assert [p.name for p in change.partitioned.partitions] == ["t_1", "t_2"]
    assert [(type(op).__name__, op.table) for op in index.operations] == [
        ("CreateParentIndex", "old"), ("CreateIndex", "t_1"), ("AttachIndex", "t_1"),
        ("CreateParentIndex", "t_2"), ("CreateIndex", "t_2a"), ("AttachIndex", "t_2a"),
        ("AttachIndex", "t_2")]
    assert index.operations[0].statements() == [
        "CREATE INDEX IF NOT EXISTS t_k_idx ON ONLY public.old USING btree (k)"]

    key = found[Code.MISSING_UNIQUE_CONSTRAINT]
    only = [op for op in key.operations if isinstance(op, AddKeyOnly)]
    assert [(op.table, op.name) for op in only] == [("old", "t_k_id_key"),
                                                     ("t_2", "t_2_k_id_key")]
    assert not any(type(op) is CreateIndex and op.table == "old" for op in key.operations)

    foreign = found[Code.MISSING_FOREIGN_KEY]
    [add] = [op for op in foreign.operations if isinstance(op, AddConstraint)]
    assert (add.table, add.phase, add.not_valid) == ("old", Phase.SWITCH, False)
    assert not any(isinstance(op, ValidateConstraint) for op in foreign.operations)
