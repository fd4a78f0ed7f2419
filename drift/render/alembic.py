"""Alembic revisions: one per phase, chained onto the environment's current head.

If the directory holds no Alembic environment, one is created whose env.py reads
DATABASE_URL. Each revision's downgrade is built by reversing its operations; a
step with no reverse makes the downgrade refuse, saying why.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from drift import __version__
from drift.errors import DriftInputError
from drift.plan import Plan
from drift.plan.ops import CreateIndex, Operation, Phase
from drift.render.alembic_ops import call
from drift.render.common import comment, drop_invalid_first, step
from drift.sqltext import one_line

_INDENT = "    "


@dataclass(frozen=True)
class Revision:
    revision: str
    down_revision: str | None
    phase: Phase
    path: Path


def ensure_environment(directory: Path) -> None:
    """Create alembic.ini, env.py, script.py.mako and versions/ if env.py is absent."""
    if (directory / "env.py").exists():
        (directory / "versions").mkdir(exist_ok=True)
        return
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "versions").mkdir(exist_ok=True)
    templates = resources.files("drift.render").joinpath("templates")
    for name in ("env.py", "script.py.mako", "alembic.ini"):
        target = directory / name
        if not target.exists():
            target.write_text(templates.joinpath(name + ".tmpl").read_text(), encoding="utf-8")


def current_head(directory: Path) -> str | None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(directory))
    heads = ScriptDirectory.from_config(config).get_heads()
    if len(heads) > 1:
        raise DriftInputError(f"{directory}: several Alembic heads ({', '.join(heads)}); "
                              "merge them first")
    return heads[0] if heads else None


def write_revisions(plan: Plan, directory: Path, *, message: str = "drift") -> list[Revision]:
    ensure_environment(directory)
    down = current_head(directory)
    existing = len(list((directory / "versions").glob("*.py")))
    written: list[Revision] = []
    for number, phase in enumerate(plan.phases, start=existing + 1):
        revision = f"{plan.live_hash[:8]}_{int(phase)}_{phase.label}"
        path = directory / "versions" / f"{number:03d}_{revision}.py"
        # The first revision opens with the preflight: every guard, before any DDL.
        preflight = plan.preflight if not written else ()
        path.write_text(render_revision(plan.phase(phase), phase, revision, down, plan, message,
                                        preflight=preflight),
                        encoding="utf-8")
        written.append(Revision(revision, down, phase, path))
        down = revision
    return written


def _call(statement: str, indent: str) -> str:
    """Multi-line SQL as a readable triple-quoted string where that is exact."""
    if "\n" in statement and '"""' not in statement and "\\" not in statement \
            and not statement.endswith('"'):
        return f'{indent}_run("""{statement}""")'
    return f"{indent}_run({statement!r})"


def _steps(op: Operation, indent: str) -> list[str]:
    """Timeouts, then an op.* call where Alembic has a rerunnable one, else the SQL."""
    lines = [f"{indent}_timeouts({op.lock_timeout!r}, {op.statement_timeout!r})"]
    alembic_call = call(op)
    if alembic_call is None:
        return lines + [_call(s, indent) for s in step(op)]
    if isinstance(op, CreateIndex):
        lines.append(_call(drop_invalid_first(op), indent))
    return [*lines, f"{indent}{alembic_call}"]


def _body(ops: tuple[Operation, ...] | list[Operation], indent: str = _INDENT) -> list[str]:
    """Each op with its comment; non-transactional runs go inside autocommit_block(),
    behind a Python test of the op's skip condition when it has one."""
    lines: list[str] = []
    for op in ops:
        lines += [f"{indent}# {line}" for line in comment(op)]
        if op.transactional:
            lines += _steps(op, indent)
            continue
        inner = indent + _INDENT
        skip = op.skip_sql()
        if skip is not None:
            lines.append(f"{indent}if not _done({skip!r}):")
            inner += _INDENT
        lines.append(f"{inner[:-len(_INDENT)]}with op.get_context().autocommit_block():")
        lines += _steps(op, inner)
    return lines


def _preflight(guards: tuple[Operation, ...]) -> list[str]:
    if not guards:
        return []
    return ([f"{_INDENT}# Preflight: every guard of the migration, before any DDL or lock."]
            + _body(guards) + [f"{_INDENT}# End of the preflight."])


def downgrade_body(ops: tuple[Operation, ...]) -> list[str]:
    reverse: list[Operation] = []
    for op in reversed(ops):
        undo = op.reverse()
        if undo is None:
            why = "irreversible: " + op.irreversible_because()
            return [f"{_INDENT}raise RuntimeError({why!r})"]
        reverse += list(undo)
    return _body(reverse) or [f"{_INDENT}pass"]


def render_revision(ops: tuple[Operation, ...], phase: Phase, revision: str, down: str | None,
                    plan: Plan, message: str, preflight: tuple[Operation, ...] = ()) -> str:
    reasons = sorted({op.reason for op in ops if op.reason})
    fixes = "\n".join(f"- {one_line(r)}" for r in reasons).replace('"' * 3, "'" * 3)
    return f'''"""{message}: phase {int(phase)}, {phase.label}

Generated by drift {__version__} against live schema {plan.live_hash}.
Fixes:
{fixes}

Revision ID: {revision}
Revises: {down or ""}
Create Date: {dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()}
"""

import sqlalchemy as sa
from alembic import op

revision = {revision!r}
down_revision = {down!r}
branch_labels = None
depends_on = None


def _run(statement: str) -> None:
    # Colons are escaped so that text() sees no bind parameters in casts or literals.
    op.execute(sa.text(statement.replace(":", "\\\\:")))


def _done(condition: str) -> bool:
    """A step's skip condition, read before a step that cannot run in a DO block.
    Offline (--sql) there is no database to ask: the step is written out."""
    if op.get_context().as_sql:
        return False
    query = sa.text("SELECT " + condition.replace(":", "\\\\:"))
    return bool(op.get_bind().execute(query).scalar())


def _timeouts(lock: str, statement: str) -> None:
    """Every step runs under its own lock_timeout and statement_timeout."""
    _run(f"SET lock_timeout = '{{lock}}'")
    _run(f"SET statement_timeout = '{{statement}}'")


class _Type(sa.types.UserDefinedType):  # type: ignore[type-arg]
    """A column type exactly as PostgreSQL prints it (format_type)."""

    cache_ok = True

    def __init__(self, spec: str) -> None:
        self.spec = spec

    def get_col_spec(self, **kw: object) -> str:
        return self.spec


def upgrade() -> None:
{chr(10).join(_preflight(preflight) + _body(ops)) or _INDENT + "pass"}


def downgrade() -> None:
{chr(10).join(downgrade_body(ops))}
'''
