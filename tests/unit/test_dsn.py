"""Masking every form of connection string libpq accepts, and the typos people make."""

from __future__ import annotations

import pytest

from drift import dsn
from drift.db import describe
from drift.errors import DriftInputError
from tests.secret_dsns import forms, leaks, secrets

CASES = [(secret, label, text) for secret in secrets() for label, text in forms(secret)]


@pytest.mark.parametrize(("secret", "label", "text"), CASES,
                         ids=[f"{i}-{c[1]}" for i, c in enumerate(CASES)])
def test_mask_and_describe_never_show_the_secret(secret: str, label: str, text: str) -> None:
    assert leaks(secret, dsn.mask(text)) == []
    assert leaks(secret, repr(describe(text))) == []
    assert "***" in dsn.mask(text) or "not shown" in dsn.mask(text)


@pytest.mark.parametrize(("secret", "label", "text"), CASES,
                         ids=[f"{i}-{c[1]}" for i, c in enumerate(CASES)])
def test_bad_input_errors_never_show_the_secret(secret: str, label: str, text: str) -> None:
    try:
        dsn.parse(text)
    except DriftInputError as exc:
        assert leaks(secret, str(exc)) == []


def test_the_secret_is_redacted_from_any_message() -> None:
    text = "postgresql://alice:p@ss/w#rd?Kx9@h/db"
    message = ("failed to resolve host 'ss': ...; invalid URI query parameter: "
               '"w#rd?Kx9@h/db"; p@ss/w#rd?Kx9 in full')
    out = dsn.redact(message, dsn.secrets_of(text))
    assert leaks("p@ss/w#rd?Kx9", out) == []
    assert "'ss'" not in out and "failed to resolve host" in out


def test_masking_keeps_what_names_the_target() -> None:
    assert dsn.mask("postgresql://alice:pw@db.example:5433/app?sslmode=require&password=x"
                    "&application_name=a") == \
        "postgresql://alice:***@db.example:5433/app?sslmode=require&password=***" \
        "&application_name=a"
    assert dsn.mask("host=h port=5 password='a b' dbname=app") == \
        "host=h port=5 password=*** dbname=app"
    assert dsn.mask("postgresql://h/app") == "postgresql://h/app"
    assert describe("host=h port=5433 dbname=app user=u password=pw") == {
        "url": "host=h port=5433 dbname=app user=u password=***", "host": "h", "port": 5433,
        "database": "app", "user": "u"}


def test_neither_form_is_not_shown_at_all() -> None:
    """`--db hunter2`: a bare word could be the password itself."""
    assert dsn.mask("hunter2") == "<connection string of 7 characters, not shown>"
    with pytest.raises(DriftInputError) as err:
        dsn.parse("hunter2")
    assert "hunter2" not in str(err.value)


def test_child_programs_get_the_password_in_their_environment_only() -> None:
    with dsn.libpq_child("postgresql://alice:s3cr%40t@h:5/app?sslpassword=k3y",
                         read_only=True) as (conninfo, env):
        assert "s3cr" not in conninfo and "k3y" not in conninfo
        assert env["PGPASSWORD"] == "s3cr@t"
        service = open(env["PGSERVICEFILE"], encoding="utf-8").read()  # noqa: SIM115
        assert "sslpassword=k3y" in service
        assert "service=drift" in conninfo
        assert "default_transaction_read_only=on" in conninfo
        import os
        import stat
        assert stat.S_IMODE(os.stat(env["PGSERVICEFILE"]).st_mode) == 0o600
        path = env["PGSERVICEFILE"]
    assert not os.path.exists(path)
