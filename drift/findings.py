"""Finding codes, defined once, and the Finding record.

Every code is registered exactly once in `CODES` with its category, severity and
title; `Code` is derived from that table, so the enum, the JSON Schema's list, the
documentation pages (`drift/report/codes/<CODE>.md`) and the HTML links cannot drift
apart. `tests/unit/test_codes.py` checks that each code has its page.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from drift.spec import Priority

if TYPE_CHECKING:
    from drift.plan.ops import Operation


class Category(enum.StrEnum):
    MISSING_TABLE = "missing_table"
    MISSING_COLUMN = "missing_column"
    COLUMN_MISMATCH = "column_mismatch"
    MISSING_CONSTRAINT = "missing_constraint"
    MISSING_INDEX = "missing_index"
    LEGACY_CONSTRAINT = "legacy_constraint"
    LEGACY_INDEX = "legacy_index"
    UNEXPECTED_TABLE = "unexpected_table"
    UNEXPECTED_COLUMN = "unexpected_column"
    PENDING_RENAME = "pending_rename"
    NAMING_DRIFT = "naming_drift"
    DATA_BLOCKER = "data_blocker"
    INVARIANT_VIOLATION = "invariant_violation"


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class CodeInfo:
    code: str
    name: str
    category: Category
    severity: Severity
    title: str


def _register(*entries: tuple[str, str, Category, Severity, str]) -> dict[str, CodeInfo]:
    table: dict[str, CodeInfo] = {}
    names: set[str] = set()
    for code, name, category, severity, title in entries:
        if code in table or name in names:
            raise RuntimeError(f"finding code registered twice: {code} {name}")
        table[code] = CodeInfo(code, name, category, severity, title)
        names.add(name)
    return table


C, S = Category, Severity
CODES: dict[str, CodeInfo] = _register(
    ("DR101", "MISSING_TABLE", C.MISSING_TABLE, S.ERROR, "Table missing"),
    ("DR102", "MISSING_COLUMN", C.MISSING_COLUMN, S.ERROR, "Column missing"),
    ("DR103", "COLUMN_TYPE_MISMATCH", C.COLUMN_MISMATCH, S.ERROR, "Column type differs"),
    ("DR104", "COLUMN_NOT_NULL_MISSING", C.COLUMN_MISMATCH, S.ERROR,
     "Column should be NOT NULL"),
    ("DR105", "COLUMN_NOT_NULL_EXTRA", C.COLUMN_MISMATCH, S.WARNING,
     "Column should allow NULL"),
    ("DR106", "COLUMN_DEFAULT_MISMATCH", C.COLUMN_MISMATCH, S.WARNING, "Column default differs"),
    ("DR107", "COLUMN_IDENTITY_MISMATCH", C.COLUMN_MISMATCH, S.ERROR,
     "Identity or generated column differs"),
    ("DR111", "MISSING_PRIMARY_KEY", C.MISSING_CONSTRAINT, S.ERROR, "Primary key missing"),
    ("DR112", "MISSING_UNIQUE_CONSTRAINT", C.MISSING_CONSTRAINT, S.ERROR,
     "Unique constraint missing"),
    ("DR113", "MISSING_FOREIGN_KEY", C.MISSING_CONSTRAINT, S.ERROR, "Foreign key missing"),
    ("DR114", "MISSING_CHECK", C.MISSING_CONSTRAINT, S.ERROR, "CHECK constraint missing"),
    ("DR115", "CONSTRAINT_DEFINITION_MISMATCH", C.MISSING_CONSTRAINT, S.ERROR,
     "Constraint definition differs"),
    ("DR121", "MISSING_UNIQUE_INDEX", C.MISSING_INDEX, S.ERROR, "Unique index missing"),
    ("DR122", "MISSING_INDEX", C.MISSING_INDEX, S.WARNING, "Index missing"),
    ("DR123", "INDEX_DEFINITION_MISMATCH", C.MISSING_INDEX, S.WARNING,
     "Index definition differs"),
    ("DR201", "LEGACY_UNIQUE_CONSTRAINT", C.LEGACY_CONSTRAINT, S.ERROR,
     "Legacy unique constraint still enforced"),
    ("DR202", "LEGACY_FOREIGN_KEY", C.LEGACY_CONSTRAINT, S.WARNING,
     "Legacy foreign key still enforced"),
    ("DR203", "LEGACY_CHECK", C.LEGACY_CONSTRAINT, S.WARNING, "Legacy CHECK still enforced"),
    ("DR211", "LEGACY_UNIQUE_INDEX", C.LEGACY_INDEX, S.ERROR,
     "Legacy unique index still enforced"),
    ("DR212", "EXTRA_INDEX", C.LEGACY_INDEX, S.INFO, "Index not in the target"),
    ("DR213", "INVALID_INDEX", C.LEGACY_INDEX, S.ERROR,
     "Invalid index left by a failed concurrent build"),
    ("DR221", "UNEXPECTED_TABLE", C.UNEXPECTED_TABLE, S.WARNING, "Table not in the target"),
    ("DR222", "UNEXPECTED_COLUMN", C.UNEXPECTED_COLUMN, S.WARNING, "Column not in the target"),
    ("DR301", "PENDING_TABLE_RENAME", C.PENDING_RENAME, S.ERROR, "Declared table rename pending"),
    ("DR302", "PENDING_COLUMN_RENAME", C.PENDING_RENAME, S.ERROR,
     "Declared column rename pending"),
    ("DR303", "RENAME_SUGGESTED", C.PENDING_RENAME, S.WARNING,
     "Undeclared rename suggested"),
    ("DR311", "CONSTRAINT_NAMING_DRIFT", C.NAMING_DRIFT, S.INFO, "Constraint has another name"),
    ("DR312", "INDEX_NAMING_DRIFT", C.NAMING_DRIFT, S.INFO, "Index has another name"),
    ("DR401", "DUPLICATES", C.DATA_BLOCKER, S.ERROR, "Duplicates under a new unique key"),
    ("DR402", "NULLS", C.DATA_BLOCKER, S.ERROR, "NULLs under a new NOT NULL"),
    ("DR403", "ORPHANS", C.DATA_BLOCKER, S.ERROR, "Orphans under a new foreign key"),
    ("DR404", "CHECK_VIOLATIONS", C.DATA_BLOCKER, S.ERROR, "Rows violating a new CHECK"),
    ("DR405", "CHECK_NOT_EVALUATED", C.DATA_BLOCKER, S.WARNING,
     "A data check could not be evaluated"),
)
del C, S

Code = enum.unique(enum.StrEnum("Code", {info.name: code for code, info in CODES.items()}))  # type: ignore[misc]


def info(code: str) -> CodeInfo:
    return CODES[str(code)]


@dataclass(frozen=True)
class Finding:
    """One difference, with the evidence for it and the operations that fix it."""

    code: str
    priority: Priority
    schema: str
    table: str
    message: str
    object: str | None = None
    columns: tuple[str, ...] = ()
    evidence: dict[str, Any] = field(default_factory=dict)
    operations: tuple[Operation, ...] = ()

    @property
    def category(self) -> Category:
        return CODES[self.code].category

    @property
    def severity(self) -> Severity:
        return CODES[self.code].severity

    @property
    def is_blocker(self) -> bool:
        return self.category is Category.DATA_BLOCKER

    def sort_key(self) -> tuple[Any, ...]:
        return (-self.priority.rank, self.schema, self.table, self.code, self.object or "")
