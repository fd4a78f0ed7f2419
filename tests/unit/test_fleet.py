"""fleet.toml is small and strict; shards are stable; merge-reports refuses what it
cannot merge honestly. No database is contacted here (bad input stops drift first)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from drift.cli import main
from drift.errors import DriftInputError
from drift.fleet import build_report, fleet_schema, load_fleet, merge_reports, parse_shard, shard_of
from drift.report.fleet_html import render


def _fleet(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "fleet.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _error(path: Path) -> str:
    with pytest.raises(DriftInputError) as info:
        load_fleet(path)
    return str(info.value)


GOOD = '[fleet]\nname = "t"\n\n[[targets]]\nname = "a"\nurl = "postgresql://h/a"\n'


def test_a_good_fleet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _fleet(tmp_path, GOOD + '\n[[targets]]\nname = "b"\nurl_env = "B_URL"\n')
    fleet = load_fleet(path)
    assert fleet.name == "t" and [t.name for t in fleet.targets] == ["a", "b"]
    monkeypatch.setenv("B_URL", "postgresql://u:pw@h/b")
    assert fleet.targets[1].resolved() == "postgresql://u:pw@h/b"
    monkeypatch.delenv("B_URL")
    with pytest.raises(DriftInputError, match=r"fleet.toml:8: target b: environment "
                                              r"variable B_URL is not set"):
        fleet.targets[1].resolved()


@pytest.mark.parametrize(("text", "message"), [
    (GOOD + 'urll = "x"\n',
     "fleet.toml:7: unknown key 'urll' in targets[0]; did you mean 'url'? "
     "(valid: name, url, url_env)"),
    ('[[target]]\nname = "a"\n',
     "fleet.toml:1: unknown table [[target]]; did you mean [[targets]]?"),
    ('[fleet]\nnmae = "x"\n', "fleet.toml:2: unknown key 'nmae' in [fleet]; did you mean"),
    ('[fleet]\nname = "x"\n', "fleet.toml: no targets"),
    ('[[targets]]\nname = "a"\n', "fleet.toml:1: targets[0] (a): give exactly one of url"),
    ('[[targets]]\nname = "a"\nurl = "postgresql://h/a"\nurl_env = "A"\n',
     "fleet.toml:1: targets[0] (a): give exactly one of url and url_env"),
    ('[[targets]]\nurl = "postgresql://h/a"\n', "fleet.toml:1: targets[0]: missing key 'name'"),
    ('[[targets]]\nname = "../a"\nurl = "postgresql://h/a"\n',
     "fleet.toml:2: targets[0]: name '../a' must be"),
    (GOOD + '\n[[targets]]\nname = "a"\nurl = "postgresql://h/b"\n',
     "fleet.toml:9: targets[1]: name 'a' is already used by targets[0]"),
    ('[[targets]]\nname = "a"\nurl = "mysql://u:pw@h/a"\n',
     "fleet.toml:3: targets[0] (a): database URL must start with postgresql://, "
     "got 'mysql://u:***@h/a'"),
    ('[[targets]]\nname = "a"\nurl_env = "not a var"\n',
     "fleet.toml:3: targets[0]: url_env must name an environment variable"),
    ('[[targets]]\nname = 3\n', "fleet.toml:2: targets[0]: name must be a string, got integer"),
    ('[[targets]\n', "fleet.toml: invalid TOML"),
])
def test_bad_fleet_files(tmp_path: Path, text: str, message: str) -> None:
    error = _error(_fleet(tmp_path, text))
    assert error.replace(str(tmp_path) + "/", "").startswith(message), error
    assert "pw" not in error


def test_shards() -> None:
    assert parse_shard("2/3") == (2, 3) and parse_shard(" 1 / 1 ") == (1, 1)
    for bad in ("0/3", "4/3", "1/0", "a/b", "3"):
        with pytest.raises(ValueError):
            parse_shard(bad)
    assert shard_of("tenant-001", 3) == shard_of("tenant-001", 3)  # no per-run salt
    assert {shard_of(f"t{i}", 3) for i in range(30)} == {1, 2, 3}


def _row(name: str, status: str, exit_code: int, counts: dict[str, int],
         error: str | None = None) -> dict[str, Any]:
    return {"name": name, "target": {"url": f"postgresql://h/{name}"}, "status": status,
            "exit_code": exit_code, "total": sum(counts.values()),
            "data_blockers": counts.get("DR401", 0), "counts": counts, "error": error,
            "report": None if error else {"json": f"targets/{name}.json",
                                          "html": f"targets/{name}.html"}}


def _report(rows: list[dict[str, Any]], shard: tuple[int, int] | None,
            fingerprint: str = "f1") -> dict[str, Any]:
    return build_report(rows, name="t", expected={"source": "s", "spec": "(none)",
                                                  "fingerprint": fingerprint},
                        fail_on="must", timings_ms={"total": 1.0},
                        shards=[{"index": shard[0], "count": shard[1]}] if shard else [])


def test_matrix_order_and_exit_code() -> None:
    report = _report([_row("a", "clean", 0, {}), _row("b", "drift", 0, {"DR122": 1}),
                      _row("c", "blocked", 3, {"DR112": 1, "DR401": 1}),
                      _row("d", "drift", 1, {"DR102": 2})], None)
    assert [r["name"] for r in report["matrix"]] == ["c", "d", "b", "a"]
    validator = jsonschema.Draft202012Validator(fleet_schema())
    assert list(validator.iter_errors(report)) == []
    assert list(validator.iter_errors({**report, "extra": 1}))  # the schema can fail
    assert report["summary"] == {"targets": 4, "clean": 1, "drift": 2, "blocked": 1,
                                 "error": 0, "exit_code": 3}
    assert report["totals"]["DR102"] == {"databases": 1, "findings": 2}
    with_error = _report([*report["matrix"], _row("e", "error", 2, {}, "cannot connect")],
                         None)
    assert with_error["matrix"][0]["name"] == "e" and with_error["summary"]["exit_code"] == 2


def test_html_escapes_and_shows_the_matrix() -> None:
    report = _report([_row("a", "error", 2, {}, "<script>x</script>"),
                      _row("b", "drift", 1, {"DR102": 1})], None)
    html = render(report)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert '<th class="num" title="Column missing">DR102</th>' in html
    assert '<td class="num">1</td>' in html


def test_merge(tmp_path: Path) -> None:
    paths = []
    for i, rows in enumerate([[_row("a", "clean", 0, {})],
                              [_row("b", "drift", 1, {"DR102": 1})]], start=1):
        path = tmp_path / f"s{i}" / "fleet.json"
        path.parent.mkdir()
        path.write_text(json.dumps(_report(rows, (i, 2))))
        paths.append(path)
    merged = merge_reports(paths, tmp_path / "m" / "fleet.json")
    assert [r["name"] for r in merged["matrix"]] == ["b", "a"]
    assert merged["matrix"][0]["report"]["json"] == "../s2/targets/b.json"
    assert merged["shards"] == [] and merged["summary"]["exit_code"] == 1
    with pytest.raises(DriftInputError, match="shard 2/2 is missing"):
        merge_reports(paths[:1], tmp_path / "m.json")
    with pytest.raises(DriftInputError, match="shard 1/2 is given twice"):
        merge_reports([paths[0], paths[0]], tmp_path / "m.json")
    other = tmp_path / "other.json"
    other.write_text(json.dumps(_report([_row("c", "clean", 0, {})], (2, 2), "f2")))
    with pytest.raises(DriftInputError, match="another expected schema"):
        merge_reports([paths[0], other], tmp_path / "m.json")
    twice = tmp_path / "twice.json"
    twice.write_text(json.dumps(_report([_row("a", "clean", 0, {})], (2, 2))))
    with pytest.raises(DriftInputError, match="target a is also in"):
        merge_reports([paths[0], twice], tmp_path / "m.json")
    bad = tmp_path / "bad.json"
    bad.write_text('{"kind": "drift-fleet",\n')
    with pytest.raises(DriftInputError, match=r"bad.json:2:1: invalid JSON"):
        merge_reports([bad], tmp_path / "m.json")
    single = tmp_path / "single.json"
    single.write_text('{"tool": "drift", "findings": []}')
    with pytest.raises(DriftInputError, match="not a drift fleet report"):
        merge_reports([single], tmp_path / "m.json")


def _cli(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


def test_cli_bad_input_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = tmp_path / "schema.sql"
    expected.write_text("CREATE TABLE t (id int);\n")
    monkeypatch.delenv("DATABASE_URL", raising=False)
    bad = _fleet(tmp_path, '[[targets]]\nname = "a"\nurl_env = "NOPE_UNSET_VAR"\n')
    monkeypatch.delenv("NOPE_UNSET_VAR", raising=False)
    cases = [
        (["--targets", str(bad)], "environment variable NOPE_UNSET_VAR is not set"),
        (["--targets", str(tmp_path / "missing.toml")], "no such file"),
        (["--db", "postgresql://h/a", "--out-dir", str(tmp_path)], "--out-dir applies to a fleet"),
        (["--db", "postgresql://h/a", "--db", "postgresql://h/b", "--sarif",
          str(tmp_path / "x.sarif")], "--sarif applies to one database"),
        (["--db", "postgresql://h/a", "--db", "postgresql://h2/a"], "also named 'a'"),
        (["--targets", str(bad), "--shard", "4/3"], "--shard: '4/3': i must be between"),
    ]
    for args, message in cases:
        result = _cli("check", "--expected", str(expected), *args)
        assert result.exit_code == 2, (args, result.output)
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and message in lines[0], (args, result.output)


def test_merge_reports_options_have_help() -> None:
    cmd = main.commands["merge-reports"]
    assert all(p.help for p in cmd.params if hasattr(p, "help") and p.name != "reports")
    assert all(p.help for p in main.commands["check"].params if hasattr(p, "help")
               and p.param_type_name == "option")


def test_links_follow_the_report_file(tmp_path: Path) -> None:
    """--json/--html elsewhere than --out-dir: links still reach each database's report."""
    from drift.fleet import relinked

    report = _report([_row("a", "drift", 1, {"DR102": 1}), _row("b", "error", 2, {}, "x")],
                     None)
    same = relinked(report, tmp_path / "out", tmp_path / "out" / "fleet.json")
    assert [r["name"] for r in same["matrix"]] == ["b", "a"]  # the error row first
    assert same["matrix"][1]["report"] == {"json": "targets/a.json", "html": "targets/a.html"}
    moved = relinked(report, tmp_path / "out", tmp_path / "site" / "x" / "f.html")
    assert moved["matrix"][1]["report"]["html"] == "../../out/targets/a.html"
    assert moved["matrix"][0]["report"] is None
