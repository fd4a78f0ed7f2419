"""The HTML report: self-contained, escaped everywhere, and its counts and links right.

The page opens on one table, a row per finding, whose details expand in place; the
filters and sorting are one inline script, and without it the page shows everything.

The report dict is built by hand, with names chosen to break naive HTML: a table
called `<script>alert(1)</script>`, a column with doubled quotes, a message with `&`.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from drift.findings import CODES
from drift.report import html
from tests.ci_reports import nft_report, synthetic_report

HOSTILE_TABLE = "<script>alert(1)</script>"
HOSTILE_COLUMN = '"weird ""quoted"" name"'
HOSTILE_MESSAGE = 'rows of a & b say "yes" and \'no\' <b>loudly</b>'
VOID = {"meta", "br", "hr", "img", "input", "link", "col", "wbr", "source", "area", "base"}


def finding(code: str, priority: str, table: str, message: str, *,
            evidence: dict[str, Any] | None = None, columns: tuple[str, ...] = (),
            obj: str | None = None, sql: tuple[str, ...] = (),
            hazards: tuple[str, ...] = (), phases: tuple[str, ...] = ()) -> dict[str, Any]:
    info = CODES[code]
    return {"code": code, "category": info.category.value, "priority": priority,
            "severity": info.severity.value, "schema": "public", "table": table,
            "object": obj, "columns": list(columns), "message": message,
            "evidence": evidence or {},
            "fix": {"phase": phases[0] if phases else None, "phases": list(phases),
                    "sql": list(sql), "hazards": list(hazards)}}


def hostile_report() -> dict[str, Any]:
    findings = [
        finding("DR112", "must", HOSTILE_TABLE, HOSTILE_MESSAGE, obj="uq_<i>x</i>",
                columns=(HOSTILE_COLUMN,), evidence={"definition": 'UNIQUE ("a&b")'},
                sql=('CREATE UNIQUE INDEX CONCURRENTLY "</pre><script>x</script>" ON t (a)',),
                hazards=("access_exclusive_lock", "data_dependent"),
                phases=("expand", "switch")),
        finding("DR401", "must", HOSTILE_TABLE, "3 duplicate groups & more",
                columns=(HOSTILE_COLUMN,),
                evidence={"kind": "duplicates", "duplicate_groups": 3, "duplicate_rows": 7,
                          "samples": [{"key": {HOSTILE_COLUMN: "<img src=x>"}, "count": 4},
                                      {"key": {HOSTILE_COLUMN: None}, "count": 3}],
                          "query": "SELECT 1 WHERE 2 > 1"},
                sql=("DO $drift_guard$ BEGIN END $drift_guard$",), phases=("expand",)),
        finding("DR402", "should", "orders", "NULLs", columns=("customer_id",),
                evidence={"kind": "nulls", "null_rows": 12, "backfill_declared": False,
                          "samples": [{"key": {"id": 4}, "count": 1},
                                      {"key": {"id": 8}, "count": 1}]},
                phases=("backfill",), sql=("DO $g$ BEGIN END $g$",)),
        finding("DR405", "should", "orders", "could not check: column \"x\" does not exist",
                evidence={"kind": "check_violations", "error": 'column "x" <does not> exist',
                          "query": "SELECT 1"}),
        finding("DR311", "should", "orders", "constraint a should be named b", obj="b",
                evidence={"from": "a", "to": "b"}, sql=("ALTER TABLE ...",),
                hazards=("access_exclusive_lock",), phases=("rename",)),
        finding("DR221", "defer", "legacy & old", "table kept until approved",
                evidence={"estimated_rows": 10, "drop_approved": False}),
    ]
    return {
        "tool": "drift", "version": "0.1.0", "schema_version": 1,
        "target": {"url": "postgresql://app:***@db.internal:5432/shop?x=<y>",
                   "host": "db.internal", "port": 5432, "database": "shop", "user": "app"},
        "expected": {"source": "expected/<schema>.sql", "spec": "(none)"},
        "summary": {"total": len(findings), "exit_code": 3, "fail_on": "must",
                    "data_blockers": 3,
                    "by_category": {}, "by_priority": {"must": 2, "should": 3, "defer": 1},
                    "by_phase": {"expand": 2, "backfill": 1, "switch": 0, "rename": 1,
                                 "cleanup": 0}},
        "timings_ms": {"inspect": 1.5},
        "findings": findings,
    }


class Page(HTMLParser):
    """The parts of the page the tests look at: tags, ids, links, table rows, text."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ids: list[str] = []
        self.stack: list[str] = []
        self.unbalanced: list[str] = []
        self.rows: dict[str, list[str]] = {}
        self.text: list[str] = []
        self._row: str | None = None
        self.feed(source)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if attributes.get("id"):
            self.ids.append(str(attributes["id"]))
        if tag == "tr" and attributes.get("data-category"):
            self._row = str(attributes["data-category"])
            self.rows[self._row] = []
        if tag in ("td", "th") and self._row is not None:
            self.rows[self._row].append("")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "tr":
            self._row = None
        if not self.stack or self.stack.pop() != tag:
            self.unbalanced.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._row is not None and self.rows[self._row]:
            self.rows[self._row][-1] += data.strip()

    def attr(self, name: str) -> list[str]:
        return [str(a[name]) for _, a in self.tags if a.get(name) is not None]


