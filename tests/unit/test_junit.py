"""JUnit output: one test case per table plus one for schema-level objects, failed when a
finding at or above --fail-on is not accepted by a baseline; valid against the Jenkins
xUnit junit-10.xsd and the stricter Ant JUnit.xsd (both vendored in tests/schemas/)."""

from __future__ import annotations

import copy
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from drift.report import junit
from tests.ci_reports import SCHEMAS, nft_report, synthetic_report

xmlschema = pytest.importorskip("xmlschema")
NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


@pytest.fixture(scope="module", params=["junit-10.xsd", "JUnit.xsd"])
def xsd(request: pytest.FixtureRequest) -> Any:
    return xmlschema.XMLSchema(str(SCHEMAS / request.param))


def _write(report: dict[str, Any], tmp_path: Path) -> Path:
    path = tmp_path / "junit.xml"
    junit.write(junit.build(report, now=NOW, hostname="ci-runner"), path)
    return path


def _cases(path: Path) -> dict[str, ET.Element]:
    return {c.get("name", ""): c for c in ET.parse(path).getroot().iter("testcase")}


def test_demo_report_validates(xsd: Any, tmp_path: Path) -> None:
    path = _write(nft_report(), tmp_path)
    xsd.validate(str(path))  # raises with the position of the first violation
    cases = _cases(path)
    report = nft_report()
    assert list(cases) == [f"public.{r['table']}" for r in report["matrix"]] + [
        "schema-level objects"]
    failed = {name for name, c in cases.items() if c.find("failure") is not None}
    assert failed == {"public.bingo_cells", "public.nft_instances", "public.prize_draw_results"}
    root = ET.parse(path).getroot()
    suite = root.find("testsuite")
    assert suite is not None
    assert suite.get("tests") == str(len(cases)) and suite.get("failures") == "3"
    failure = cases["public.nft_instances"].find("failure")
    assert failure is not None
    message = failure.get("message", "")
    assert message.startswith("5 finding(s) at or above must (live table: "
                              "public.user_nft_ownership): DR112, DR121, DR201, DR401")
    body = failure.text or ""
    assert "DR401 uq_nft_instances_unique_nft_id: 3 duplicate groups (7 rows)" in body
    assert "samples: unique_nft_id=NFT003-bbee2789599d" in body
    # should-findings of nft_definitions do not fail it at fail-on must; they are listed
    assert cases["public.nft_definitions"].find("failure") is None
    out = root.find("testsuite/system-out")
    assert out is not None and "should DR301 nfts" in (out.text or "")


def test_fail_on_should_fails_more_tables(xsd: Any, tmp_path: Path) -> None:
    report = nft_report()
    report["summary"]["fail_on"] = "should"
    path = _write(report, tmp_path)
    xsd.validate(str(path))
    failed = {n for n, c in _cases(path).items() if c.find("failure") is not None}
    assert "public.nft_definitions" in failed and "public.users" not in failed


def test_baselined_findings_do_not_fail(tmp_path: Path) -> None:
    report = nft_report()
    for f in report["findings"]:
        f["baseline"] = {"state": "baselined" if f["table"] == "bingo_cells" else "new"}
    failed = {n for n, c in _cases(_write(report, tmp_path)).items()
              if c.find("failure") is not None}
    assert failed == {"public.nft_instances", "public.prize_draw_results"}


def test_schema_level_findings_and_hostile_text(xsd: Any, tmp_path: Path) -> None:
    report = nft_report()
    f = copy.deepcopy(report["findings"][0])
    f.update(code="DR131", category="missing_object", table="", object="fn_<x>&\"y\"",
             message="function fn_<x>&\"y\" missing \x01\x1b]0;title\x07 ]]> end")
    report["findings"].append(f)
    extra = copy.deepcopy(report["findings"][0])
    extra.update(table="not_in_target")  # a table only the findings name
    report["findings"].append(extra)
    path = _write(report, tmp_path)
    xsd.validate(str(path))
    cases = _cases(path)
    failure = cases["schema-level objects"].find("failure")
    assert failure is not None and 'fn_<x>&"y" missing ]0;title ]]> end' in (failure.text or "")
    assert "public.not_in_target" in cases


def test_thousands_of_findings_validate(xsd: Any, tmp_path: Path) -> None:
    path = _write(synthetic_report(3000), tmp_path)
    xsd.validate(str(path))
    assert len(_cases(path)) == 301  # 300 tables + schema-level


def test_broken_documents_are_rejected(xsd: Any, tmp_path: Path) -> None:
    """The schemas have teeth: a case without a name, or a failing count that is not a
    number, is refused."""
    path = _write(nft_report(), tmp_path)
    tree = ET.parse(path)
    case = tree.getroot().find("testsuite/testcase")
    assert case is not None
    del case.attrib["name"]
    tree.write(path)
    assert not xsd.is_valid(str(path))
