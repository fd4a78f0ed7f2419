"""drift.toml: every key known, every value of its kind, every error at its line."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from drift.errors import DriftInputError
from drift.spec import KEYS, Priority, key_lines, load_spec

ROOT = Path(__file__).resolve().parents[2]
REPO_SPECS = sorted([*ROOT.glob("expected_schema/*/drift.toml"), *ROOT.glob("tests/**/drift.toml")])


def error(tmp_path: Path, text: str) -> str:
    path = tmp_path / "drift.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DriftInputError) as info:
        load_spec(path)
    message = str(info.value)
    assert "\n" not in message
    prefix = f"{path}:"
    assert message.startswith(prefix), message
    return message[len(prefix):]


def test_the_repository_has_drift_toml_files_to_check() -> None:
    assert len(REPO_SPECS) >= 10


@pytest.mark.parametrize("path", REPO_SPECS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_drift_toml_of_the_repository_is_valid(path: Path) -> None:
    spec = load_spec(path)
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert len(spec.renames) == len(data.get("renames", []))
    assert len(spec.legacy) == len(data.get("legacy", []))
    assert len(spec.invariants) == len(data.get("invariants", []))


@pytest.mark.parametrize("path", REPO_SPECS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_key_of_the_repository_files_is_found_on_its_own_line(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    lines, source = key_lines(text), text.splitlines()

    def walk(value: Any, at: tuple[str | int, ...]) -> int:
        seen = 0
        if isinstance(value, dict):
            for key, inner in value.items():
                here = at + (key,)
                assert key in source[lines[here] - 1], (here, lines[here])
                seen += 1 + walk(inner, here)
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            for i, inner in enumerate(value):
                here = at + (i,)
                assert source[lines[here] - 1].strip().startswith(f"[[{at[-1]}]]"), here
                seen += walk(inner, here)
        return seen

    assert walk(tomllib.loads(text), ()) > 0


def test_a_misspelt_drift_key_names_line_suggestion_and_valid_keys(tmp_path: Path) -> None:
    message = error(tmp_path, '# spec\n[drift]\ndefault_schema = "public"\n'
                              'default_priorty = "should"\n')
    assert message == ("4: unknown key 'default_priorty' in [drift]; did you mean "
                       "'default_priority'? (valid: close_compat_views, compare_privileges, "
                       "default_priority, default_schema, extra_sql, ignore_schemas, "
                       "ignore_tables, schemas)")


def test_a_misspelt_array_table_names_its_header_line(tmp_path: Path) -> None:
    message = error(tmp_path, '[drift]\ndefault_priority = "must"\n\n[[rename]]\n'
                              'from = "a"\nto = "b"\n')
    assert message.startswith("4: unknown table [[rename]]; did you mean [[renames]]? (valid: "
                              "[drift], [[approve_drop]], [[backfills]], [[invariants]], "
                              "[[legacy]], [[priorities]], [[renames]])")


def test_an_unknown_table_far_from_every_name_gets_no_suggestion(tmp_path: Path) -> None:
    message = error(tmp_path, '[[renames]]\nfrom = "a"\nto = "b"\n[zzz]\nq = 1\n')
    assert message.startswith("4: unknown table [zzz] (valid: [drift], ")


def test_a_drift_key_outside_drift_says_where_it_belongs(tmp_path: Path) -> None:
    message = error(tmp_path, 'default_priority = "should"\n[[renames]]\nfrom = "a"\nto = "b"\n')
    assert message == ("1: key 'default_priority' belongs in the [drift] table: "
                       "write it below a [drift] line")


@pytest.mark.parametrize("table", sorted(t for t in KEYS if t != "drift"))
def test_a_misspelt_key_in_each_array_table_is_rejected_at_its_line(tmp_path: Path,
                                                                    table: str) -> None:
    valid = sorted(KEYS[table])
    typo = "tabel"
    message = error(tmp_path, f'[[{table}]]\ntable = "t"\n\n[[{table}]]\n{typo} = "t"\n')
    assert message == (f"5: unknown key 'tabel' in {table}[1]; did you mean 'table'? "
                       f"(valid: {', '.join(valid)})")


@pytest.mark.parametrize(("text", "expected"), [
    ('[[renames]]\nfrom = "a"\nto = "b"\npriority = 3\n',
     "4: renames[0]: priority must be must, should or defer, got 3"),
    ('[[renames]]\nfrom = "a"\nto = "b"\ncompat_view = "yes"\n',
     "4: renames[0]: compat_view must be a boolean (true or false), got string 'yes'"),
    ('[drift]\nignore_tables = "x"\n',
     "2: [drift]: ignore_tables must be a list of strings (e.g. ignore_tables = [\"a\", \"b\"]), "
     "got string 'x'"),
    ('[drift]\nextra_sql = ["a.sql", 2]\n',
     "2: [drift]: extra_sql must be a list of strings (e.g. extra_sql = [\"a\", \"b\"]), "
     "got array ['a.sql', 2]"),
    ('[[renames]]\nkind = "column"\ntable = "t"\nfrom = 5\nto = "b"\n',
     "4: renames[0]: from must be a string, got integer 5"),
    ('[drift]\ndefault_priority = "high"\n',
     "2: [drift]: priority must be must, should or defer, got 'high'"),
    ('[[priorities]]\ntable = "t"\npriority = true\n',
     "3: priorities[0]: priority must be must, should or defer, got True"),
    ('[[invariants]]\nname = "n"\ntable = "t"\ncheck = { sql = "x" }\n',
     "4: invariants[0]: check must be a string, got table"),
    ('[[approve_drop]]\ntable = "t"\ncolumn = 1979-05-27\n',
     "3: approve_drop[0]: column must be a string, got date-time datetime.date(1979, 5, 27)"),
])
def test_values_of_the_wrong_kind_are_rejected_at_their_line(tmp_path: Path, text: str,
                                                             expected: str) -> None:
    assert error(tmp_path, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ('[renames]\nfrom = "a"\n', "1: renames must be an array of tables, written [[renames]] "
                                "above each entry"),
    ('renames = ["a"]\n', "1: renames[0] must be a table, written [[renames]]"),
    ('drift = 1\n', "1: drift must be a table, written [drift]"),
])
def test_tables_of_the_wrong_shape_are_rejected(tmp_path: Path, text: str, expected: str) -> None:
    assert error(tmp_path, text) == expected


def test_a_missing_key_names_the_line_of_its_entry(tmp_path: Path) -> None:
    text = '[[legacy]]\ntable = "t"\nname = "n"\n\n[[legacy]]\ntable = "t"\n'
    assert error(tmp_path, text) == "5: legacy[1]: missing key 'name'"


def test_rename_keys_that_do_not_fit_the_kind(tmp_path: Path) -> None:
    column = '[[renames]]\ntable = "t"\nfrom = "a"\nto = "b"\ncompat_view = true\n'
    assert error(tmp_path, column) == "5: renames[0]: compat_view is for table renames only"
    table = '[[renames]]\nkind = "table"\ntable = "t"\nfrom = "a"\nto = "b"\n'
    assert error(tmp_path, table) == ("3: renames[0]: a table rename names its tables in from "
                                      "and to; table is for column renames")


def test_lines_are_right_after_multiline_strings_arrays_and_comments(tmp_path: Path) -> None:
    text = ('[drift]\nignore_tables = [\n  "a",  # not = a key\n  "b",\n]\n'
            '[[backfills]]\ntable = "t"\ncolumn = "c"\nsql = """\nresaon = 1\n[[x]]\n"""\n'
            "reason = '''\ntext'''\n"
            '"resaon" = "quoted key"\n')
    assert error(tmp_path, text) == ("15: unknown key 'resaon' in backfills[0]; did you mean "
                                     "'reason'? (valid: column, reason, sql, table)")


def test_dotted_and_inline_keys_are_located(tmp_path: Path) -> None:
    dotted = '# top\ndrift.default_priorty = "must"\n[[renames]]\nfrom = "a"\nto = "b"\n'
    assert error(tmp_path, dotted).startswith("2: unknown key 'default_priorty' in [drift]")
    in_entry = '[[renames]]\nfrom = "a"\nto = "b"\n\ndrift.default_priority = "must"\n'
    assert error(tmp_path, in_entry).startswith("5: unknown key 'drift' in renames[0]")
    inline = '# inline tables\nrenames = [\n  { from = "a", to = "b", priorty = "must" },\n]\n'
    # no header of its own: the line of the key that holds it
    assert error(tmp_path, inline).startswith("2: unknown key 'priorty' in renames[0]; "
                                              "did you mean 'priority'?")


def test_a_valid_spec_still_parses_to_the_same_values(tmp_path: Path) -> None:
    path = tmp_path / "drift.toml"
    path.write_text('[drift]\ndefault_priority = "should"\nignore_tables = ["x"]\n'
                    '[[renames]]\nfrom = "a"\nto = "b"\ncompat_view = true\n'
                    '[[renames]]\ntable = "b"\nfrom = "c"\nto = "d"\npriority = "defer"\n'
                    '[[priorities]]\ntable = "b"\nobject = "ix"\npriority = "must"\n')
    spec = load_spec(path)
    assert spec.default_priority is Priority.SHOULD
    assert spec.ignore_tables == frozenset({"x"})
    assert [(r.kind, r.old, r.new, r.priority, r.compat_view) for r in spec.renames] == [
        ("table", "a", "b", Priority.SHOULD, True), ("column", "c", "d", Priority.DEFER, False)]
    assert spec.object_priority == {("public", "b", "ix"): Priority.MUST}


def test_the_readme_example_is_a_valid_drift_toml(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = readme.split("### drift.toml", 1)[1].split("```toml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "drift.toml"
    path.write_text(example, encoding="utf-8")
    spec = load_spec(path)
    assert spec.renames and spec.legacy and spec.backfills and spec.invariants


@pytest.mark.parametrize(("text", "expected"), [
    ('[drift]\nschemas = "app"\n',
     "2: [drift]: schemas must be a list of strings (e.g. schemas = [\"a\", \"b\"]), "
     "got string 'app'"),
    ('[drift]\ndefault_schema = "app"\nschemas = []\n',
     "3: [drift]: schemas must name at least one schema (leave it out to compare every "
     "schema)"),
    ('[drift]\nignore_schemas = ["etl", 3]\n',
     "2: [drift]: ignore_schemas must be a list of strings (e.g. ignore_schemas = [\"a\", "
     "\"b\"]), got array ['etl', 3]"),
    ('[drift]\nignore_schema = ["etl"]\n',
     "2: unknown key 'ignore_schema' in [drift]; did you mean 'ignore_schemas'? (valid: "
     "close_compat_views, compare_privileges, default_priority, default_schema, extra_sql, "
     "ignore_schemas, ignore_tables, schemas)"),
    ('[[approve_drop]]\nschema = "legacy"\ntable = "t"\n',
     "2: approve_drop[0]: schema approves dropping a whole schema; name a table or a schema, "
     "not both"),
    ('[drift]\ncompare_privileges = "yes"\n',
     "2: [drift]: compare_privileges must be a boolean (true or false), got string 'yes'"),
    ('[[approve_drop]]\nschema = 1\n',
     "2: approve_drop[0]: schema must be a string, got integer 1"),
])
def test_schema_scope_keys_are_checked(tmp_path: Path, text: str, expected: str) -> None:
    assert error(tmp_path, text) == expected


def test_schema_scope(tmp_path: Path) -> None:
    path = tmp_path / "drift.toml"
    path.write_text('[drift]\nschemas = ["public", "app", "etl"]\nignore_schemas = ["etl"]\n\n'
                    '[[approve_drop]]\nschema = "legacy"\n', encoding="utf-8")
    spec = load_spec(path)
    assert [s for s in ("public", "app", "etl", "other") if spec.in_scope(s)] == ["public", "app"]
    assert spec.scope(None, ["app", "etl", "other", "public"]) == ("app", "public")
    assert spec.scope(("etl", "app"), ["app", "etl", "public"]) == ("app",)  # --schema too
    assert spec.approved_schema_drops == frozenset({"legacy"})
    assert load_spec(None).scope(None, ["app", "public"]) is None  # nothing restricts
