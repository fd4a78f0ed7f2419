"""A generated list of connection strings, in every form libpq accepts (and the typos
people make), each carrying a secret that must never be shown."""

from __future__ import annotations

import random
import re
import string
from urllib.parse import quote

_CUTS = re.compile(r"[@/?#:&=\s'\\]+")


def secrets(count: int = 6, seed: int = 20261201) -> list[str]:
    rng = random.Random(seed)
    alphabet = string.ascii_letters + string.digits + "@/?#:&= '%\\!$-_.~"
    made = ["p@ss/w#rd?Kx9", "Zq 7'b\\c%40Lm", "plainSecretQ4x"]
    while len(made) < count:
        core = "".join(rng.choice(alphabet) for _ in range(14))
        made.append("Sx" + core + "9k")  # letters at both ends: a findable fragment
    return made


def kv_quote(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def forms(secret: str, host: str = "127.0.0.1", port: str = "1",
          db: str = "db") -> list[tuple[str, str]]:
    """(label, connection string) pairs that all carry `secret`."""
    enc = quote(secret, safe="")
    return [
        ("uri", f"postgresql://alice:{enc}@{host}:{port}/{db}"),
        ("uri_raw", f"postgresql://alice:{secret}@{host}:{port}/{db}"),
        ("uri_query", f"postgresql://{host}:{port}/{db}?user=alice&password={enc}"
                      "&sslmode=disable"),
        ("uri_query_raw", f"postgresql:///{db}?host={host}&port={port}&password={secret}"),
        ("uri_sslpassword", f"postgresql://alice@{host}:{port}/{db}?sslpassword={enc}"),
        ("sqlalchemy", f"postgresql+psycopg://alice:{enc}@{host}:{port}/{db}"),
        ("scheme_typo_slash", f"postgresql:/alice:{secret}@{host}:{port}/{db}"),
        ("scheme_typo_none", f"postgresql:alice:{secret}@{host}:{port}/{db}"),
        ("scheme_misspelt", f"postgresq://alice:{enc}@{host}:{port}/{db}"),
        ("scheme_other", f"mysql://alice:{secret}@{host}:{port}/{db}"),
        ("keyvalue", f"host={host} port={port} dbname={db} user=alice "
                     f"password={kv_quote(secret)}"),
        ("keyvalue_first", f"password={kv_quote(secret)} host={host} port={port}"),
        ("keyvalue_spaced", f"host={host} port={port} password = {kv_quote(secret)}"),
        ("keyvalue_unterminated", f"host={host} port={port} password='{secret}"),
        ("keyvalue_sslpassword", f"host={host} port={port} sslpassword={kv_quote(secret)}"),
    ]


def leaks(secret: str, text: str) -> list[str]:
    """The secret, or a fragment of it of four or more characters, found in `text`."""
    pieces = {secret, quote(secret, safe=""), *(p for p in _CUTS.split(secret) if len(p) >= 4)}
    return sorted(p for p in pieces if p and p in text)
