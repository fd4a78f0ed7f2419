"""Finding codes, defined once, and the Finding record.

Every code is a member of `Code` carrying its category, severity and headline;
`enum.unique` refuses a code registered twice. The JSON Schema's list, the
documentation pages (`drift/report/codes/<CODE>.md`) and the HTML links are all
derived from it, and `tests/unit/test_codes.py` checks that each code has its page.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from drift.spec import Priority

if TYPE_CHECKING:
    from drift.changes import Change
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
    MISSING_OBJECT = "missing_object"
    OBJECT_MISMATCH = "object_mismatch"
    UNEXPECTED_OBJECT = "unexpected_object"
    DATA_BLOCKER = "data_blocker"
    INVARIANT_VIOLATION = "invariant_violation"
    NOT_READ = "not_read"


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@enum.unique
class Code(enum.StrEnum):
    """Every finding code, with its category, severity and title, in one place."""

    category: Category
    severity: Severity
    headline: str

    def __new__(cls, code: str, category: Category, severity: Severity, headline: str) -> Code:
        member = str.__new__(cls, code)
        member._value_ = code
        member.category = category
        member.severity = severity
        member.headline = headline
        return member

    @property
    def code(self) -> str:
        return self.value

    MISSING_TABLE = ("DR101", Category.MISSING_TABLE, Severity.ERROR, "Table missing")
    MISSING_COLUMN = ("DR102", Category.MISSING_COLUMN, Severity.ERROR, "Column missing")
    COLUMN_TYPE_MISMATCH = ("DR103", Category.COLUMN_MISMATCH, Severity.ERROR,
                            "Column type differs")
    COLUMN_NOT_NULL_MISSING = ("DR104", Category.COLUMN_MISMATCH, Severity.ERROR,
                               "Column should be NOT NULL")
    COLUMN_NOT_NULL_EXTRA = ("DR105", Category.COLUMN_MISMATCH, Severity.WARNING,
                             "Column should allow NULL")
    COLUMN_DEFAULT_MISMATCH = ("DR106", Category.COLUMN_MISMATCH, Severity.WARNING,
                               "Column default differs")
    COLUMN_IDENTITY_MISMATCH = ("DR107", Category.COLUMN_MISMATCH, Severity.ERROR,
                                "Identity or generated column differs")
    BACKFILL_DECLARED = ("DR108", Category.COLUMN_MISMATCH, Severity.INFO,
                         "Declared backfill of an existing column")
    COLUMN_COLLATION_MISMATCH = ("DR109", Category.COLUMN_MISMATCH, Severity.WARNING,
                                 "Column collation differs")
    MISSING_PRIMARY_KEY = ("DR111", Category.MISSING_CONSTRAINT, Severity.ERROR,
                           "Primary key missing")
    MISSING_UNIQUE_CONSTRAINT = ("DR112", Category.MISSING_CONSTRAINT, Severity.ERROR,
                                 "Unique constraint missing")
    MISSING_FOREIGN_KEY = ("DR113", Category.MISSING_CONSTRAINT, Severity.ERROR,
                           "Foreign key missing")
    MISSING_CHECK = ("DR114", Category.MISSING_CONSTRAINT, Severity.ERROR,
                     "CHECK constraint missing")
    CONSTRAINT_DEFINITION_MISMATCH = ("DR115", Category.MISSING_CONSTRAINT, Severity.ERROR,
                                      "Constraint definition differs")
    MISSING_SCHEMA = ("DR130", Category.MISSING_OBJECT, Severity.ERROR, "Schema missing")
    MISSING_OBJECT = ("DR131", Category.MISSING_OBJECT, Severity.ERROR,
                      "Extension, type, sequence, function, view or trigger missing")
    OBJECT_DEFINITION_MISMATCH = ("DR132", Category.OBJECT_MISMATCH, Severity.ERROR,
                                  "Object definition differs")
    ENUM_VALUES_MISSING = ("DR133", Category.OBJECT_MISMATCH, Severity.ERROR,
                           "Enum lacks values")
    DOMAIN_CHECK_MISSING = ("DR134", Category.OBJECT_MISMATCH, Severity.ERROR,
                            "Domain lacks a CHECK")
    EXTENSION_VERSION_MISMATCH = ("DR136", Category.OBJECT_MISMATCH, Severity.WARNING,
                                  "Extension at another version")
    PRIVILEGE_MISMATCH = ("DR137", Category.OBJECT_MISMATCH, Severity.WARNING,
                          "Privileges differ")
    OWNER_MISMATCH = ("DR138", Category.OBJECT_MISMATCH, Severity.WARNING, "Owner differs")
    COMMENT_MISMATCH = ("DR135", Category.OBJECT_MISMATCH, Severity.INFO,
                        "Table or column comment differs")
    MISSING_PARTITION = ("DR141", Category.MISSING_TABLE, Severity.ERROR, "Partition missing")
    PARTITION_BOUND_MISMATCH = ("DR142", Category.OBJECT_MISMATCH, Severity.ERROR,
                                "Partition bound differs")
    PARTITION_KEY_MISMATCH = ("DR143", Category.OBJECT_MISMATCH, Severity.ERROR,
                              "Partitioning differs")
    INHERITANCE_MISMATCH = ("DR144", Category.OBJECT_MISMATCH, Severity.ERROR,
                            "INHERITS parents differ")
    MISSING_UNIQUE_INDEX = ("DR121", Category.MISSING_INDEX, Severity.ERROR, "Unique index missing")
    MISSING_INDEX = ("DR122", Category.MISSING_INDEX, Severity.WARNING, "Index missing")
    INDEX_DEFINITION_MISMATCH = ("DR123", Category.MISSING_INDEX, Severity.WARNING,
                                 "Index definition differs")
    LEGACY_UNIQUE_CONSTRAINT = ("DR201", Category.LEGACY_CONSTRAINT, Severity.ERROR,
                                "Legacy unique constraint still enforced")
    LEGACY_FOREIGN_KEY = ("DR202", Category.LEGACY_CONSTRAINT, Severity.WARNING,
                          "Legacy foreign key still enforced")
    LEGACY_CHECK = ("DR203", Category.LEGACY_CONSTRAINT, Severity.WARNING,
                    "Legacy CHECK still enforced")
    LEGACY_UNIQUE_INDEX = ("DR211", Category.LEGACY_INDEX, Severity.ERROR,
                           "Legacy unique index still enforced")
    EXTRA_INDEX = ("DR212", Category.LEGACY_INDEX, Severity.INFO, "Index not in the target")
    INVALID_INDEX = ("DR213", Category.LEGACY_INDEX, Severity.ERROR,
                     "Invalid index left by a failed concurrent build")
    UNEXPECTED_TABLE = ("DR221", Category.UNEXPECTED_TABLE, Severity.WARNING,
                        "Table not in the target")
    UNEXPECTED_PARTITION = ("DR223", Category.UNEXPECTED_TABLE, Severity.WARNING,
                            "Partition not in the target")
    UNEXPECTED_OBJECT = ("DR231", Category.UNEXPECTED_OBJECT, Severity.WARNING,
                         "Object not in the target")
    UNEXPECTED_SCHEMA = ("DR233", Category.UNEXPECTED_OBJECT, Severity.WARNING,
                         "Schema not in the target")
    COMPAT_VIEW_OPEN = ("DR232", Category.UNEXPECTED_OBJECT, Severity.INFO,
                        "Compatibility view still open")
    UNEXPECTED_COLUMN = ("DR222", Category.UNEXPECTED_COLUMN, Severity.WARNING,
                         "Column not in the target")
    PENDING_TABLE_RENAME = ("DR301", Category.PENDING_RENAME, Severity.ERROR,
                            "Declared table rename pending")
    PENDING_COLUMN_RENAME = ("DR302", Category.PENDING_RENAME, Severity.ERROR,
                             "Declared column rename pending")
    RENAME_SUGGESTED = ("DR303", Category.PENDING_RENAME, Severity.WARNING,
                        "Undeclared rename suggested")
    CONSTRAINT_NAMING_DRIFT = ("DR311", Category.NAMING_DRIFT, Severity.INFO,
                               "Constraint has another name")
    INDEX_NAMING_DRIFT = ("DR312", Category.NAMING_DRIFT, Severity.INFO, "Index has another name")
    DUPLICATES = ("DR401", Category.DATA_BLOCKER, Severity.ERROR,
                  "Duplicates under a new unique key")
    NULLS = ("DR402", Category.DATA_BLOCKER, Severity.ERROR, "NULLs under a new NOT NULL")
    ORPHANS = ("DR403", Category.DATA_BLOCKER, Severity.ERROR, "Orphans under a new foreign key")
    CHECK_VIOLATIONS = ("DR404", Category.DATA_BLOCKER, Severity.ERROR,
                        "Rows violating a new CHECK")
    INVARIANT_VIOLATION = ("DR501", Category.INVARIANT_VIOLATION, Severity.ERROR,
                           "Data invariant violated")
    INVARIANT_NOT_EVALUATED = ("DR502", Category.INVARIANT_VIOLATION, Severity.WARNING,
                               "Data invariant could not be evaluated")
    CHECK_NOT_EVALUATED = ("DR405", Category.DATA_BLOCKER, Severity.WARNING,
                           "A data check could not be evaluated")
    OBJECT_NOT_READ = ("DR601", Category.NOT_READ, Severity.WARNING,
                       "Object not read: another session holds a lock on it")


CODES: dict[str, Code] = {code.value: code for code in Code}


def info(code: str) -> Code:
    return CODES[str(code)]


@dataclass(frozen=True)
class Finding:
    """One difference, with the evidence for it and what fixes it: the diff gives the
    typed `changes` (`drift.changes`), the planner the `operations` that make them
    (`drift.plan.strategies.attach`)."""

    code: str
    priority: Priority
    schema: str
    table: str
    message: str
    object: str | None = None
    columns: tuple[str, ...] = ()
    # a dict for schema findings; typed (`drift.evidence`) for data blockers and invariants
    evidence: Mapping[str, Any] = field(default_factory=dict)
    operations: tuple[Operation, ...] = ()
    changes: tuple[Change, ...] = ()

    @property
    def category(self) -> Category:
        return CODES[self.code].category

    @property
    def severity(self) -> Severity:
        return CODES[self.code].severity

    @property
    def is_drift(self) -> bool:
        """False for what is reported but is no drift: an open compatibility window
        (DR232), closed by a later `drift plan --phase cleanup`, and a declared backfill
        of a column that exists (DR108), run by `drift plan --phase backfill`."""
        return self.code not in (Code.COMPAT_VIEW_OPEN, Code.BACKFILL_DECLARED)

    @property
    def is_blocker(self) -> bool:
        return self.category is Category.DATA_BLOCKER

    def sort_key(self) -> tuple[Any, ...]:
        return (-self.priority.rank, self.schema, self.table, self.code, self.object or "")