@pytest.fixture(scope="module")
def output() -> str:
    return html.render(hostile_report())


@pytest.fixture(scope="module")
def page(output: str) -> Page:
    return Page(output)


def test_one_inline_script_and_the_page_works_without_it(output: str, page: Page) -> None:
    scripts = [a for t, a in page.tags if t == "script"]
    assert len(scripts) == 1 and scripts[0] == {}  # inline: no src, no type, no module
    assert "javascript:" not in output.lower()
    script = output[output.index("<script>"):output.index("</script>")]
    for call in ("fetch", "XMLHttpRequest", "import(", "eval(", "innerHTML", "location"):
        assert call not in script
    # without the script: the filters stay hidden, and no finding row is
    form = [a for t, a in page.tags if t == "form"]
    assert len(form) == 1 and "hidden" in form[0]
    rows = [a for t, a in page.tags if t == "tr" and a.get("class") == "finding"]
    assert rows and not [a for a in rows if "hidden" in a]
    # details expand in place, by HTML alone
    assert output.count("<details>") == len(rows)


def test_no_external_assets(output: str, page: Page) -> None:
    assert "http://" not in output and "https://" not in output
    assert "//" not in " ".join(page.attr("href") + page.attr("src"))
    assert page.attr("src") == []
    assert all(h.startswith("#") for h in page.attr("href"))
    assert not [t for t, _ in page.tags if t in ("link", "img", "iframe", "object", "embed")]
    assert "url(" not in output and "@import" not in output and "@font-face" not in output


def test_hostile_names_are_escaped(output: str, page: Page) -> None:
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in output
    assert "&#34;weird &#34;&#34;quoted&#34;&#34; name&#34;" in output
    assert "a &amp; b say &#34;yes&#34; and &#39;no&#39; &lt;b&gt;loudly&lt;/b&gt;" in output
    assert "&lt;img src=x&gt;" in output
    assert "&lt;/pre&gt;&lt;script&gt;x&lt;/script&gt;" in output
    assert "legacy &amp; old" in output
    text = "".join(page.text)
    assert HOSTILE_TABLE in text and HOSTILE_COLUMN in text and HOSTILE_MESSAGE in text
    assert not [t for t, _ in page.tags if t in ("b", "i", "img")]


def test_markup_is_balanced(page: Page) -> None:
    assert page.unbalanced == [] and page.stack == []


def test_every_finding_links_to_its_code_doc(page: Page) -> None:
    articles = [a for t, a in page.tags if t == "tr" and a.get("class") == "finding"]
    assert len(articles) == len(hostile_report()["findings"])
    code_links = [h for h in page.attr("href") if h.startswith("#code-")]
    used = {f["code"] for f in hostile_report()["findings"]}
    assert {h.removeprefix("#code-") for h in code_links} == used
    assert len(code_links) == len(articles)
    for code in used:
        assert page.ids.count(f"code-{code}") == 1


def test_every_anchor_exists_and_ids_are_unique(page: Page) -> None:
    assert len(page.ids) == len(set(page.ids))
    assert {h[1:] for h in page.attr("href")} <= set(page.ids)


def test_summary_chart_counts(page: Page) -> None:
    labels = [str(a["aria-label"]) for t, a in page.tags if t == "svg"]
    assert labels[:2] == ["must: 2", "should: 3"][:2]
    assert "defer: 1" in labels
    assert {"missing_constraint: 1", "data_blocker: 3", "naming_drift: 1",
            "unexpected_table: 1"} <= set(labels)
    assert not [x for x in labels if x.startswith("missing_table")]  # empty ones left out
    widths = {str(a.get("class")): str(a["width"]) for t, a in page.tags if t == "rect"}
    assert widths["c-data_blocker"] == "100.0%" and widths["c-naming_drift"] == "33.3%"
    assert page.ids.count("data-blockers") == 1


def test_verdict_and_blocker_evidence(output: str) -> None:
    assert "DRIFT with data blockers" in output
    assert 'id="data-blockers">3<' in output
    assert "<strong>3</strong> duplicate groups, <strong>7</strong> duplicate rows" in output
    assert '<span class="null">NULL</span>' in output  # a NULL key in the samples
    assert "<strong>12</strong> null rows" in output
    assert output.count('class="samples"') == 2  # DR401 and DR402 have samples
    # DR401's groups have row counts; DR402's samples are one row each: no count column
    assert output.count('<th class="num">rows</th>') == 1
    dr401, dr402 = (t[:t.index("</table>")] for t in output.split('class="samples"')[1:])
    assert '<td class="num">4</td>' in dr401 and '<td class="num">3</td>' in dr401
    assert "<code>4</code>" in dr402 and 'class="num"' not in dr402
    assert "column &#34;x&#34; &lt;does not&gt; exist" in output  # DR405's error
    assert "no automatic fix" in output  # DR221 and DR405 plan nothing


