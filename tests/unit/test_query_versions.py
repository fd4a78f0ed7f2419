"""The catalog queries for each supported server version (no server needed)."""

from __future__ import annotations

from importlib import resources

import pytest

from drift.inspect.reader import BEFORE, query
from drift.inspect.reprint import _NOISE, major

NAMES = sorted(p.name.removesuffix(".sql")
               for p in resources.files("drift.inspect").joinpath("queries").iterdir()
               if p.name.endswith(".sql"))


@pytest.mark.parametrize("version", [130000, 140000, 150000, 160000, 170000, 180000])
def test_every_query_has_a_form_for_every_supported_version(version: int) -> None:
    for name in NAMES:
        text = query(name, version)
        older = any(version < since for since, _, _ in BEFORE.get(name, []))
        # the file's own text where the server has all it reads, stand-ins where not
        assert (text != query(name)) == older, (name, version)
        assert "{args}" not in text and "{full}" not in text


def test_stand_ins_name_queries_that_exist() -> None:
    assert set(BEFORE) <= set(NAMES)
    assert query("constraints", 140000).count("confdelsetcols") == \
        query("constraints").count("confdelsetcols")  # still a column of the CTE


def test_major_of_server_version_strings() -> None:
    assert major("18.1") == 18
    assert major("15.4 (Debian 15.4-1.pgdg120+1)") == 15
    assert major("13.23") == 13
    assert major("") is None


def test_parse_tree_noise_is_only_position_and_display_form() -> None:
    tree = ("{FUNCEXPR :funcid 885 :funcformat 0 :args ({RELABELTYPE :relabelformat 2"
            " :location 12}) :location -1}")
    assert _NOISE.sub("", tree) == "{FUNCEXPR :funcid 885 :args ({RELABELTYPE})}"
