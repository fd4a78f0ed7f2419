"""The README and docs/ stand alone: a newcomer who clones only this repository can
follow every path and link in them, and meets no name of a document they do not have.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = sorted([ROOT / "README.md", *(ROOT / "docs").rglob("*.md")])
SYSTEM_PAGES = ["nft-app.md", "marketplace.md", "canonical-naming.md", "see-it-now.md"]

# Names of design documents that are not in this repository.
UNKNOWN_NAMES = re.compile(r"\bseeds? 00\d|\bmemo[- ]?00\d|\bmust-do\b|\bthe document\b",
                           re.IGNORECASE)
# Absolute paths of the machine the docs were written on.
FOREIGN_ABSOLUTE = re.compile(r"(?<![\w.])(/work/|/home/|/Users/|/mnt/)|shared/seeds")
RELATIVE_UP = re.compile(r"(?:\.\./)+[\w.*/-]*")
INLINE_LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE_LINK = re.compile(r"^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+\"[^\"]*\")?\s*$", re.MULTILINE)
FENCE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _inside_repo(path: Path) -> bool:
    return path.resolve().is_relative_to(ROOT)


def unknown_names(text: str) -> list[str]:
    return [m.group(0) for m in UNKNOWN_NAMES.finditer(text)]


def paths_outside_repo(text: str, here: Path) -> list[str]:
    """Absolute machine paths, and relative paths that climb out of the repository."""
    found = [m.group(0) for m in FOREIGN_ABSOLUTE.finditer(text)]
    found += [m.group(0) for m in RELATIVE_UP.finditer(text)
              if not _inside_repo(here.parent / m.group(0))]
    return found


def links(text: str) -> list[str]:
    """Targets of Markdown links (inline and reference style), outside code blocks."""
    prose = FENCE.sub("", text)
    return [m.group(1) for m in INLINE_LINK.finditer(prose)] + \
           [m.group(1) for m in REFERENCE_LINK.finditer(prose)]


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to '-'."""
    text = re.sub(r"[`*_]", "", heading.strip().lower())
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    text = FENCE.sub("", path.read_text(encoding="utf-8"))
    return {slug(m.group(1)) for m in re.finditer(r"^#{1,6}\s+(.+?)\s*#*$", text, re.MULTILINE)}


def broken_links(text: str, here: Path) -> list[str]:
    broken = []
    for target in links(text):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE):  # http:, https:, mailto:
            continue
        file_part, _, anchor = target.partition("#")
        dest = here if not file_part else (here.parent / file_part)
        if not _inside_repo(dest) or not dest.exists():
            broken.append(target)
        elif anchor and dest.is_file() and dest.suffix == ".md" and anchor not in anchors(dest):
            broken.append(target)
    return broken


def section(text: str, title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", text, re.MULTILINE | re.DOTALL)
    assert match, f"README has no '## {title}' section"
    return match.group(1)


def test_the_docs_exist_and_are_short() -> None:
    for name in ["README.md", *SYSTEM_PAGES]:
        page = ROOT / "docs" / name
        assert page.is_file(), name
        lines = page.read_text(encoding="utf-8").count("\n")
        assert 40 <= lines <= 120, (name, lines)


@pytest.mark.parametrize("path", DOCS, ids=_rel)
def test_no_name_of_a_document_the_reader_does_not_have(path: Path) -> None:
    assert unknown_names(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("path", DOCS, ids=_rel)
def test_no_path_outside_the_repository(path: Path) -> None:
    assert paths_outside_repo(path.read_text(encoding="utf-8"), path) == []


@pytest.mark.parametrize("path", DOCS, ids=_rel)
def test_every_relative_link_points_into_the_repository(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert links(text), "no link found: the link pattern no longer matches"
    assert broken_links(text, path) == []


def test_the_readme_links_every_system_page() -> None:
    targets = set(links((ROOT / "README.md").read_text(encoding="utf-8")))
    assert {f"docs/{name}" for name in SYSTEM_PAGES} <= targets


def test_the_scanners_catch_what_they_look_for() -> None:
    """Each check fails on the faults it exists for (so a pass means something)."""
    readme = ROOT / "README.md"
    page = ROOT / "docs" / "nft-app.md"
    bad = ("loads `../shared/seeds/000_*`, see memo 000, seed 003 and Must-do 3 in the "
           "document; /work/main/x; [a](docs/missing.md) [b](../../outside.md) "
           "[c](#no-such-heading) [d](docs/nft-app.md#no-such-heading)")
    assert unknown_names(bad) == ["memo 000", "seed 003", "Must-do", "the document"]
    assert unknown_names("in the document.") == ["the document"]
    assert paths_outside_repo(bad, readme) == ["shared/seeds", "/work/", "../shared/seeds/000_*",
                                              "../../outside.md"]
    assert paths_outside_repo("[x](../expected_schema/)", page) == []
    assert paths_outside_repo("[x](../../expected_schema/)", page) == ["../../expected_schema/"]
    assert broken_links(bad, readme) == ["docs/missing.md", "../../outside.md",
                                         "#no-such-heading", "docs/nft-app.md#no-such-heading"]
    fine = "[a](docs/nft-app.md) [b](#exit-codes) [c](https://example.org/x) [d](drift/)"
    assert broken_links(fine, readme) == []
    assert links("```\n[x](nowhere.md)\n```\n") == []


def test_quick_start_makes_a_venv_then_runs_the_two_set_up_commands() -> None:
    quick = section((ROOT / "README.md").read_text(encoding="utf-8"), "Quick start")
    blocks = re.findall(r"^```sh\n(.*?)^```", quick, re.MULTILINE | re.DOTALL)
    assert [b.splitlines() for b in blocks] == [
        ["python3 -m venv .venv && . .venv/bin/activate"],
        ["pip install -e . && drift demo", "pip install -e '.[dev]' && python -m pytest -q"],
    ]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert "python3 -m venv .venv" in ci and ". .venv/bin/activate" in ci
    assert "pip install -e '.[dev]' && python -m pytest -q" in ci


def test_development_lint_line_is_what_ci_runs() -> None:
    dev = section((ROOT / "README.md").read_text(encoding="utf-8"), "Development")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    lint = [line for line in ci if line.startswith(("ruff ", "mypy"))]
    assert lint == ["ruff check drift tests bench scripts", "mypy"]
    assert " && ".join(lint) in dev.splitlines()
