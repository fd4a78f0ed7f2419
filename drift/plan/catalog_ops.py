"""Operations on schemas, extension versions, privileges and owners.

Each is rerunnable by itself: DROP SCHEMA IF EXISTS, an extension update skipped
once the extension is at the target version, GRANT and REVOKE (which PostgreSQL
makes idempotent), ALTER ... OWNER TO (a no-op when the owner is already right).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import ClassVar

from drift.plan.ops import Hazard, Operation
from drift.sqltext import ident, literal, qualified


def grant_target(kind: str, schema: str, name: str) -> str:
    """The object as GRANT names it: TABLE s.t, SEQUENCE s.q, ROUTINE s.f(int), SCHEMA s
    (`kind` as `model.Acl` has it; a function's `name` carries its identity arguments)."""
    if kind == "function":
        fn, _, args = name.partition("(")
        return f"ROUTINE {qualified(schema, fn)}({args}"
    if kind == "schema":
        return f"SCHEMA {ident(name)}"
    what = "SEQUENCE" if kind == "sequence" else "TABLE"
    return f"{what} {qualified(schema, name)}"


def owner_target(kind: str, schema: str, name: str) -> str:
    """The object as ALTER ... OWNER TO names it."""
    what = {"function": "ROUTINE", "schema": "SCHEMA", "sequence": "SEQUENCE"}.get(
        kind, kind.upper())
    return f"{what} {grant_target(kind, schema, name).split(' ', 1)[1]}"


def grantee(role: str) -> str:
    return "PUBLIC" if role == "PUBLIC" else ident(role)


@dataclass(frozen=True, kw_only=True)
class DropSchema(Operation):
    """DROP SCHEMA ... CASCADE of a schema the target lacks: only when drift.toml
    approves it ([[approve_drop]] schema = "..."): everything in it goes."""

    hazards: ClassVar[tuple[Hazard, ...]] = (Hazard.ACCESS_EXCLUSIVE, Hazard.DELETES_DATA)

    def statements(self) -> list[str]:
        return [f"DROP SCHEMA IF EXISTS {ident(self.schema)} CASCADE"]

    def irreversible_because(self) -> str:
        return "the schema's tables and rows are gone"


@dataclass(frozen=True, kw_only=True)
class UpdateExtension(Operation):
    """ALTER EXTENSION ... UPDATE TO the target's version (the server's own update
    scripts); skipped once the extension is at that version."""

    name: str
    version: str
    old_version: str
    hazards: ClassVar[tuple[Hazard, ...]] = ()  # the update script's own statements
    stage: ClassVar[int] = 0

    def statements(self) -> list[str]:
        return [f"ALTER EXTENSION {ident(self.name)} UPDATE TO {literal(self.version)}"]

    def done_sql(self) -> str | None:
        return (f"EXISTS (SELECT 1 FROM pg_extension WHERE extname = {literal(self.name)} "
                f"AND extversion = {literal(self.version)})")

    def irreversible_because(self) -> str:
        return "extensions seldom ship a script back to an older version"


@dataclass(frozen=True, kw_only=True)
class RunGrant(Operation):
    """One GRANT or REVOKE (idempotent by itself), in cleanup once every object exists,
    after the owners (a new owner takes over the old one's grants)."""

    sql: str
    undo: str | None = None
    hazards: ClassVar[tuple[Hazard, ...]] = ()
    stage: ClassVar[int] = 4

    def statements(self) -> list[str]:
        return [self.sql]

    def reverse(self) -> tuple[Operation, ...] | None:
        return (replace(self, sql=self.undo, undo=self.sql),) if self.undo else None


@dataclass(frozen=True, kw_only=True)
class AlterOwner(RunGrant):
    """ALTER ... OWNER TO (a no-op when the owner is already right), before the grants."""

    hazards: ClassVar[tuple[Hazard, ...]] = (Hazard.ACCESS_EXCLUSIVE,)
    stage: ClassVar[int] = 3
