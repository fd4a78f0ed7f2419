"""`drift check --sarif/--junit/--markdown/--baseline` on a real database (the NFT demo's
legacy database): every CI output valid against its published schema, built from the
same report as the JSON, and free of secrets."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner, Result

from drift.cli import main
from drift.demo import legacy_sql_path
from drift.report.json_report import json_schema
from drift.report.markdown import text
from drift.sources.sql import apply_sql
from tests.ci_reports import ROOT, SCHEMAS

pytestmark = pytest.mark.integration
NFT = ROOT / "expected_schema" / "nft_instances"


@pytest.fixture
def legacy(new_db: str) -> str:
    apply_sql(new_db, legacy_sql_path())
    return new_db


def check(url: str, pg_server: str, *args: str) -> Result:
    return CliRunner().invoke(main, ["check", "--expected", str(NFT), "--db", url,
                                     "--scratch-url", pg_server, "-q", *args])


def _sarif_validator() -> Any:
    schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def test_sarif_from_a_real_check(legacy: str, pg_server: str, tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    out = check(legacy, pg_server, "--json", str(tmp_path / "r.json"),
                "--sarif", str(tmp_path / "r.sarif"))
    assert out.exit_code == 3, out.output
    assert f"report: {tmp_path / 'r.sarif'}" in out.output
    log = json.loads((tmp_path / "r.sarif").read_text())
    assert [e.message for e in _sarif_validator().iter_errors(log)] == []
    report = json.loads((tmp_path / "r.json").read_text())
    results = log["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == [f["code"] for f in report["findings"]]
    located = [r for r in results if "region" in r["locations"][0]["physicalLocation"]]
    assert len(located) == len(results) == 22  # every NFT finding's table is in schema.sql
    assert log["runs"][0]["properties"]["target"] == report["target"]["url"]


def test_junit_from_a_real_check(legacy: str, pg_server: str, tmp_path: Path) -> None:
    xmlschema = pytest.importorskip("xmlschema")
    import xml.etree.ElementTree as ET

    out = check(legacy, pg_server, "--junit", str(tmp_path / "r.xml"), "--fail-on", "should")
    assert out.exit_code == 3, out.output
    for xsd in ("junit-10.xsd", "JUnit.xsd"):
        xmlschema.XMLSchema(str(SCHEMAS / xsd)).validate(str(tmp_path / "r.xml"))
    cases = {c.get("name"): c.find("failure") is not None
             for c in ET.parse(tmp_path / "r.xml").getroot().iter("testcase")}
    assert cases == {"public.admins": False, "public.bingo_cards": False,
                     "public.bingo_cells": True, "public.nft_definitions": True,
                     "public.nft_instances": True, "public.nft_templates": False,
                     "public.prize_draw_results": True, "public.prize_draw_types": False,
                     "public.prize_draw_winning_numbers": False, "public.users": False,
                     "schema-level objects": False}


def test_markdown_from_a_real_check(legacy: str, pg_server: str, tmp_path: Path) -> None:
    env = {"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "acme/shop",
           "GITHUB_RUN_ID": "42"}
    out = CliRunner(env=env).invoke(main, [
        "check", "--expected", str(NFT), "--db", legacy, "--scratch-url", pg_server, "-q",
        "--html", str(tmp_path / "r.html"), "--markdown", str(tmp_path / "summary.md")])
    assert out.exit_code == 3, out.output
    md = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert md.startswith("## drift: ❌ DRIFT with data blockers\n")
    assert "### Data blockers: 5" in md and "`unique_nft_id=" in md
    html = str(tmp_path / "r.html")
    assert (f"Full report: [{text(html)}]({html}) (kept as an "
            "artifact of [this run](https://github.com/acme/shop/actions/runs/42))") in md
    assert len(md) < 65_000


def _json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _run(conn_url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(conn_url, autocommit=True) as conn:
        conn.execute(statement)


def test_baseline_round_trip(legacy: str, pg_server: str, tmp_path: Path) -> None:
    """Record, accept, grow a blocker, add a new finding, expire entries, fix one, prune."""
    bl = tmp_path / "drift-baseline.json"
    made = CliRunner().invoke(main, ["baseline", "--expected", str(NFT), "--db", legacy,
                                     "--scratch-url", pg_server, "-o", str(bl),
                                     "--reason", "legacy debt"])
    assert made.exit_code == 0, made.output
    assert made.output.strip() == (f"baseline: 22 entries (22 added, 0 kept, 0 dropped as "
                                   f"fixed) -> {bl}")
    data = _json(bl)
    assert len(data["entries"]) == 22 and all(e["reason"] == "legacy debt"
                                              for e in data["entries"])
    nulls = next(e for e in data["entries"] if e["code"] == "DR402")
    assert nulls["counts"] == {"null_rows": 22}
    assert "NFT003" not in bl.read_text()  # counts, never sample values

    # 1. today's findings are all accepted: the gate passes, outputs agree
    out = check(legacy, pg_server, "--baseline", str(bl), "--json", str(tmp_path / "a.json"),
                "--sarif", str(tmp_path / "a.sarif"), "--junit", str(tmp_path / "a.xml"))
    assert out.exit_code == 0, out.output
    report = _json(tmp_path / "a.json")
    assert {k: report["baseline"][k] for k in ("new", "baselined", "expired")} == {
        "new": 0, "baselined": 22, "expired": 0}
    assert report["baseline"]["fixed"] == [] and report["baseline"]["grown"] == []
    results = _json(tmp_path / "a.sarif")["runs"][0]["results"]
    assert all(r["baselineState"] == "unchanged" and r["suppressions"][0]["justification"]
               == "legacy debt" for r in results)
    assert "<failure" not in (tmp_path / "a.xml").read_text()
    assert "result: OK (fail-on must, exit 0)" in out.output

    # 2. a blocker grows (2 more NULL ownership_id rows) and a new must finding appears
    _run(legacy, "UPDATE prize_draw_results SET ownership_id = NULL WHERE id IN (SELECT id "
                 "FROM prize_draw_results WHERE ownership_id NOT IN (6, 11, 9001, 9002, 9003) "
                 "ORDER BY id LIMIT 2)")
    _run(legacy, "ALTER TABLE users DROP CONSTRAINT users_paymail_key")
    out = check(legacy, pg_server, "--baseline", str(bl), "--json", str(tmp_path / "b.json"),
                "--markdown", str(tmp_path / "b.md"))
    assert out.exit_code == 1, out.output  # the new DR112, not the accepted blockers
    report = _json(tmp_path / "b.json")
    assert list(jsonschema.Draft202012Validator(json_schema()).iter_errors(report)) == []
    new = [f for f in report["findings"] if f["baseline"]["state"] == "new"]
    assert [(f["code"], f["object"]) for f in new] == [("DR112", "users_paymail_key")]
    assert report["baseline"]["grown"] == [{
        "code": "DR402", "schema": "public", "table": "prize_draw_results",
        "object": "ownership_id", "columns": ["ownership_id"],
        "grown": {"null_rows": {"was": 22, "now": 24}}}]
    assert ("grown     DR402 public.prize_draw_results ownership_id: was 22 rows, now 24"
            in out.output)
    md = (tmp_path / "b.md").read_text()
    assert "**1 new** · 22 baselined" in md and "was 22 rows, now 24" in md
    assert "### Must fix: 1 finding(s)" in md

    # 3. expired entries count as new again
    data = _json(bl)
    for e in data["entries"]:
        if e["code"] == "DR401":
            e["expires"] = "2001-01-01"
        if e["code"] == "DR403":
            e["expires"] = "2999-12-31"
    bl.write_text(json.dumps(data), encoding="utf-8")
    out = check(legacy, pg_server, "--baseline", str(bl), "--json", str(tmp_path / "c.json"))
    assert out.exit_code == 3, out.output  # expired duplicates fail the gate again
    report = _json(tmp_path / "c.json")
    states = {(f["code"], f["object"]): f["baseline"]["state"] for f in report["findings"]}
    assert [k for k, v in states.items() if v == "expired"] == [
        ("DR401", "uq_nft_instances_blockchain_nft_id"),
        ("DR401", "uq_nft_instances_unique_nft_id"),
        ("DR401", "uq_prize_draw_result_instance")]
    assert states[("DR403", "fk_prize_draw_results_ownership")] == "baselined"
    assert report["baseline"]["expired"] == 3

    # 4. a fixed blocker is reported, and pruned by the next `drift baseline`
    _run(legacy, "DELETE FROM prize_draw_results WHERE ownership_id IN (9001, 9002, 9003)")
    out = check(legacy, pg_server, "--baseline", str(bl), "--json", str(tmp_path / "d.json"))
    fixed = _json(tmp_path / "d.json")["baseline"]["fixed"]
    assert [(e["code"], e["object"], e["reason"]) for e in fixed] == [
        ("DR403", "fk_prize_draw_results_ownership", "legacy debt")]
    assert "fixed     DR403 public.prize_draw_results fk_prize_draw_results_ownership" \
        in out.output
    made = CliRunner().invoke(main, ["baseline", "--expected", str(NFT), "--db", legacy,
                                     "--scratch-url", pg_server, "-o", str(bl)])
    assert made.exit_code == 0, made.output
    assert "(1 added, 21 kept, 1 dropped as fixed)" in made.output
    data = _json(bl)
    kept = {(e["code"], e["object"]): e for e in data["entries"]}
    assert kept[("DR401", "uq_nft_instances_unique_nft_id")]["expires"] == "2001-01-01"
    assert "reason" not in kept[("DR112", "users_paymail_key")]  # added now, no reason given
    assert kept[("DR402", "ownership_id")]["counts"] == {"null_rows": 24}


@pytest.mark.parametrize(("content", "expected"), [
    ("{not json", "b.json:1:2: invalid JSON: Expecting property name"),
    ('{"entries": [], "colour": 1}', "b.json: unknown key 'colour'"),
    ('{"entries": [{"code": "DR101", "schema": "public", "expires": "next week"}]}',
     "b.json: entries[0].expires: 'next week' is not a date (YYYY-MM-DD)"),
    ('{"entries": [{"code": "DR101"}]}', "b.json: entries[0].schema: required"),
    ('[]', 'b.json: not a drift baseline (no "entries" list)'),
])
def test_bad_baseline_is_one_line_before_any_check(tmp_path: Path, content: str,
                                                   expected: str) -> None:
    path = tmp_path / "b.json"
    path.write_text(content, encoding="utf-8")
    # the database is unreachable: the file is refused before drift connects
    out = CliRunner().invoke(main, ["check", "--expected", str(NFT), "--db",
                                    "postgresql://u@127.0.0.1:1/x", "--baseline", str(path)])
    assert out.exit_code == 2
    assert out.output.startswith("drift: error: ") and expected in out.output
    assert len(out.output.strip().splitlines()) == 1


@pytest.mark.parametrize(("system", "expected", "where"), [
    # an invariant is declared in drift.toml; a CHECK from extra.sql falls back to its model
    ("see_it_now", "expected_schema/see_it_now",
     {"DR501": ("expected_schema/see_it_now/drift.toml", 'name = "'),
      "DR121": ("expected_schema/see_it_now/schema.prisma", "model ProductAsset {")}),
    # a function and a trigger written as DDL inside models.py; a partial unique sa.Index
    ("marketplace", "expected_schema/marketplace/models.py",
     {"DR132": ("expected_schema/marketplace/models.py",
                "CREATE FUNCTION user_service.fn_users_create_related_rows()"),
      "DR131": ("expected_schema/marketplace/models.py",
                "CREATE TRIGGER trg_user_follows_update_counts"),
      "DR121": ("expected_schema/marketplace/models.py",
                'sa.Index("uq_wallet_links_one_primary_per_user"')}),
])
def test_sarif_locates_prisma_models_and_invariants(new_db: str, pg_server: str,
                                                   tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   system: str, expected: str,
                                                   where: dict[str, tuple[str, str]]) -> None:
    monkeypatch.chdir(ROOT)
    apply_sql(new_db, ROOT / "tests" / "fixtures" / system / "legacy.sql")
    out = CliRunner().invoke(main, ["check", "--expected", expected, "--db", new_db,
                                    "--scratch-url", pg_server, "-q",
                                    "--sarif", str(tmp_path / "r.sarif")])
    assert out.exit_code in (1, 3), out.output
    log = json.loads((tmp_path / "r.sarif").read_text())
    assert [e.message for e in _sarif_validator().iter_errors(log)] == []
    seen = set()
    for result in log["runs"][0]["results"]:
        if result["ruleId"] not in where:
            continue
        uri, text = where[result["ruleId"]]
        physical = result["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"]["uri"] == uri
        line = (ROOT / uri).read_text().splitlines()[physical["region"]["startLine"] - 1]
        assert text in line, (result["message"]["text"], line)
        if result["ruleId"] == "DR501":
            name = result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]
            assert f'name = "{name.split(".")[-1]}"' in line
        seen.add(result["ruleId"])
    assert seen == set(where)
