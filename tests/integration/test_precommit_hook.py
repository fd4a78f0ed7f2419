"""The pre-commit hook (.pre-commit-hooks.yaml -> drift-alembic-check): models.py against
the Alembic head on the embedded PostgreSQL, run as pre-commit runs it."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))

MODELS = '''\
import sqlalchemy as sa

metadata = sa.MetaData()

users = sa.Table(
    "users", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("email", sa.Text, nullable=False),
{extra})
'''

# the layout `alembic init` writes: env.py reads sqlalchemy.url from alembic.ini
ALEMBIC_INI = """\
[alembic]
script_location = migrations
sqlalchemy.url = driver://user:pass@localhost/dbname
"""

ENV_PY = """\
from alembic import context
from sqlalchemy import engine_from_config, pool

config = context.config
engine = engine_from_config(config.get_section(config.config_ini_section, {}),
                            prefix="sqlalchemy.", poolclass=pool.NullPool)
with engine.connect() as connection:
    context.configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()
"""

REVISION = '''\
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None


def upgrade():
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("email", sa.Text, nullable=False),
    )


def downgrade():
    op.drop_table("users")
'''


def project(tmp_path: Path, extra: str = "") -> Path:
    (tmp_path / "migrations" / "versions").mkdir(parents=True)
    (tmp_path / "models.py").write_text(MODELS.format(extra=extra), encoding="utf-8")
    (tmp_path / "alembic.ini").write_text(ALEMBIC_INI, encoding="utf-8")
    (tmp_path / "migrations" / "env.py").write_text(ENV_PY, encoding="utf-8")
    (tmp_path / "migrations" / "script.py.mako").write_text("", encoding="utf-8")
    (tmp_path / "migrations" / "versions" / "0001_users.py").write_text(REVISION,
                                                                        encoding="utf-8")
    return tmp_path


def hook_command(*more: str) -> list[str]:
    """The hook's entry and args as pre-commit runs them (pass_filenames: false)."""
    (hook,) = HOOKS
    entry = shutil.which(hook["entry"], path=str(Path(sys.executable).parent))
    assert entry, f"console script {hook['entry']} is not installed"
    return [entry, *hook["args"], *more]


def test_the_hook_file_names_an_installed_console_script() -> None:
    (hook,) = HOOKS
    assert hook["id"] == "drift-alembic-head"
    assert hook["language"] == "python" and hook["pass_filenames"] is False
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts[hook["entry"]] == "drift.precommit:main"


def test_head_matching_the_models_passes_on_the_embedded_server(tmp_path: Path) -> None:
    run = subprocess.run(hook_command(), cwd=project(tmp_path), capture_output=True,
                         text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "findings: 0 " in run.stdout
    assert run.stdout.rstrip().endswith("result: OK (fail-on defer, exit 0)")


def test_a_model_change_without_a_migration_fails(tmp_path: Path, pg_server: str) -> None:
    root = project(tmp_path, extra='    sa.Column("nickname", sa.Text),\n')
    run = subprocess.run(hook_command("--scratch-url", pg_server), cwd=root,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 1, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    assert "  must   DR102 missing_column     public.users: column users.nickname (text) " \
        "does not exist" in lines, lines
    assert lines[-1] == "result: DRIFT (fail-on defer, exit 1)"


def test_a_migration_without_the_model_fails(tmp_path: Path, pg_server: str) -> None:
    root = project(tmp_path)
    revision = root / "migrations" / "versions" / "0002_index.py"
    revision.write_text(textwrap.dedent('''\
        from alembic import op

        revision = "0002"
        down_revision = "0001"


        def upgrade():
            op.create_index("ix_users_email", "users", ["email"])
        '''), encoding="utf-8")
    run = subprocess.run(hook_command("--scratch-url", pg_server), cwd=root,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "ix_users_email" in run.stdout


def test_a_failing_revision_is_one_line(tmp_path: Path, pg_server: str) -> None:
    root = project(tmp_path)
    bad = root / "migrations" / "versions" / "0001_users.py"
    bad.write_text(REVISION.replace('"users",\n        sa.Column("id"',
                                    '"users",\n        sa.Column("id", sa.Integer),\n'
                                    '        sa.Column("id"'), encoding="utf-8")
    run = subprocess.run(hook_command("--scratch-url", pg_server), cwd=root,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 2
    (line,) = run.stderr.strip().splitlines()[-1:]
    assert line.startswith("drift: error: alembic.ini: alembic upgrade head failed: "), line
    assert "Traceback" not in run.stderr


def test_missing_alembic_ini_is_one_line_before_any_server(tmp_path: Path) -> None:
    (tmp_path / "models.py").write_text(MODELS.format(extra=""), encoding="utf-8")
    run = subprocess.run(hook_command(), cwd=tmp_path, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 2
    assert run.stderr.strip() == "drift: error: --alembic-ini: alembic.ini: no such file"


def test_the_readme_recipe_uses_the_shipped_hook() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    recipe = readme.split("### pre-commit", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    (repo,) = yaml.safe_load(recipe)["repos"]
    (hook,) = repo["hooks"]
    assert hook["id"] == HOOKS[0]["id"]
    assert hook["args"][0] == "--expected"


def test_a_history_that_starts_from_an_existing_schema_takes_base(tmp_path: Path,
                                                                 pg_server: str) -> None:
    root = project(tmp_path)
    (root / "migrations" / "versions" / "0001_users.py").write_text(textwrap.dedent('''\
        import sqlalchemy as sa
        from alembic import op

        revision = "0001"
        down_revision = None


        def upgrade():
            op.add_column("users", sa.Column("email", sa.Text, nullable=False))
        '''), encoding="utf-8")
    (root / "legacy.sql").write_text("CREATE TABLE users (id serial PRIMARY KEY);\n",
                                     encoding="utf-8")
    without = subprocess.run(hook_command("--scratch-url", pg_server), cwd=root,
                             capture_output=True, text=True, timeout=600)
    assert without.returncode == 2  # the revision alters a table that does not exist
    assert 'relation "users" does not exist' in without.stderr.strip().splitlines()[-1]
    run = subprocess.run(hook_command("--scratch-url", pg_server, "--base", "legacy.sql"),
                         cwd=root, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.rstrip().endswith("result: OK (fail-on defer, exit 0)")
