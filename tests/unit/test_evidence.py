"""Typed evidence: one dataclass per blocker kind, written as the JSON the schema pins."""

from __future__ import annotations

import json

from drift import evidence as ev
from drift.checks import CheckViolations, Duplicates, Nulls, Orphans


def test_each_check_builds_its_own_kind() -> None:
    assert Duplicates(schema="s", table="t").evidence((2, 5)) == ev.Duplicates(
        duplicate_groups=2, duplicate_rows=5)
    assert isinstance(Nulls(schema="s", table="t", column="c").evidence((3,)), ev.Nulls)
    orphans = Orphans(schema="s", table="t", columns=("p",), ref_schema="s", ref_table="u",
                      ref_columns=("id",)).evidence((4,))
    assert isinstance(orphans, ev.Orphans) and orphans.references == "s.u(id)"
    assert isinstance(CheckViolations(schema="s", table="t", expression="x > 0")
                      .evidence((1,)), ev.CheckViolations)


def test_the_json_is_kind_then_fields_then_samples_and_query() -> None:
    evidence = (Duplicates(schema="s", table="t").evidence((2, 5))
                .with_samples([ev.Sample(key={"k": 1}, count=3)]).with_query("SELECT 1"))
    assert json.dumps(dict(evidence)) == json.dumps({
        "kind": "duplicates", "duplicate_groups": 2, "duplicate_rows": 5,
        "samples": [{"key": {"k": 1}, "count": 3}], "query": "SELECT 1"})
    bare = ev.Nulls(null_rows=0, backfill_declared=True)
    assert list(bare) == ["kind", "null_rows", "backfill_declared"]
    assert "samples" not in bare and not bare.violated()
    invariant = ev.Invariant(invariant="i", violating_rows=2, query="q")
    assert list(invariant) == ["kind", "invariant", "violating_rows", "query"]
    failed = ev.NotEvaluated(check="orphans", error="boom", query="q")
    assert dict(failed) == {"kind": "orphans", "error": "boom", "query": "q"}


def test_violation_and_message_come_from_the_type() -> None:
    assert ev.Duplicates(duplicate_groups=1, duplicate_rows=2).count_phrase() == \
        "1 duplicate groups (2 rows)"
    assert ev.Orphans(orphan_rows=3, references="s.u(id)").count_phrase() == "3 orphan rows"
    assert ev.CheckViolations(violating_rows=0, expression="x").violated() is False
    assert ev.Nulls(null_rows=7, backfill_declared=False).count_phrase() == "7 NULL rows"
