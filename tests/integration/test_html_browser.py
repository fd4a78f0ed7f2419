"""The HTML report in a real browser: headless Chromium, where it is installed.

For the reports with 0, 22 (the NFT demo's) and 500 findings, at 1400 and 800 px:
no horizontal overflow, and the inline script's filters, search and sorting work.
A probe script appended to a copy of the page runs after the report's own script,
drives the controls as a reviewer would and writes what it saw into the DOM, which
`--dump-dom` hands back. Screenshots are taken of the demo report at both widths.
No timing is asserted: the machine is shared.
"""

from __future__ import annotations

import json
import os
import re
import struct
import subprocess
from pathlib import Path
from typing import Any

import pytest

from drift.report import html
from tests.ci_reports import nft_report, synthetic_report

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed")

PROBE = """<script>
(function () {
  var out = {};
  var root = document.documentElement;
  out.scrollWidth = root.scrollWidth;
  out.innerWidth = window.innerWidth;
  out.height = root.scrollHeight;
  function visible() {
    return Array.prototype.filter.call(document.querySelectorAll("tr.finding"),
      function (r) { return getComputedStyle(r).display !== "none"; }).length;
  }
  out.rows = visible();
  var form = document.getElementById("filters");
  out.formShown = !!form && !form.hidden;
  if (form) {
    var p = document.getElementById("filter-priority");
    p.value = "should"; p.dispatchEvent(new Event("change", {bubbles: true}));
    out.should = visible();
    p.value = ""; p.dispatchEvent(new Event("change", {bubbles: true}));
    var c = document.getElementById("filter-category");
    c.value = "data_blocker"; c.dispatchEvent(new Event("change", {bubbles: true}));
    out.blockers = visible();
    c.value = ""; c.dispatchEvent(new Event("change", {bubbles: true}));
    var t = document.getElementById("filter-table");
    t.value = "public.nft_instances"; t.dispatchEvent(new Event("change", {bubbles: true}));
    out.nftInstances = visible();
    t.value = ""; t.dispatchEvent(new Event("change", {bubbles: true}));
    var s = document.getElementById("filter-text");
    s.value = "DR311"; s.dispatchEvent(new Event("input", {bubbles: true}));
    out.search = visible();
    out.shownText = document.getElementById("shown-count").textContent;
    s.value = ""; s.dispatchEvent(new Event("input", {bubbles: true}));
    out.after = visible();
    var head = document.querySelectorAll("#findings-table thead th");
    head[1].click();
    out.sortedCodes = Array.prototype.map.call(document.querySelectorAll("tr.finding"),
      function (r) { return r.getAttribute("data-code"); });
  }
  var pre = document.createElement("pre");
  pre.id = "probe";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>
</body>"""


def chromium(tmp_path: Path, *args: str) -> str:
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    run = subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", f"--user-data-dir={profile}", *args],
        capture_output=True, text=True, timeout=180, check=False,
        env={**os.environ, "HOME": str(tmp_path)})
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stdout


def probe(tmp_path: Path, report: dict[str, Any], width: int) -> dict[str, Any]:
    page = html.render(report)
    assert page.count("</body>") == 1
    path = tmp_path / f"probe-{width}.html"
    path.write_text(page.replace("</body>", PROBE), encoding="utf-8")
    dom = chromium(tmp_path, f"--window-size={width},900", "--dump-dom", path.as_uri())
    found = re.search(r'<pre id="probe">(.*?)</pre>', dom, re.S)
    assert found, dom[-2000:]
    return dict(json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&")))


def count(report: dict[str, Any], **match: str) -> int:
    return sum(1 for f in report["findings"]
               if all(f[k] == v for k, v in match.items()))


@pytest.mark.parametrize("width", [1400, 800])
@pytest.mark.parametrize("n", [0, 22, 500])
def test_no_overflow_and_the_filters_work(tmp_path: Path, n: int, width: int) -> None:
    report = nft_report() if n == 22 else synthetic_report(n)
    seen = probe(tmp_path, report, width)
    assert seen["innerWidth"] == width
    assert seen["scrollWidth"] <= seen["innerWidth"], seen
    assert seen["rows"] == n
    if not n:
        assert not seen["formShown"]
        return
    assert seen["formShown"]
    assert seen["should"] == count(report, priority="should") > 0
    assert seen["blockers"] == count(report, category="data_blocker") > 0
    assert seen["search"] == sum(1 for f in report["findings"]
                                 if "DR311" in f["code"] + f["message"]) > 0
    assert seen["shownText"] == f"{seen['search']} of {n}"
    assert seen["after"] == n
    assert seen["sortedCodes"] == sorted(f["code"] for f in report["findings"])
    if n == 22:
        assert seen["nftInstances"] == count(report, table="nft_instances") > 0


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.parametrize("width", [1400, 800])
def test_screenshots_of_the_demo_report(tmp_path: Path, width: int) -> None:
    page = tmp_path / "report.html"
    page.write_text(html.render(nft_report()), encoding="utf-8")
    shot = tmp_path / f"report-{width}.png"
    chromium(tmp_path, f"--window-size={width},1400", f"--screenshot={shot}", page.as_uri())
    assert png_size(shot) == (width, 1400)
    assert shot.stat().st_size > 20_000  # a page drawn, not a blank canvas
