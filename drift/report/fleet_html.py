"""The fleet report as HTML: the drift matrix, from the fleet JSON dict alone (so the
two cannot disagree). Autoescaped; no script, no external URL."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from drift.findings import CODES


def render(report: dict[str, Any]) -> str:
    env = Environment(loader=PackageLoader("drift.report", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    titles = {code: c.headline for code, c in CODES.items()}
    return env.get_template("fleet.html.j2").render(report=report, s=report["summary"],
                                                    code_titles=titles)
