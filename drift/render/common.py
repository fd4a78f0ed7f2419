"""What both renderers share: timeouts, the invalid-index cleanup, and comments."""

from __future__ import annotations

from drift.plan.ops import CreateIndex, Operation
from drift.sqltext import dollar_quoted, literal, one_line


def timeouts(op: Operation) -> list[str]:
    return [f"SET lock_timeout = {literal(op.lock_timeout)}",
            f"SET statement_timeout = {literal(op.statement_timeout)}"]


def drop_invalid_first(op: CreateIndex) -> str:
    """A failed CONCURRENTLY build leaves an INVALID index that IF NOT EXISTS would keep."""
    body = ("BEGIN\n"
            "  IF EXISTS (SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid\n"
            "             JOIN pg_namespace n ON n.oid = c.relnamespace\n"
            f"             WHERE n.nspname = {literal(op.schema)}"
            f" AND c.relname = {literal(op.index.name)} AND NOT i.indisvalid) THEN\n"
            f"    EXECUTE format('DROP INDEX %I.%I', {literal(op.schema)},"
            f" {literal(op.index.name)});\n"
            "  END IF;\nEND")
    return "DO " + dollar_quoted(body, "drift_invalid")


def unless_done(op: Operation, statement: str) -> str:
    """Run `statement` only if the op has not run yet: reruns resume cleanly. A step
    that cannot run inside a transaction (CONCURRENTLY) is not wrapped here: each
    renderer tests `op.skip_sql()` on its own side first (psql \\if, Python if)."""
    done = op.skip_sql() if op.transactional else None
    if done is None:
        return statement
    body = (f"BEGIN\n  IF NOT ({done}) THEN\n    EXECUTE {literal(statement)};\n"
            "  END IF;\nEND")
    return "DO " + dollar_quoted(body, "drift_step")


def step(op: Operation) -> list[str]:
    """The op's DDL, resumable (for index builds, after removing an INVALID leftover
    of a failed build)."""
    body = [unless_done(op, s) for s in op.statements()]
    if isinstance(op, CreateIndex):
        body = [drop_invalid_first(op), *body]
    return body


def statements(op: Operation) -> list[str]:
    """The op's step preceded by its own timeouts."""
    return [*timeouts(op), *step(op)]


def comment(op: Operation) -> list[str]:
    """Comment lines; names come from databases, so every line is made single-line."""
    lines = [f"{type(op).__name__}: fixes {op.reason}" if op.reason else type(op).__name__]
    hazards = op.all_hazards()
    if hazards:
        lines.append("hazards: " + "; ".join(f"{h.value} ({h.doc})" for h in hazards))
    return [one_line(line) for line in lines]
