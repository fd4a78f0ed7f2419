"""Data checks: the rows that would make a switch fail.

Each check is one aggregate query pushed down to the server; nothing row-sized
comes back to Python. The same check object renders the plan's guard, so the guard
and the report can never disagree.
"""

from drift.checks.base import CheckViolations, DataCheck, Duplicates, Nulls, Orphans

__all__ = ["DataCheck", "Duplicates", "Nulls", "Orphans", "CheckViolations"]
