"""Typed evidence of data blockers and invariants: one frozen dataclass per kind.

A data check (`drift.checks.base`) builds its kind's evidence from the counts it
pushed down; the run adds samples and the query. Each record is also a read-only
mapping of exactly the JSON it is written as (`to_dict`: `kind` first, the fields in
order, `samples` and `query` only when present), so the JSON report's shape
(`report.schema.json`) is defined here once, not in every module that reads it.
Imports nothing of drift's.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any, ClassVar

_ONLY_WHEN_SET = ("samples", "query")


def _count(unit: str = "rows") -> Any:
    """A count field, and what it counts (reports print "3 groups", "7 rows")."""
    return field(metadata={"unit": unit})


@dataclass(frozen=True)
class Sample:
    """One violating group or row: its key (column -> value, JSON-safe) and row count."""

    key: dict[str, Any]
    count: int

    def to_dict(self) -> dict[str, Any]:
        return {"key": dict(self.key), "count": self.count}


@dataclass(frozen=True, kw_only=True, eq=False)
class Evidence(Mapping[str, Any]):
    """Base of every kind; compares equal to any mapping with the same JSON."""

    kind: ClassVar[str] = ""
    noun: ClassVar[str] = "rows"  # what the count counts, for messages

    def kind_name(self) -> str:
        return self.kind

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind_name()}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in _ONLY_WHEN_SET and value is None:
                continue
            if f.name == "samples":
                value = [s.to_dict() for s in value]
            out[f.name] = value
        return out

    def violated(self) -> bool:
        return False

    def count(self) -> int:
        return 0

    def count_phrase(self) -> str:
        return f"{self.count()} {self.noun}"

    def with_samples(self, samples: list[Sample]) -> Evidence:
        return replace(self, samples=tuple(samples))  # type: ignore[call-arg]

    def with_query(self, query: str) -> Evidence:
        return replace(self, query=query)  # type: ignore[call-arg]

    def __getitem__(self, key: str) -> Any:
        return self.to_dict()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.to_dict())

    def __len__(self) -> int:
        return len(self.to_dict())


@dataclass(frozen=True, kw_only=True, eq=False)
class Duplicates(Evidence):
    duplicate_groups: int = _count("groups")
    duplicate_rows: int = _count()
    samples: tuple[Sample, ...] | None = None
    query: str | None = None
    kind: ClassVar[str] = "duplicates"

    def violated(self) -> bool:
        return bool(self.duplicate_groups)

    def count(self) -> int:
        return self.duplicate_rows

    def count_phrase(self) -> str:
        return f"{self.duplicate_groups} duplicate groups ({self.duplicate_rows} rows)"


@dataclass(frozen=True, kw_only=True, eq=False)
class Nulls(Evidence):
    null_rows: int = _count()
    backfill_declared: bool
    samples: tuple[Sample, ...] | None = None
    query: str | None = None
    kind: ClassVar[str] = "nulls"
    noun: ClassVar[str] = "NULL rows"

    def violated(self) -> bool:
        return bool(self.null_rows)

    def count(self) -> int:
        return self.null_rows


@dataclass(frozen=True, kw_only=True, eq=False)
class Orphans(Evidence):
    orphan_rows: int = _count()
    references: str  # "schema.table(columns)"
    samples: tuple[Sample, ...] | None = None
    query: str | None = None
    kind: ClassVar[str] = "orphans"
    noun: ClassVar[str] = "orphan rows"

    def violated(self) -> bool:
        return bool(self.orphan_rows)

    def count(self) -> int:
        return self.orphan_rows


@dataclass(frozen=True, kw_only=True, eq=False)
class CheckViolations(Evidence):
    violating_rows: int = _count()
    expression: str
    samples: tuple[Sample, ...] | None = None
    query: str | None = None
    kind: ClassVar[str] = "check_violations"
    noun: ClassVar[str] = "rows violating the CHECK"

    def violated(self) -> bool:
        return bool(self.violating_rows)

    def count(self) -> int:
        return self.violating_rows


@dataclass(frozen=True, kw_only=True, eq=False)
class Invariant(Evidence):
    invariant: str
    violating_rows: int = _count()
    query: str | None = None
    samples: tuple[Sample, ...] | None = None
    kind: ClassVar[str] = "invariant"

    def violated(self) -> bool:
        return bool(self.violating_rows)

    def count(self) -> int:
        return self.violating_rows


@dataclass(frozen=True, kw_only=True, eq=False)
class NotEvaluated(Evidence):
    """A data check (`check`: its kind) that failed to run: DR405."""

    check: str
    error: str
    query: str | None = None

    def kind_name(self) -> str:
        return self.check

    def to_dict(self) -> dict[str, Any]:
        out = {"kind": self.check, "error": self.error}
        return out if self.query is None else {**out, "query": self.query}


@dataclass(frozen=True, kw_only=True, eq=False)
class InvariantNotEvaluated(Evidence):
    """An invariant whose query failed: DR502."""

    invariant: str
    error: str
    kind: ClassVar[str] = "invariant"


# The data checks' kinds, then every kind with counts: what reports read from the JSON
# (baseline growth, terminal and JUnit lines) comes from these, not from copies.
BLOCKERS: tuple[type[Evidence], ...] = (Duplicates, Nulls, Orphans, CheckViolations)
COUNTED: tuple[type[Evidence], ...] = (*BLOCKERS, Invariant)
COUNTS: dict[str, tuple[str, ...]] = {
    kind.kind: tuple(f.name for f in fields(kind) if "unit" in f.metadata) for kind in COUNTED}
UNITS: dict[str, str] = {f.name: f.metadata["unit"] for kind in COUNTED for f in fields(kind)
                         if "unit" in f.metadata}
