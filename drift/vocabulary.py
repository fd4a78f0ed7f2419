"""The vocabulary the planner, the data checks and the reports share: phases, hazards,
and what a guard needs from a data check. It imports nothing of drift's, so every
part can import it and the parts still import one way (tests/unit/test_imports.py).
"""

from __future__ import annotations

import enum
from typing import Protocol


class Phase(enum.IntEnum):
    EXPAND = 1
    BACKFILL = 2
    SWITCH = 3
    RENAME = 4
    CLEANUP = 5

    @property
    def label(self) -> str:
        return self.name.lower()


class Hazard(enum.StrEnum):
    """Each hazard defined once; the report and the revisions print these docs."""

    ACCESS_EXCLUSIVE = "access_exclusive_lock"
    TABLE_REWRITE = "table_rewrite"
    DATA_DEPENDENT = "data_dependent"
    IRREVERSIBLE = "irreversible"
    DELETES_DATA = "deletes_data"

    @property
    def doc(self) -> str:
        return _HAZARD_DOCS[self]


_HAZARD_DOCS = {
    Hazard.ACCESS_EXCLUSIVE: "takes an ACCESS EXCLUSIVE lock: brief, but it queues behind "
                             "long transactions, hence lock_timeout",
    Hazard.TABLE_REWRITE: "rewrites the whole table under an ACCESS EXCLUSIVE lock",
    Hazard.DATA_DEPENDENT: "fails if the data violates it: a guard runs first",
    Hazard.IRREVERSIBLE: "cannot be undone by a downgrade",
    Hazard.DELETES_DATA: "deletes data: only with approval in drift.toml",
}


class GuardedCheck(Protocol):
    """What a guard runs: a data check's code, description and violations query
    (drift.checks.base.DataCheck is one)."""

    @property
    def code(self) -> str: ...

    @property
    def schema(self) -> str: ...

    @property
    def table(self) -> str: ...

    @property
    def relation(self) -> str: ...

    def describe(self) -> str: ...

    def violations_sql(self) -> str: ...