def finding_rows(page: Page) -> list[dict[str, str | None]]:
    return [a for t, a in page.tags if t == "tr" and a.get("class") == "finding"]


def test_rows_carry_the_filter_data(page: Page) -> None:
    rows = finding_rows(page)
    report = hostile_report()
    assert [r["data-code"] for r in rows] == [f["code"] for f in report["findings"]]
    assert [r["data-priority"] for r in rows] == [f["priority"] for f in report["findings"]]
    assert [r["data-category"] for r in rows] == [f["category"] for f in report["findings"]]
    assert {r["data-table"] for r in rows} == {f"public.{HOSTILE_TABLE}", "public.orders",
                                               "public.legacy & old"}
    assert [r["data-index"] for r in rows] == [str(i) for i in range(1, len(rows) + 1)]
    for name in ("priority", "category", "table"):
        assert page.ids.count(f"filter-{name}") == 1
    options = [a.get("value") for t, a in page.tags if t == "option"]
    assert {f"public.{HOSTILE_TABLE}", "public.orders", "public.legacy & old"} <= set(options)
    assert page.ids.count("filter-text") == 1


def test_object_names_and_blocker_links() -> None:
    report = nft_report()
    report["findings"][0] = {**report["findings"][0], "table": None, "object": "some_func"}
    out = html.render(report)
    page = Page(out)
    assert "public.:" not in out and "public..some_func" not in out
    rows = {r["id"]: r for r in finding_rows(page)}
    assert rows["finding-1"]["data-where"] == "public.some_func"
    assert rows["finding-1"]["data-table"] == "public (schema objects)"
    assert rows["finding-2"]["data-where"] == "public.nft_instances.uq_nft_instances_unique_nft_id"
    # the missing unique (finding 2) links to the duplicates that stop it (finding 6)
    assert rows["finding-2"]["data-blockers"] == "1"
    assert '<a href="#finding-6">DR401</a>' in out
    assert '<a href="#finding-6">3 duplicate groups, 7 duplicate rows</a>' in out
    assert "target</strong> (expected) schema" in out and "<strong>live</strong> names" in out


@pytest.mark.parametrize("n", [0, 22, 500])
def test_reports_of_any_size_render(n: int) -> None:
    report = nft_report() if n == 22 else synthetic_report(n)
    out = html.render(report)
    page = Page(out)
    assert page.unbalanced == [] and page.stack == []
    assert len(finding_rows(page)) == n == len(report["findings"])
    assert [r["id"] for r in finding_rows(page)] == [f"finding-{i}" for i in range(1, n + 1)]
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", out, re.I)
    assert page.attr("src") == [] and all(h.startswith("#") for h in page.attr("href"))
    assert len(page.ids) == len(set(page.ids))
    assert ("No findings" in out) == (n == 0)
    assert out.count("<script>") == (1 if n else 0)


def test_empty_report_renders() -> None:
    report = hostile_report()
    report["findings"] = []
    report["summary"].update(total=0, exit_code=0, data_blockers=0)
    out = html.render(report)
    assert "No findings" in out and ">OK<" in out
    assert 'id="codes"' not in out


def test_unknown_code_degrades_gracefully() -> None:
    report = hostile_report()
    report["findings"][0] = {**report["findings"][0], "code": "DR999"}
    out = html.render(report)
    page = Page(out)
    assert page.ids.count("code-DR999") == 1
    assert "No documentation page for DR999." in out


def test_template_never_marks_data_safe() -> None:
    source = (Path(html.__file__).parent / "templates" / "report.html.j2").read_text()
    assert not re.search(r"\|\s*safe\b|autoescape\s+false|\bmarkup\b", source, re.I)
    assert html._environment().autoescape is True


@pytest.mark.parametrize("code", sorted(CODES))
def test_each_doc_page_renders_to_plain_markup(code: str) -> None:
    body = html._doc(code).body
    page = Page(str(body))
    assert page.unbalanced == [] and page.stack == []
    assert {t for t, _ in page.tags} <= {"h4", "p", "ul", "ol", "li", "pre", "code", "strong"}
    assert "Problem" in page.text and "What drift plans" in page.text


def test_markdown_escapes_everything() -> None:
    out = str(html.markdown("# T <x>\n\nA & `<b>` **bold <i>**\n\n- one\n  two\n1. n\n\n"
                            "```sql\nSELECT '<script>';\n```"))
    assert "<h3>T &lt;x&gt;</h3>" in out
    assert "<p>A &amp; <code>&lt;b&gt;</code> <strong>bold &lt;i&gt;</strong></p>" in out
    assert "<ul><li>one two</li></ul><ol><li>n</li></ol>" in out.replace("\n", "")
    assert "<pre class=\"doc-code\"><code>SELECT &#39;&lt;script&gt;&#39;;</code></pre>" in out
