"""Option values: what the checked types accept and what they pass on."""

from __future__ import annotations

import click
import pytest

from drift.cli import STATEMENT_TIMEOUT, WORK_MEM
from drift.options import ConnectionUrl


@pytest.mark.parametrize(("given", "passed_on"), [
    ("30s", "30000ms"), ("1.5min", "90000ms"), ("1000", "1000ms"), (" 2 h ", "7200000ms"),
    ("1d", "86400000ms"), ("0", "0"), ("0s", "0"), ("1000000us", "1000ms"),
    ("1.25s", "1250ms"),
])
def test_statement_timeouts_become_whole_milliseconds(given: str, passed_on: str) -> None:
    assert STATEMENT_TIMEOUT.convert(given, None, None) == passed_on


@pytest.mark.parametrize("given", ["bogus", "", "s", "1 sec", "1S", "-1s", "1e3", "1,5s",
                                   "999ms", "0.5s", "25d"])
def test_bad_statement_timeouts_are_refused(given: str) -> None:
    with pytest.raises(click.BadParameter):
        STATEMENT_TIMEOUT.convert(given, None, None)


@pytest.mark.parametrize("url", ["postgresql://u@h/db", "postgres://h:5433/db",
                                 "postgresql+psycopg://u:p@h/db?sslmode=require",
                                 "postgresql://u@/db?host=/tmp&port=5432",
                                 "postgresql://h1:5432,h2:5433/db"])
def test_connection_urls_libpq_parses_pass_unchanged(url: str) -> None:
    assert ConnectionUrl().convert(url, None, None) == url


@pytest.mark.parametrize("url", ["", "localhost", "mysql://h/db", "postgresql://h:0/db",
                                 "postgresql://h:70000/db", "postgresql://u:p@h/db?nonsense=1"])
def test_connection_urls_libpq_refuses_are_bad_values(url: str) -> None:
    with pytest.raises(click.BadParameter) as info:
        ConnectionUrl().convert(url, None, None)
    assert ":p@" not in str(info.value.message)


@pytest.mark.parametrize(("given", "passed_on"), [
    ("64MB", "65536kB"), ("64", "64kB"), (" 1 GB ", "1048576kB"), ("512kB", "512kB"),
    ("1TB", "1073741824kB"),
])
def test_work_mem_becomes_whole_kilobytes(given: str, passed_on: str) -> None:
    assert WORK_MEM.convert(given, None, None) == passed_on


@pytest.mark.parametrize("given", ["bogus", "", "MB", "1mb", "1.5MB", "-1MB", "63kB", "0",
                                   "2TB", "1 M"])
def test_bad_work_mem_is_refused(given: str) -> None:
    with pytest.raises(click.BadParameter):
        WORK_MEM.convert(given, None, None)
