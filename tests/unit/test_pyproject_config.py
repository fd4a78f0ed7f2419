"""drift's config in pyproject.toml [tool.drift]: the same keys as drift.toml, the same
strictness, errors at pyproject.toml's own lines, and never two configs at once."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from drift.cli import main
from drift.errors import DriftInputError
from drift.sources import resolve
from drift.spec import Priority, load_spec

ROOT = Path(__file__).resolve().parents[2]
NFT = ROOT / "expected_schema" / "nft_instances"

PYPROJECT = """\
[project]
name = "app"
version = "1.0"

[tool.ruff]
line-length = 100

[tool.drift]
default_schema = "public"
default_priority = "should"
ignore_tables = ["alembic_version", "celery_taskmeta"]

[[tool.drift.renames]]
kind = "column"
table = "bingo_cells"
from = "target_template_id"
to = "target_definition_id"
priority = "must"

[[tool.drift.legacy]]
table = "prize_draw_results"
name = "uq_prize_draw_result_unique"

[[tool.drift.priorities]]
table = "nft_templates"
priority = "defer"
"""


def write(directory: Path, text: str, name: str = "pyproject.toml") -> Path:
    path = directory / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def error(path: Path) -> str:
    with pytest.raises(DriftInputError) as info:
        load_spec(path)
    message = str(info.value)
    assert "\n" not in message
    return message


def test_tool_drift_reads_like_drift_toml(tmp_path: Path) -> None:
    spec = load_spec(write(tmp_path, PYPROJECT))
    assert spec.default_priority is Priority.SHOULD
    assert spec.ignore_tables == frozenset({"alembic_version", "celery_taskmeta"})
    assert [(r.kind, r.table, r.old, r.new, r.priority) for r in spec.renames] == [
        ("column", "bingo_cells", "target_template_id", "target_definition_id", Priority.MUST)]
    assert [(x.table, x.name, x.priority) for x in spec.legacy] == [
        ("prize_draw_results", "uq_prize_draw_result_unique", Priority.SHOULD)]
    assert spec.table_priority == {("public", "nft_templates"): Priority.DEFER}
    assert spec.source == str(tmp_path / "pyproject.toml")


def test_the_same_config_in_both_files_parses_the_same(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    text = (NFT / "drift.toml").read_text(encoding="utf-8")
    body = re.sub(r"^\[drift\]$", "[tool.drift]", text, flags=re.M)
    body = re.sub(r"^\[\[(\w+)\]\]$", r"[[tool.drift.\1]]", body, flags=re.M)
    toml = load_spec(write(tmp_path / "a", text, "drift.toml"))
    pyproject = load_spec(write(tmp_path / "b", "[project]\nname = 'x'\n\n" + body))
    assert (toml.renames, toml.legacy, toml.backfills, toml.invariants, toml.table_priority,
            toml.approved_drops, toml.default_priority) == (
        pyproject.renames, pyproject.legacy, pyproject.backfills, pyproject.invariants,
        pyproject.table_priority, pyproject.approved_drops, pyproject.default_priority)
    assert len(pyproject.renames) >= 3 and pyproject.backfills


def test_a_typo_in_tool_drift_names_pyproject_line(tmp_path: Path) -> None:
    path = write(tmp_path, PYPROJECT.replace("default_priority =", "default_priorty ="))
    assert error(path) == (f"{path}:10: unknown key 'default_priorty' in [tool.drift]; did "
                           "you mean 'default_priority'? (valid: close_compat_views, "
                           "compare_privileges, default_priority, default_schema, extra_sql, "
                           "ignore_schemas, ignore_tables, schemas)")


def test_a_typo_in_an_array_entry_names_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, PYPROJECT.replace('name = "uq_prize', 'nmae = "uq_prize'))
    message = error(path)
    assert message.startswith(f"{path}:22: unknown key 'nmae' in legacy[0]; did you mean "
                              "'name'?"), message


def test_a_misspelt_array_table_is_named_as_pyproject_spells_it(tmp_path: Path) -> None:
    path = write(tmp_path, PYPROJECT.replace("[[tool.drift.legacy]]", "[[tool.drift.legacey]]"))
    message = error(path)
    assert message.startswith(f"{path}:20: unknown table [[tool.drift.legacey]]; did you mean "
                              "[[tool.drift.legacy]]?"), message


def test_a_wrong_kind_of_value_in_tool_drift(tmp_path: Path) -> None:
    path = write(tmp_path, PYPROJECT.replace('default_priority = "should"',
                                             "default_priority = 3"))
    assert error(path) == (f"{path}:10: [tool.drift]: priority must be must, should or "
                           "defer, got 3")


def test_a_nested_drift_table_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "[tool.drift.drift]\ndefault_schema = 'x'\n")
    assert error(path) == f"{path}:1: [tool.drift.drift]: write these keys in [tool.drift] itself"


def test_resolve_finds_tool_drift_beside_the_source(tmp_path: Path) -> None:
    (tmp_path / "schema.sql").write_text("CREATE TABLE t (id int);\n", encoding="utf-8")
    assert resolve(tmp_path) == (tmp_path / "schema.sql", None)
    write(tmp_path, "[project]\nname = 'x'\n")  # no [tool.drift]: not drift's config
    assert resolve(tmp_path) == (tmp_path / "schema.sql", None)
    write(tmp_path, PYPROJECT)
    assert resolve(tmp_path) == (tmp_path / "schema.sql", tmp_path / "pyproject.toml")
    assert resolve(tmp_path / "schema.sql")[1] == tmp_path / "pyproject.toml"


def test_both_configs_are_refused_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "schema.sql").write_text("CREATE TABLE t (id int);\n", encoding="utf-8")
    write(tmp_path, PYPROJECT)
    write(tmp_path, "[drift]\n", "drift.toml")
    with pytest.raises(DriftInputError) as info:
        resolve(tmp_path)
    assert str(info.value) == (f"{tmp_path}: both drift.toml and pyproject.toml [tool.drift] "
                               "configure drift; keep one of them")
    # on the command line: one line, exit 2, before any server starts
    result = CliRunner().invoke(main, ["check", "--expected", str(tmp_path), "--db",
                                       "postgresql://u@localhost:1/db"])
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1].endswith(
        "both drift.toml and pyproject.toml [tool.drift] configure drift; keep one of them")
    # a pyproject.toml without [tool.drift] beside drift.toml is not a second config
    write(tmp_path, "[project]\nname = 'x'\n")
    assert resolve(tmp_path) == (tmp_path / "schema.sql", tmp_path / "drift.toml")


def test_an_invalid_pyproject_beside_the_source_is_bad_input(tmp_path: Path) -> None:
    (tmp_path / "schema.sql").write_text("CREATE TABLE t (id int);\n", encoding="utf-8")
    write(tmp_path, "[tool.drift\n")
    with pytest.raises(DriftInputError, match=r"pyproject\.toml: invalid TOML: "):
        resolve(tmp_path)


def test_the_readme_pyproject_example_is_valid(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = readme.split("under `[tool.drift]`", 1)[1].split("```toml\n", 1)[1]
    path = write(tmp_path, example.split("```", 1)[0])
    spec = load_spec(path)
    assert [(r.table, r.old, r.new) for r in spec.renames] == [
        ("bingo_cells", "target_template_id", "target_definition_id")]
