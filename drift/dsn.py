"""Connection strings: every form libpq accepts, and never a secret in any output.

libpq takes a URI (`postgresql://user:pass@host/db?password=...`) or key=value pairs
(`host=h password='p w'`); SQLAlchemy adds `postgresql+psycopg://`. A password may hold
any character, and a user in a hurry types `postgresql:/...` or leaves a raw `@`, `/`,
`?` or `#` unencoded, which libpq then misreads and echoes in its error messages.

So masking does not trust a parser: it finds the secret *spans* of the text as typed
(the userinfo after the first `:` up to the last `@`, any `password=`/`sslpassword=`
value to the end of the string or of its quoted value) and hides them. The spans, their
percent-decoded forms and their fragments (cut where libpq cuts) are remembered, so
that any message - a libpq error, a report, a plan - can be scrubbed of them.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from drift.errors import DriftInputError

SECRET_KEYS = ("password", "sslpassword")
_URI_SCHEMES = ("postgresql", "postgres")
_URLISH = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*):(?P<slashes>/*)(?P<rest>.*)\Z", re.S)
_QUERY_SECRET = re.compile(r"(?i)(?<![A-Za-z0-9_])((?:ssl)?password=)(.*?)(?=&[A-Za-z_]+=|\Z)",
                           re.S)
_KV_SECRET = re.compile(r"(?i)(?<![A-Za-z0-9_])((?:ssl)?password\s*=\s*)"
                        r"('(?:[^'\\]|\\.)*'(?=\s|\Z)|'.*\Z|[^\s]*)", re.S)
_FRAGMENT_CUTS = re.compile(r"[@/?#:&=\s'\\]+")
_MASK = "***"

_registered: set[str] = set()


def _is_uri(dsn: str) -> bool:
    scheme, sep, _ = dsn.partition("://")
    return bool(sep) and scheme.split("+", 1)[0].lower() in _URI_SCHEMES


def _spans(dsn: str) -> tuple[str, list[str]]:
    """The masked text and the secret substrings it hid."""
    hidden: list[str] = []
    match = _URLISH.match(dsn)
    if match and "=" not in match["scheme"]:
        rest = match["rest"]
        at = rest.rfind("@")
        if at >= 0 and ":" in rest[:at]:
            user, _, password = rest[:at].partition(":")
            if password:  # `user:@host` has nothing to hide
                hidden.append(password)
                rest = f"{user}:{_MASK}{rest[at:]}"
        def hide_query(m: re.Match[str]) -> str:
            hidden.append(m[2])
            return m[1] + _MASK
        rest = _QUERY_SECRET.sub(hide_query, rest)
        return f"{match['scheme']}:{match['slashes']}{rest}", hidden
    if "=" in dsn:
        def hide(m: re.Match[str]) -> str:
            hidden.append(m[2])
            return m[1] + _MASK
        return _KV_SECRET.sub(hide, dsn), hidden
    # Neither a URI nor key=value pairs: it could be anything, a password included.
    hidden.append(dsn)
    return f"<connection string of {len(dsn)} characters, not shown>", hidden


def mask(dsn: str) -> str:
    """The connection string as it may be shown: every password replaced by `***`."""
    return _spans(dsn)[0]


def secrets_of(dsn: str) -> set[str]:
    """Every string whose appearance in an output would leak part of a secret."""
    found: set[str] = set()
    for span in _spans(dsn)[1]:
        for form in {span, unquote(span), span.strip("'"), span.strip("'").replace("\\'", "'")}:
            if form:
                found.add(form)
                found.update(p for p in _FRAGMENT_CUTS.split(form) if len(p) >= 2)
    with contextlib.suppress(psycopg.Error, ValueError, DriftInputError):
        params = conninfo_to_dict(normalize(dsn, check=False))
        found.update(str(params[k]) for k in SECRET_KEYS if params.get(k))
    return found


def register(dsn: str | None) -> None:
    """Remember the secrets of a connection string the user gave, for `scrub`."""
    if dsn:
        _registered.update(secrets_of(dsn))


def redact(text: str, secrets: set[str]) -> str:
    """`text` with every secret replaced; fragments only where they stand alone."""
    for secret in sorted(secrets, key=len, reverse=True):
        if not secret:
            continue
        text = re.sub(rf"(?<![A-Za-z0-9]){re.escape(secret)}(?![A-Za-z0-9])", _MASK, text)
        if len(secret) >= 6:  # a whole password is hidden wherever it stands
            text = text.replace(secret, _MASK)
    return text


def scrub(text: str) -> str:
    """`text` with the secrets of every registered connection string hidden."""
    return redact(text, _registered) if _registered else text


def normalize(dsn: str, *, check: bool = True) -> str:
    """A connection string libpq reads: `postgresql://...` or key=value pairs.

    SQLAlchemy's `postgresql+psycopg://` becomes `postgresql://`. Anything else is
    bad input, reported with its secrets masked.
    """
    if _is_uri(dsn):
        return "postgresql://" + dsn.partition("://")[2]
    match = _URLISH.match(dsn)
    if match and "=" not in match["scheme"]:
        raise DriftInputError(f"database URL must start with postgresql://, got {mask(dsn)!r}")
    if check:
        try:
            conninfo_to_dict(dsn)
        except psycopg.Error:
            raise DriftInputError(
                f"connection string is neither a postgresql:// URL nor valid key=value "
                f"pairs: {mask(dsn)!r}") from None
    return dsn


def parse(dsn: str) -> dict[str, str]:
    """libpq's own reading of the connection string (bad input: one masked line)."""
    try:
        return {k: str(v) for k, v in conninfo_to_dict(normalize(dsn)).items()}
    except psycopg.Error as exc:
        raise DriftInputError(f"cannot read the connection string {mask(dsn)!r}: "
                              f"{redact(str(exc).strip(), secrets_of(dsn))}") from None


READ_ONLY_OPTION = "-c default_transaction_read_only=on"


def read_only_options(params: dict[str, str]) -> str:
    """The startup `options` with read-only appended, so it wins over the user's."""
    return f"{params.get('options', '')} {READ_ONLY_OPTION}".strip()


@contextlib.contextmanager
def libpq_child(dsn: str, *, read_only: bool) -> Iterator[tuple[str, dict[str, str]]]:
    """A connection string and environment for a libpq program (pg_dump, psql) that
    carry no secret on its command line: the password goes in PGPASSWORD, an
    `sslpassword` in a service file of mode 0600 that is removed afterwards."""
    params = parse(dsn)
    secrets = {k: params.pop(k) for k in SECRET_KEYS if k in params}
    if read_only:
        params["options"] = read_only_options(params)
    env = {k: v for k, v in os.environ.items() if k not in ("PGPASSWORD", "PGSERVICEFILE")}
    if "password" in secrets:
        env["PGPASSWORD"] = secrets.pop("password")
    with tempfile.TemporaryDirectory(prefix="drift-svc-") as tmp:
        if secrets:  # sslpassword: libpq reads it from no environment variable
            if "service" in params:
                raise DriftInputError("a connection string with both service= and "
                                      "sslpassword= cannot be passed on to pg_dump safely")
            if any(ch in v for v in secrets.values() for ch in "\r\n"):
                raise DriftInputError("an sslpassword with a line break cannot be passed on "
                                      "to pg_dump safely")
            path = Path(tmp) / "pg_service.conf"
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write("[drift]\n" + "".join(f"{k}={v}\n" for k, v in secrets.items()))
            env["PGSERVICEFILE"] = str(path)
            params["service"] = "drift"
        yield make_conninfo("", **params), env
