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
