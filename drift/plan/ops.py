"""Typed operations: what a fix does, in which phase, with which hazards.

Every operation renders its own DDL, knows its own timeouts and hazards, and knows
its reverse (`None` when it has none: the downgrade then refuses, and says why).
Safety is decided here, on typed values, never by searching generated SQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import ClassVar

from drift.model import OWNED_SEQUENCE_DEFAULT, Column, Index
from drift.sqltext import column_list, dollar_quoted, ident, literal, qualified

# re-exported for the modules that import them from here; their home is drift.vocabulary
from drift.vocabulary import GuardedCheck as GuardedCheck
from drift.vocabulary import Hazard as Hazard
from drift.vocabulary import Phase as Phase


def _relation_of_kind(schema: str, name: str, kinds: str, *, absent: bool = False) -> str:
    test = (f"EXISTS (SELECT 1 FROM pg_class WHERE oid = to_regclass("
            f"{literal(qualified(schema, name))}) AND relkind IN ({kinds}))")
    return f"NOT {test}" if absent else test


def constraint_exists(schema: str, table: str, name: str) -> str:
    return (f"EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = "
            f"to_regclass({literal(qualified(schema, table))}) AND conname = {literal(name)})")


def constraint_is(schema: str, table: str, name: str, *definitions: str) -> str:
    """True once the constraint exists, validated, with one of these definitions: the
    target state a rebuild reaches, so that a rerun of the plan leaves it alone."""
    defs = ", ".join(literal(d) for d in definitions)
    return (f"EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = "
            f"to_regclass({literal(qualified(schema, table))}) AND conname = {literal(name)}"
            f" AND convalidated AND pg_get_constraintdef(oid) IN ({defs}))")


def index_is(schema: str, name: str, definition: str) -> str:
    """True once the index exists, valid, with this pg_get_indexdef(), backing no
    constraint (a constraint's index of that name is still to be replaced)."""
    return (f"EXISTS (SELECT 1 FROM pg_index WHERE indexrelid = "
            f"to_regclass({literal(qualified(schema, name))}) AND indisvalid"
            f" AND pg_get_indexdef(indexrelid) = {literal(definition)}"
            " AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conindid = indexrelid"
            " AND contype IN ('p', 'u', 'x')))")


def index_valid(schema: str, name: str) -> str:
    return (f"EXISTS (SELECT 1 FROM pg_index WHERE indexrelid = "
            f"to_regclass({literal(qualified(schema, name))}) AND indisvalid)")


FK_ACTIONS = {"a": "NO ACTION", "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL",
              "d": "SET DEFAULT"}


@dataclass(frozen=True, kw_only=True)
class Operation:
    phase: Phase
    schema: str
    table: str
    reason: str = ""  # the finding it fixes: "DR112 uq_x"
    # A condition true once the target state this step belongs to is reached (e.g. a
    # rebuilt index has the target definition): the step is then skipped, so a rerun
    # of a completed plan rebuilds nothing.
    unless: str | None = None
    lock_timeout: str = "5s"
    statement_timeout: str = "5min"
    transactional: ClassVar[bool] = True
    hazards: ClassVar[tuple[Hazard, ...]] = (Hazard.ACCESS_EXCLUSIVE,)
    # Within a phase: schemas (0), then tables and columns (1), then everything that
    # may refer to them (2), so new tables can reference each other in any order.
    stage: ClassVar[int] = 2

    @property
    def relation(self) -> str:
        return qualified(self.schema, self.table)

    def statements(self) -> list[str]:
        raise NotImplementedError

    def reverse(self) -> tuple[Operation, ...] | None:
        """Operations that undo this one; () when nothing needs undoing, None if impossible."""
        return None

    def stage_in_phase(self) -> int:
        return self.stage

    def done_sql(self) -> str | None:
        """A condition true once this step has run, for steps PostgreSQL cannot make
        idempotent itself (IF NOT EXISTS); renderers skip the step when it holds, so a
        rerun after a failure resumes instead of failing on "already exists"."""
        return None

    def skip_sql(self) -> str | None:
        """When the renderers skip this step: once done, or once its target is reached."""
        conditions = [c for c in (self.done_sql(), self.unless) if c]
        if len(conditions) < 2:
            return conditions[0] if conditions else None
        return " OR ".join(f"({c})" for c in conditions)

    def irreversible_because(self) -> str:
        return f"{type(self).__name__} cannot be reversed"

    def all_hazards(self) -> tuple[Hazard, ...]:
        return self.hazards if self.reverse() is not None else (*self.hazards, Hazard.IRREVERSIBLE)


@dataclass(frozen=True, kw_only=True)
class Guard(Operation):
    """Aborts before any lock or DDL when the data would make the next step fail."""

    check: GuardedCheck
    report_all_rows: bool = False  # the column does not exist yet: every row is a NULL
    hazards: ClassVar[tuple[Hazard, ...]] = ()

    label: ClassVar[str] = "drift guard"

    def statements(self) -> list[str]:
        message = (f"{self.label} {self.check.code}: {self.check.describe()}; "
                   "resolve these rows (drift check lists them), then rerun")
        body = ("BEGIN\n"
                f"  IF EXISTS ({self.check.violations_sql()}) THEN\n"
                f"    RAISE EXCEPTION {literal(message.replace('%', '%%'))};\n"
                "  END IF;\nEND")
        return ["DO " + dollar_quoted(body, "drift_guard")]

    def reverse(self) -> tuple[Operation, ...]:
        return ()


def column_exists(schema: str, table: str, column: str) -> str:
    return (f"EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = "
            f"to_regclass({literal(qualified(schema, table))}) AND attname = {literal(column)}"
            " AND NOT attisdropped)")


@dataclass(frozen=True, kw_only=True)
class Preflight(Guard):
    """A guard repeated at the very start of a plan, before any DDL or lock.

    `needs` are the tables and columns the plan itself creates that the check reads:
    until they exist the check cannot run, so it is skipped, except that a new column
    no backfill fills (`every_row_violates`) will be NULL in every row, so any row
    there aborts the plan at once. The guard's own step stays where it was, to catch
    rows written in between.
    """

    needs: tuple[tuple[str, str, str | None], ...] = ()
    every_row_violates: bool = False
    label: ClassVar[str] = "drift preflight"

    def statements(self) -> list[str]:
        if not self.needs:
            return super().statements()
        message = (f"{self.label} {self.check.code}: {self.check.describe()}; "
                   "resolve these rows (drift check lists them), then rerun")
        raise_ = f"RAISE EXCEPTION {literal(message.replace('%', '%%'))};"
        exists = " AND ".join(
            column_exists(s, t, c) if c is not None
            else f"to_regclass({literal(qualified(s, t))}) IS NOT NULL"
            for s, t, c in self.needs)
        body = (f"BEGIN\n  IF {exists} THEN\n"
                f"    IF EXISTS ({self.check.violations_sql()}) THEN\n      {raise_}\n"
                "    END IF;\n")
        if self.every_row_violates:
            body += (f"  ELSIF EXISTS (SELECT 1 FROM {self.check.relation}) THEN\n"
                     f"    {raise_}\n")
        body += "  END IF;\nEND"
        return ["DO " + dollar_quoted(body, "drift_guard")]


@dataclass(frozen=True, kw_only=True)
class Backfill(Operation):
    """A declared backfill from drift.toml, run before the switch."""

    sql: str
    column: str
    hazards: ClassVar[tuple[Hazard, ...]] = (Hazard.DATA_DEPENDENT,)

    def statements(self) -> list[str]:
        return [self.sql.strip().rstrip(";")]

    def reverse(self) -> tuple[Operation, ...]:
        return ()  # backfilled values are kept: they are what the old column lacked


SERIAL_TYPES = {"integer": "serial", "bigint": "bigserial", "smallint": "smallserial"}


def column_ddl(column: Column, *, nullable: bool | None = None) -> str:
    if column.default == OWNED_SEQUENCE_DEFAULT and column.type in SERIAL_TYPES:
        # serial creates the sequence, owned by the column, and sets the default
        column = replace(column, type=SERIAL_TYPES[column.type], default=None)
    parts = [ident(column.name), column.type]
    if column.collation:
        parts.append(f"COLLATE {column.collation}")
    if column.identity:
        parts.append("GENERATED ALWAYS AS IDENTITY" if column.identity == "always"
                     else "GENERATED BY DEFAULT AS IDENTITY")
    elif column.generated:
        parts.append(f"GENERATED ALWAYS AS ({column.generated}) STORED")
    elif column.default is not None:
        parts.append(f"DEFAULT {column.default}")
    if not (column.nullable if nullable is None else nullable):
        parts.append("NOT NULL")
    return " ".join(parts)


@dataclass(frozen=True, kw_only=True)
class CreateSchema(Operation):
    hazards: ClassVar[tuple[Hazard, ...]] = ()
    stage: ClassVar[int] = 0

    def statements(self) -> list[str]:
        return [f"CREATE SCHEMA IF NOT EXISTS {ident(self.schema)}"]

    def reverse(self) -> tuple[Operation, ...]:
        return ()  # other objects may live there by the time of a downgrade


@dataclass(frozen=True, kw_only=True)
class CreateTable(Operation):
    """A new, empty table with its keys and CHECKs inline; foreign keys and indexes follow."""

    columns: tuple[Column, ...]
    constraints: tuple[str, ...] = ()  # "CONSTRAINT name <definition>"
    hazards: ClassVar[tuple[Hazard, ...]] = ()
    stage: ClassVar[int] = 1

    def statements(self) -> list[str]:
        body = ",\n    ".join([column_ddl(c) for c in self.columns] + list(self.constraints))
        return [f"CREATE TABLE IF NOT EXISTS {self.relation} (\n    {body}\n)"]

    def reverse(self) -> tuple[Operation, ...]:
        return (DropTable(phase=self.phase, schema=self.schema, table=self.table,
                          reason=self.reason),)


@dataclass(frozen=True, kw_only=True)
class DropTable(Operation):
    depth: int = 0  # how many dropped tables hang below this one: drop those first
    hazards: ClassVar[tuple[Hazard, ...]] = (Hazard.ACCESS_EXCLUSIVE, Hazard.DELETES_DATA)

    def stage_in_phase(self) -> int:
        return self.stage + self.depth

    def statements(self) -> list[str]:
        return [f"DROP TABLE IF EXISTS {self.relation}"]

    def done_sql(self) -> str:
        """Gone once no *table* has the name (a view may take it over: IF EXISTS would
        then fail on a rerun, "is not a table")."""
        return _relation_of_kind(self.schema, self.table, "'r', 'p'", absent=True)

    def irreversible_because(self) -> str:
        return f"dropping {self.schema}.{self.table} deleted its rows"


@dataclass(frozen=True, kw_only=True)
class AddColumn(Operation):
    column: Column
    nullable: bool | None = None  # override: add as nullable first, tighten in the switch
    stage: ClassVar[int] = 1

    def all_hazards(self) -> tuple[Hazard, ...]:
        """Identity and stored generated columns fill every row: a rewrite."""
        if self.column.identity or self.column.generated:
            return (*self.hazards, Hazard.TABLE_REWRITE)
        return self.hazards

    def statements(self) -> list[str]:
        return [f"ALTER TABLE {self.relation} ADD COLUMN IF NOT EXISTS "
                f"{column_ddl(self.column, nullable=self.nullable)}"]

    def reverse(self) -> tuple[Operation, ...]:
        return (DropColumn(phase=self.phase, schema=self.schema, table=self.table,
                           column=self.column.name, reason=self.reason),)


@dataclass(frozen=True, kw_only=True)
class DropColumn(Operation):
    column: str
    hazards: ClassVar[tuple[Hazard, ...]] = (Hazard.ACCESS_EXCLUSIVE, Hazard.DELETES_DATA)

    def statements(self) -> list[str]:
        return [f"ALTER TABLE {self.relation} DROP COLUMN IF EXISTS {ident(self.column)}"]

    def irreversible_because(self) -> str:
        return f"dropping {self.table}.{self.column} deleted its values"


@dataclass(frozen=True, kw_only=True)
class AlterColumnType(Operation):
    """A type change rewrites the table. The safe alternative is add, backfill, swap."""

    column: str
    new_type: str
    old_type: str
    via_text: bool = False  # no cast between the types (enum to enum): go through text
    # the live default cannot follow the type (e.g. 'x'::text to an enum): drop it in
    # the same statement; the target's default is set after (DR106, ordered by the graph)
    drop_default: bool = False
    hazards: ClassVar[tuple[Hazard, ...]] = (Hazard.ACCESS_EXCLUSIVE, Hazard.TABLE_REWRITE,
                                             Hazard.DATA_DEPENDENT)

    def statements(self) -> list[str]:
        col = ident(self.column)
        drop = f" ALTER COLUMN {col} DROP DEFAULT," if self.drop_default else ""
        return [f"ALTER TABLE {self.relation}{drop} ALTER COLUMN {col} TYPE {self.new_type}"
                f" USING {col}{'::text' if self.via_text else ''}::{self.new_type}"]

    def done_sql(self) -> str:
        """Done once the column has the new type: a rerun must not rewrite the table."""
        return (f"EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = "
                f"to_regclass({literal(self.relation)}) AND attname = {literal(self.column)}"
                f" AND format_type(atttypid, atttypmod) = {literal(self.new_type)})")

    def reverse(self) -> tuple[Operation, ...]:
        return (replace(self, new_type=self.old_type, old_type=self.new_type),)


@dataclass(frozen=True, kw_only=True)
class AlterOwnedSequenceType(Operation):
    """A serial column's sequence keeps its own type: widen it with the column."""

    column: str
    new_type: str
    old_type: str

    def statements(self) -> list[str]:
        body = (f"BEGIN\n  EXECUTE format('ALTER SEQUENCE %s AS {self.new_type}', "
                f"pg_get_serial_sequence({literal(self.relation)}, {literal(self.column)}));\n"
                "END")
        return ["DO " + dollar_quoted(body, "drift_sequence")]

    def done_sql(self) -> str:
        return (f"EXISTS (SELECT 1 FROM pg_sequence WHERE seqrelid = to_regclass("
                f"pg_get_serial_sequence({literal(self.relation)}, {literal(self.column)}))"
                f" AND format_type(seqtypid, NULL) = {literal(self.new_type)})")

    def reverse(self) -> tuple[Operation, ...]:
        return (replace(self, new_type=self.old_type, old_type=self.new_type),)


@dataclass(frozen=True, kw_only=True)
class AlterDefault(Operation):
    """SET/DROP DEFAULT. The placeholder `nextval(<owned sequence>)` is never SQL: a
    serial default becomes a sequence owned by the column (named as serial names
    it), started after the largest value, and a dropped one takes its sequence along."""

    column: str
    new: str | None
    old: str | None
    column_type: str = "integer"

    def _sequence(self) -> str:
        return qualified(self.schema, f"{self.table}_{self.column}_seq"[:63])

    def statements(self) -> list[str]:
        alter = f"ALTER TABLE {self.relation} ALTER COLUMN {ident(self.column)}"
        if self.new == OWNED_SEQUENCE_DEFAULT:
            seq = self._sequence()
            return [f"CREATE SEQUENCE IF NOT EXISTS {seq} AS {self.column_type} OWNED BY "
                    f"{self.relation}.{ident(self.column)}",
                    f"SELECT setval({literal(seq)}, coalesce(max({ident(self.column)}), 0) + 1,"
                    f" false) FROM {self.relation}",
                    f"{alter} SET DEFAULT nextval({literal(seq)}::regclass)"]
        if self.new is not None:
            return [f"{alter} SET DEFAULT {self.new}"]
        if self.old == OWNED_SEQUENCE_DEFAULT:
            body = (f"DECLARE seq text := pg_get_serial_sequence({literal(self.relation)}, "
                    f"{literal(self.column)});\nBEGIN\n"
                    f"  EXECUTE {literal(alter + ' DROP DEFAULT')};\n"
                    "  IF seq IS NOT NULL THEN\n    EXECUTE 'DROP SEQUENCE ' || seq;\n"
                    "  END IF;\nEND")
            return ["DO " + dollar_quoted(body, "drift_default")]
        return [f"{alter} DROP DEFAULT"]

    def done_sql(self) -> str | None:
        """A serial default is done once the column owns a sequence and has a default
        (set last; a rerun would otherwise move the sequence); a serial default is gone
        once the column has no default (an identity has none either)."""
        has_default = (f"EXISTS (SELECT 1 FROM pg_attrdef d JOIN pg_attribute a ON "
                       f"a.attrelid = d.adrelid AND a.attnum = d.adnum WHERE d.adrelid = "
                       f"to_regclass({literal(self.relation)}) AND a.attname = "
                       f"{literal(self.column)})")
        if self.new == OWNED_SEQUENCE_DEFAULT:
            return (f"pg_get_serial_sequence({literal(self.relation)}, "
                    f"{literal(self.column)}) IS NOT NULL AND {has_default}")
        if self.new is None and self.old == OWNED_SEQUENCE_DEFAULT:
            return f"NOT {has_default}"
        return None

    def reverse(self) -> tuple[Operation, ...]:
        return (replace(self, new=self.old, old=self.new),)


def _attribute(relation: str, column: str, condition: str) -> str:
    return (f"EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass({literal(relation)})"
            f" AND attname = {literal(column)} AND {condition})")


_IDENTITY = {"always": "ALWAYS", "by_default": "BY DEFAULT"}
_IDENTITY_CODE = {"always": "a", "by_default": "d"}


@dataclass(frozen=True, kw_only=True)
class AlterIdentity(Operation):
    """ADD, SET or DROP an identity. An added identity's sequence starts after the
    largest value already in the column; a default in the way is dropped first."""

    column: str
    new: str | None  # "always" | "by_default" | None (drop the identity)
    old: str | None
    drop_default: bool = False

    def statements(self) -> list[str]:
        alter = f"ALTER TABLE {self.relation} ALTER COLUMN {ident(self.column)}"
        if self.new is None:
            return [f"{alter} DROP IDENTITY IF EXISTS"]
        if self.old is not None:
            return [f"{alter} SET GENERATED {_IDENTITY[self.new]}"]
        out = [f"{alter} DROP DEFAULT"] if self.drop_default else []
        return [*out, f"{alter} ADD GENERATED {_IDENTITY[self.new]} AS IDENTITY",
                f"SELECT setval(pg_get_serial_sequence({literal(self.relation)}, "
                f"{literal(self.column)}), coalesce(max({ident(self.column)}), 0) + 1, false)"
                f" FROM {self.relation}"]

    def done_sql(self) -> str:
        code = _IDENTITY_CODE.get(self.new or "", "")
        return _attribute(self.relation, self.column, f"attidentity = {literal(code)}")

    def reverse(self) -> tuple[Operation, ...] | None:
        if self.drop_default:
            return None
        return (replace(self, new=self.old, old=self.new),)

    def irreversible_because(self) -> str:
        return f"the default of {self.table}.{self.column} dropped for the identity is gone"


@dataclass(frozen=True, kw_only=True)
class AlterGeneration(Operation):
    """SET EXPRESSION (PostgreSQL 17+, rewrites the table) or DROP EXPRESSION (keeps
    the computed values as plain data)."""

    column: str
    new: str | None
    old: str | None
    hazards: ClassVar[tuple[Hazard, ...]] = (Hazard.ACCESS_EXCLUSIVE, Hazard.TABLE_REWRITE)

    def statements(self) -> list[str]:
        alter = f"ALTER TABLE {self.relation} ALTER COLUMN {ident(self.column)}"
        if self.new is None:
            return [f"{alter} DROP EXPRESSION IF EXISTS"]
        return [f"{alter} SET EXPRESSION AS ({self.new})"]

    def done_sql(self) -> str:
        if self.new is None:
            return _attribute(self.relation, self.column, "attgenerated = ''")
        return _attribute(self.relation, self.column,
                          "attgenerated <> '' AND EXISTS (SELECT 1 FROM pg_attrdef d WHERE "
                          "d.adrelid = attrelid AND d.adnum = attnum AND "
                          f"pg_get_expr(d.adbin, d.adrelid) = {literal(self.new)})")

    def reverse(self) -> tuple[Operation, ...] | None:
        if self.new is None or self.old is None:
            return None  # a dropped expression cannot be put back in place
        return (replace(self, new=self.old, old=self.new),)


@dataclass(frozen=True, kw_only=True)
class AlterCollation(Operation):
    """ALTER COLUMN ... TYPE <same type> COLLATE: the column's indexes are rebuilt."""

    column: str
    type: str
    new: str | None  # None: the type's default collation
    old: str | None
    hazards: ClassVar[tuple[Hazard, ...]] = (Hazard.ACCESS_EXCLUSIVE, Hazard.TABLE_REWRITE)

    def statements(self) -> list[str]:
        collation = self.new or 'pg_catalog."default"'
        return [f"ALTER TABLE {self.relation} ALTER COLUMN {ident(self.column)} TYPE "
                f"{self.type} COLLATE {collation}"]

    def done_sql(self) -> str:
        want = (f"to_regcollation({literal(self.new)})" if self.new else
                "(SELECT typcollation FROM pg_type WHERE oid = atttypid)")
        return _attribute(self.relation, self.column, f"attcollation = {want}")

    def reverse(self) -> tuple[Operation, ...]:
        return (replace(self, new=self.old, old=self.new),)


@dataclass(frozen=True, kw_only=True)
class SetComment(Operation):
    """COMMENT ON TABLE / COLUMN: catalog-only, idempotent."""

    column: str | None = None  # None: the table's own comment
    text: str | None = None
    old: str | None = None
    hazards: ClassVar[tuple[Hazard, ...]] = ()

    def statements(self) -> list[str]:
        what = (f"COLUMN {self.relation}.{ident(self.column)}" if self.column is not None
                else f"TABLE {self.relation}")
        return [f"COMMENT ON {what} IS {literal(self.text) if self.text is not None else 'NULL'}"]

    def reverse(self) -> tuple[Operation, ...]:
        return (replace(self, text=self.old, old=self.text),)


@dataclass(frozen=True, kw_only=True)
class SetNotNull(Operation):
    """With a validated CHECK (col IS NOT NULL) in place, this needs no table scan."""

    column: str

    def statements(self) -> list[str]:
        return [f"ALTER TABLE {self.relation} ALTER COLUMN {ident(self.column)} SET NOT NULL"]

    def reverse(self) -> tuple[Operation, ...]:
        return (DropNotNull(phase=self.phase, schema=self.schema, table=self.table,
                            column=self.column, reason=self.reason),)


@dataclass(frozen=True, kw_only=True)
class DropNotNull(Operation):
    column: str

    def statements(self) -> list[str]:
        return [f"ALTER TABLE {self.relation} ALTER COLUMN {ident(self.column)} DROP NOT NULL"]

    def reverse(self) -> tuple[Operation, ...]:
        return (SetNotNull(phase=self.phase, schema=self.schema, table=self.table,
                           column=self.column, reason=self.reason),)


@dataclass(frozen=True, kw_only=True)
class AddConstraint(Operation):
    """ADD CONSTRAINT with a definition from pg_get_constraintdef, NOT VALID if asked."""

    name: str
    definition: str
    not_valid: bool = False

    def statements(self) -> list[str]:
        suffix = " NOT VALID" if self.not_valid else ""
        return [f"ALTER TABLE {self.relation} ADD CONSTRAINT {ident(self.name)}"
                f" {self.definition}{suffix}"]

    def done_sql(self) -> str:
        return constraint_exists(self.schema, self.table, self.name)

    def reverse(self) -> tuple[Operation, ...]:
        return (DropConstraint(phase=self.phase, schema=self.schema, table=self.table,
                               name=self.name, reason=self.reason),)


@dataclass(frozen=True, kw_only=True)
class ValidateConstraint(Operation):
    """Scans under SHARE UPDATE EXCLUSIVE: writes go on meanwhile."""

    name: str
    hazards: ClassVar[tuple[Hazard, ...]] = (Hazard.DATA_DEPENDENT,)

    def statements(self) -> list[str]:
        return [f"ALTER TABLE {self.relation} VALIDATE CONSTRAINT {ident(self.name)}"]

    def done_sql(self) -> str:
        """Done once no NOT VALID constraint of that name is left (a rerun of the
        switch finds the NOT NULL helper validated and dropped)."""
        return (f"NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = "
                f"to_regclass({literal(self.relation)}) AND conname = {literal(self.name)} "
                "AND NOT convalidated)")

    def reverse(self) -> tuple[Operation, ...]:
        return ()


@dataclass(frozen=True, kw_only=True)
class AddConstraintUsingIndex(Operation):
    """Promote a unique index built CONCURRENTLY to a constraint: a catalog-only change."""

    name: str
    index: str
    primary_key: bool = False
    deferrable: str = ""  # "", "DEFERRABLE", "DEFERRABLE INITIALLY DEFERRED"

    def done_sql(self) -> str:
        return constraint_exists(self.schema, self.table, self.name)

    def statements(self) -> list[str]:
        kind = "PRIMARY KEY" if self.primary_key else "UNIQUE"
        tail = f" {self.deferrable}" if self.deferrable else ""
        return [f"ALTER TABLE {self.relation} ADD CONSTRAINT {ident(self.name)}"
                f" {kind} USING INDEX {ident(self.index)}{tail}"]

    def reverse(self) -> tuple[Operation, ...]:
        return (DropConstraint(phase=self.phase, schema=self.schema, table=self.table,
                               name=self.name, reason=self.reason),)


@dataclass(frozen=True, kw_only=True)
class DropConstraint(Operation):
    name: str
    restore: str | None = None  # definition to re-add on downgrade

    def statements(self) -> list[str]:
        return [f"ALTER TABLE {self.relation} DROP CONSTRAINT IF EXISTS {ident(self.name)}"]

    def reverse(self) -> tuple[Operation, ...] | None:
        if self.restore is None:
            return ()
        return (AddConstraint(phase=self.phase, schema=self.schema, table=self.table,
                              name=self.name, definition=self.restore, reason=self.reason),)


def index_keys(index: Index, names: dict[str, str]) -> list[tuple[str, bool]]:
    """Each key as SQL (`(expression)` or a quoted live column name, then COLLATE,
    opclass and ordering), and whether it is a bare column with no options."""
    keys = []
    for key, is_expr, options in zip(index.keys, index.key_is_expression, index.key_options,
                                     strict=True):
        text = f"({key})" if is_expr else ident(names.get(key, key))
        keys.append((f"{text} {options}".strip(), not is_expr and not options))
    return keys


def index_ddl(schema: str, table: str, index: Index, *, concurrently: bool,
              columns: dict[str, str] | None = None) -> str:
    """CREATE INDEX from the typed index; `columns` maps key names to live names."""
    keys = [sql for sql, _ in index_keys(index, columns or {})]
    names = columns or {}
    parts = ["CREATE UNIQUE INDEX" if index.unique else "CREATE INDEX"]
    if concurrently:
        parts.append("CONCURRENTLY")
    parts.append(f"IF NOT EXISTS {ident(index.name)} ON {qualified(schema, table)}"
                 f" USING {index.method} ({', '.join(keys)})")
    if index.include:
        parts.append(f"INCLUDE ({column_list([names.get(c, c) for c in index.include])})")
    if index.nulls_not_distinct:
        parts.append("NULLS NOT DISTINCT")
    if index.predicate:
        parts.append(f"WHERE {index.predicate}")
    return " ".join(parts)


@dataclass(frozen=True, kw_only=True)
class CreateIndex(Operation):
    """CREATE INDEX CONCURRENTLY: no write lock, but it cannot run in a transaction."""

    index: Index
    columns: dict[str, str] = field(default_factory=dict)
    statement_timeout: str = "0"
    transactional: ClassVar[bool] = False
    hazards: ClassVar[tuple[Hazard, ...]] = ()

    def statements(self) -> list[str]:
        return [index_ddl(self.schema, self.table, self.index, concurrently=True,
                          columns=self.columns)]

    def all_hazards(self) -> tuple[Hazard, ...]:
        return (Hazard.DATA_DEPENDENT,) if self.index.unique else ()

    def reverse(self) -> tuple[Operation, ...]:
        return (DropIndex(phase=self.phase, schema=self.schema, table=self.table,
                          name=self.index.name, reason=self.reason),)


@dataclass(frozen=True, kw_only=True)
class DropIndex(Operation):
    name: str
    restore: Index | None = None
    statement_timeout: str = "0"
    transactional: ClassVar[bool] = False
    hazards: ClassVar[tuple[Hazard, ...]] = ()

    def statements(self) -> list[str]:
        return [f"DROP INDEX CONCURRENTLY IF EXISTS {qualified(self.schema, self.name)}"]

    def reverse(self) -> tuple[Operation, ...] | None:
        if self.restore is None:
            return ()
        return (CreateIndex(phase=self.phase, schema=self.schema, table=self.table,
                            index=self.restore, reason=self.reason),)


@dataclass(frozen=True, kw_only=True)
class Rename(Operation):
    """RENAME of a table, column, constraint or index: catalog-only, brief lock."""

    kind: str  # "table" | "column" | "constraint" | "index"
    old: str
    new: str

    def statements(self) -> list[str]:
        if self.kind == "table":
            return [f"ALTER TABLE {self.relation} RENAME TO {ident(self.new)}"]
        if self.kind == "index":
            return [f"ALTER INDEX {qualified(self.schema, self.old)} RENAME TO {ident(self.new)}"]
        what = "COLUMN" if self.kind == "column" else "CONSTRAINT"
        return [f"ALTER TABLE {self.relation} RENAME {what} {ident(self.old)}"
                f" TO {ident(self.new)}"]

    def reverse(self) -> tuple[Operation, ...]:
        table = self.new if self.kind == "table" else self.table
        return (replace(self, table=table, old=self.new, new=self.old),)

    def done_sql(self) -> str:
        """Done when the new name exists (the old one is then gone)."""
        if self.kind in ("table", "index"):
            return f"to_regclass({literal(qualified(self.schema, self.new))}) IS NOT NULL"
        if self.kind == "column":
            return (f"EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = "
                    f"to_regclass({literal(self.relation)}) AND attname = {literal(self.new)}"
                    " AND NOT attisdropped)")
        return constraint_exists(self.schema, self.table, self.new)


@dataclass(frozen=True, kw_only=True)
class CreateObject(Operation):
    """CREATE of an extension, type, sequence, function, view or trigger."""

    kind: str
    name: str
    ddl: str
    drop_ddl: str
    hazards: ClassVar[tuple[Hazard, ...]] = ()

    def stage_in_phase(self) -> int:
        """Types, sequences and extensions come before the tables that use them."""
        return 0 if self.kind in ("extension", "enum", "domain", "sequence") else 2

    def statements(self) -> list[str]:
        return [self.ddl]

    def done_sql(self) -> str | None:
        """CREATE TYPE and CREATE DOMAIN have no IF NOT EXISTS: skip once the type exists."""
        if self.kind in ("enum", "domain"):
            return f"to_regtype({literal(qualified(self.schema, self.name))}) IS NOT NULL"
        if self.kind == "policy":  # CREATE POLICY has no IF NOT EXISTS either
            return (f"EXISTS (SELECT 1 FROM pg_policy WHERE polrelid = to_regclass("
                    f"{literal(qualified(self.schema, self.table))}) AND polname = "
                    f"{literal(self.name)})")
        return None

    def reverse(self) -> tuple[Operation, ...]:
        return (DropObject(phase=self.phase, schema=self.schema, table=self.table,
                           kind=self.kind, name=self.name, drop_ddl=self.drop_ddl,
                           reason=self.reason),)


@dataclass(frozen=True, kw_only=True)
class ReplaceObject(Operation):
    """CREATE OR REPLACE of a function, view or trigger with the target's definition."""

    kind: str
    name: str
    ddl: str
    old_ddl: str
    hazards: ClassVar[tuple[Hazard, ...]] = ()

    def statements(self) -> list[str]:
        return [self.ddl]

    def reverse(self) -> tuple[Operation, ...]:
        return (replace(self, ddl=self.old_ddl, old_ddl=self.ddl),)


@dataclass(frozen=True, kw_only=True)
class DropObject(Operation):
    kind: str
    name: str
    drop_ddl: str
    restore_ddl: str | None = None
    hazards: ClassVar[tuple[Hazard, ...]] = ()

    def statements(self) -> list[str]:
        return [self.drop_ddl]

    def done_sql(self) -> str | None:
        """A view is gone once no view has the name (a table may take it over)."""
        if self.kind == "view":
            return _relation_of_kind(self.schema, self.name, "'v', 'm'", absent=True)
        return None

    def reverse(self) -> tuple[Operation, ...] | None:
        if self.restore_ddl is None:
            return ()
        return (CreateObject(phase=self.phase, schema=self.schema, table=self.table,
                             kind=self.kind, name=self.name, ddl=self.restore_ddl,
                             drop_ddl=self.drop_ddl, reason=self.reason),)


@dataclass(frozen=True, kw_only=True)
class AddEnumValue(Operation):
    """ALTER TYPE ... ADD VALUE: cheap, but PostgreSQL cannot remove a value again."""

    type_name: str
    value: str
    before: str | None = None
    hazards: ClassVar[tuple[Hazard, ...]] = ()

    def stage_in_phase(self) -> int:
        return 0

    def statements(self) -> list[str]:
        where = f" BEFORE {literal(self.before)}" if self.before else ""
        return [f"ALTER TYPE {qualified(self.schema, self.type_name)} ADD VALUE IF NOT EXISTS "
                f"{literal(self.value)}{where}"]

    def irreversible_because(self) -> str:
        return f"PostgreSQL cannot remove the value {self.value!r} from {self.type_name}"


@dataclass(frozen=True, kw_only=True)
class AddDomainCheck(Operation):
    """ALTER DOMAIN ADD CONSTRAINT ... NOT VALID: new values are checked at once."""

    domain: str
    name: str
    definition: str

    def statements(self) -> list[str]:
        return [f"ALTER DOMAIN {qualified(self.schema, self.domain)} ADD CONSTRAINT "
                f"{ident(self.name)} {self.definition} NOT VALID"]

    def done_sql(self) -> str:
        return (f"EXISTS (SELECT 1 FROM pg_constraint WHERE contypid = "
                f"to_regtype({literal(qualified(self.schema, self.domain))}) "
                f"AND conname = {literal(self.name)})")

    def reverse(self) -> tuple[Operation, ...]:
        return (DropObject(phase=self.phase, schema=self.schema, table=self.table,
                           kind="domain check", name=self.name,
                           drop_ddl=f"ALTER DOMAIN {qualified(self.schema, self.domain)} "
                                    f"DROP CONSTRAINT IF EXISTS {ident(self.name)}",
                           reason=self.reason),)


@dataclass(frozen=True, kw_only=True)
class ValidateDomainCheck(Operation):
    domain: str
    name: str
    hazards: ClassVar[tuple[Hazard, ...]] = (Hazard.DATA_DEPENDENT,)

    def statements(self) -> list[str]:
        return [f"ALTER DOMAIN {qualified(self.schema, self.domain)} VALIDATE CONSTRAINT "
                f"{ident(self.name)}"]

    def done_sql(self) -> str:
        return (f"NOT EXISTS (SELECT 1 FROM pg_constraint WHERE contypid = "
                f"to_regtype({literal(qualified(self.schema, self.domain))}) "
                f"AND conname = {literal(self.name)} AND NOT convalidated)")

    def reverse(self) -> tuple[Operation, ...]:
        return ()
