"""Definitions the catalog reader spells from the raw catalog are the server's own text.

queries/constraints.sql spells primary keys, uniques and foreign keys, and
queries/indexes.sql spells plain btree indexes, instead of calling
pg_get_constraintdef / pg_get_indexdef (the slowest part of reading a big catalog).
Drift compares these texts and builds DDL from them, so they must be byte for byte
what the server prints. `assert_spelled_as_the_server` builds a wide variety of keys
and indexes (odd and quoted names, keywords as names, a table name in two schemas,
INCLUDE, DESC / NULLS, deferrable, NOT VALID, every MATCH and ON UPDATE / ON DELETE
action, operator classes reached through a binary-coercible type, and the cases left
to the server: collations, non-default operator classes, storage options, other
methods, expressions, predicates) and asserts, under several search_paths, that every
definition read equals the function's, and that the spelled ones are as many as
expected (so the fallback is not what passes). Here on the default server;
tests/integration/test_versions.py runs it on every live major of DRIFT_PG_VERSIONS.
"""

from __future__ import annotations

import psycopg
import pytest

from drift.inspect.reader import SHAPE_COLUMNS, query

pytestmark = pytest.mark.integration

SCHEMAS = ["public", "odd", "Mixed Case", "select"]

SETUP = '''
CREATE SCHEMA odd;
CREATE SCHEMA "Mixed Case";
CREATE SCHEMA "select";
CREATE DOMAIN public.posint AS integer CHECK (VALUE > 0);
CREATE TYPE public.mood AS ENUM ('sad', 'ok');
CREATE TABLE public.parent (id integer PRIMARY KEY, a integer, b text, "Weird Col" integer,
    "select" integer, c varchar(20), UNIQUE (a, b), UNIQUE ("Weird Col", "select"),
    UNIQUE (c));
CREATE TABLE odd.parent (id integer PRIMARY KEY, k1 integer, k2 integer, UNIQUE (k1, k2));
CREATE TABLE "Mixed Case"."Table" ("Id" bigint, "from" varchar(10), "x""y" integer,
    "Ünï" text COLLATE "C",
    PRIMARY KEY ("Id") INCLUDE ("from"),
    CONSTRAINT "Uniq ""q""" UNIQUE ("from") INCLUDE ("x""y", "Ünï")
        DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT u_deferrable UNIQUE ("x""y") DEFERRABLE);
CREATE TABLE "select"."order" ("group" integer PRIMARY KEY NOT DEFERRABLE INITIALLY IMMEDIATE,
    parent_id integer, a integer, b text, o1 integer, o2 integer, d bigint DEFAULT 0,
    e integer, f integer,
    CONSTRAINT fk1 FOREIGN KEY (parent_id) REFERENCES public.parent (id),
    CONSTRAINT fk2 FOREIGN KEY (a, b) REFERENCES public.parent (a, b)
        MATCH FULL ON DELETE CASCADE ON UPDATE RESTRICT,
    CONSTRAINT fk3 FOREIGN KEY (o1, o2) REFERENCES odd.parent (k1, k2)
        ON DELETE SET NULL ON UPDATE SET DEFAULT DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT "FK Quoted" FOREIGN KEY (d) REFERENCES "Mixed Case"."Table" ("Id")
        ON UPDATE CASCADE ON DELETE SET DEFAULT NOT DEFERRABLE,
    CONSTRAINT "order" FOREIGN KEY (e) REFERENCES "select"."order" ("group")
        MATCH SIMPLE ON DELETE RESTRICT ON UPDATE NO ACTION,
    CONSTRAINT fk_set_null FOREIGN KEY (f) REFERENCES public.parent (id) ON UPDATE SET NULL,
    CONSTRAINT positive CHECK (a > 0),
    CONSTRAINT "check" CHECK (b <> '') NO INHERIT);
ALTER TABLE "select"."order" ADD CONSTRAINT fk_not_valid
    FOREIGN KEY (o2) REFERENCES odd.parent (id) NOT VALID;
ALTER TABLE "select"."order" ADD CONSTRAINT check_not_valid CHECK (o1 < 10) NOT VALID;
CREATE TABLE odd.child (x integer REFERENCES odd.parent, y integer REFERENCES public.parent,
    z integer REFERENCES "select"."order" ON DELETE NO ACTION);
CREATE TABLE odd.ranges (r int4range, EXCLUDE USING gist (r WITH &&));
CREATE TABLE public.measure (id bigint NOT NULL, at date NOT NULL, v numeric,
    PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE public.measure_2024 PARTITION OF public.measure
    FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE INDEX measure_v ON public.measure (v DESC);
CREATE TABLE public.kinds (i2 smallint, i4 integer, i8 bigint, n numeric(10, 2),
    f4 real, f8 double precision, t text, vc varchar, bp char(3), ch "char", nm name,
    o oid, ts timestamp, tz timestamptz, dt date, tm time, tmz timetz, iv interval,
    u uuid, bo boolean, by bytea, ip inet, cd cidr, mac macaddr, jb jsonb,
    bt bit(3), vb varbit, m money, dom public.posint, e public.mood, arr integer[],
    tc text COLLATE "C", vcc varchar(5) COLLATE "POSIX", xmlc xml);
CREATE INDEX k_all ON public.kinds (i2, i4, i8, n, f4, f8, t, vc, bp, ch, nm, o, ts, tz, dt,
    tm, tmz, iv, u, bo, by, ip, cd, mac, jb, bt, vb, m);
CREATE INDEX k_order ON public.kinds (i2 DESC, i4 NULLS FIRST, i8 DESC NULLS LAST,
    n ASC NULLS LAST, f4 DESC NULLS FIRST, t ASC);
CREATE UNIQUE INDEX "K ""uniq""" ON public.kinds (vc, cd) INCLUDE (jb, "by", dom);
CREATE INDEX "select" ON public.kinds (tc, vcc);
CREATE INDEX k_collate ON public.kinds (t COLLATE "C", tc COLLATE "default");
CREATE INDEX k_opclass ON public.kinds (t text_pattern_ops, vc varchar_pattern_ops);
CREATE INDEX k_opclass_explicit ON public.kinds (vc text_ops, i4 int4_ops);
CREATE INDEX k_with ON public.kinds (i4) WITH (fillfactor = 70);
CREATE INDEX k_dedup ON public.kinds (i8) WITH (deduplicate_items = off);
CREATE INDEX k_hash ON public.kinds USING hash (i4);
CREATE INDEX k_brin ON public.kinds USING brin (ts);
CREATE INDEX k_gin ON public.kinds USING gin (jb);
CREATE INDEX k_expr ON public.kinds (lower(t), i4);
CREATE INDEX k_partial ON public.kinds (i4) WHERE i4 > 0;
CREATE INDEX k_domain ON public.kinds (dom);
CREATE INDEX k_enum ON public.kinds (e);
CREATE INDEX k_array ON public.kinds (arr);
CREATE INDEX "Idx in Mixed" ON "Mixed Case"."Table" ("Ünï" DESC, "x""y") INCLUDE ("Id");
CREATE UNIQUE INDEX "order_idx" ON "select"."order" (b, "group") INCLUDE (a);
'''

SINCE15 = '''
CREATE TABLE public.nnd (a integer, b integer, c integer,
    CONSTRAINT nnd_u UNIQUE NULLS NOT DISTINCT (a, b),
    CONSTRAINT nnd_fk FOREIGN KEY (a, b) REFERENCES public.nnd (a, b)
        ON DELETE SET NULL (b),
    CONSTRAINT nnd_fk2 FOREIGN KEY (c, a) REFERENCES public.nnd (a, b)
        ON DELETE SET DEFAULT (a, c) ON UPDATE CASCADE);
CREATE UNIQUE INDEX nnd_i ON public.nnd (c) INCLUDE (a) NULLS NOT DISTINCT;
'''

SINCE18 = '''
CREATE TABLE public.unenforced (a integer,
    CONSTRAINT ne FOREIGN KEY (a) REFERENCES public.parent (id) NOT ENFORCED);
'''

SEARCH_PATHS = ['"$user", public', "odd, public", "", '"select", odd, "Mixed Case"',
                'pg_catalog, "Mixed Case", public']


def _prepare(url: str, major: int) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(SETUP.encode())
        if major >= 15:
            conn.execute(SINCE15.encode())
        if major >= 18:
            conn.execute(SINCE18.encode())


def _read(conn: psycopg.Connection, name: str, server_text: str,
          ) -> tuple[dict[str, str], dict[str, str | None]]:
    """The definitions the query reads, and those it spells itself (None: the server's)."""
    version = conn.info.server_version
    text = query(name, version)
    spelled_only = text.replace(f"{server_text}) AS definition", "NULL) AS definition")
    assert spelled_only != text
    params = {"schemas": SCHEMAS, "skip": []}

    def by_name(sql: str) -> dict[str, str]:
        with conn.cursor() as cur:
            cur.execute(sql, params)
            names = [d.name for d in cur.description or ()]
            return {f"{r['schema']}.{r['table']}.{r['name']}": r["definition"]
                    for r in (dict(zip(names, row, strict=True)) for row in cur)}

    return by_name(text), by_name(spelled_only)


def assert_spelled_as_the_server(url: str, major: int) -> None:
    _prepare(url, major)
    with psycopg.connect(url) as conn:  # the reader unpacks these rows by position
        for name, columns in SHAPE_COLUMNS.items():
            with conn.cursor() as cur:
                cur.execute(query(name, conn.info.server_version),
                            {"schemas": SCHEMAS, "skip": []})
                assert tuple(d.name for d in cur.description or ()) == columns, name
                assert cur.rowcount > 0, name
    fk3: set[str] = set()  # odd.parent, qualified or not
    with psycopg.connect(url) as conn:
        for path in SEARCH_PATHS:
            conn.execute(f"SET search_path TO {path}" if path else "SET search_path TO ''")
            server = {f"{r[0]}.{r[1]}.{r[2]}": r[3] for r in conn.execute(
                "SELECT n.nspname, c.relname, k.conname, pg_get_constraintdef(k.oid) "
                "FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE k.contype IN ('p', 'u', 'f', 'c', 'x') AND n.nspname = ANY(%s)",
                [SCHEMAS])}
            read, spelled = _read(conn, "constraints", "pg_get_constraintdef(con.oid)")
            assert read == server, path
            assert {k: v for k, v in spelled.items() if v is not None} == \
                {k: server[k] for k, v in spelled.items() if v is not None}, path
            left = sorted(k for k, v in spelled.items() if v is None)
            assert left == sorted(k for k, v in server.items()
                                  if v.startswith(("CHECK", "EXCLUDE"))
                                  or k == "public.unenforced.ne"), path
            fk3.add(server["select.order.fk3"])

            server = {f"{r[0]}.{r[1]}.{r[2]}": r[3] for r in conn.execute(
                "SELECT n.nspname, t.relname, c.relname, pg_get_indexdef(c.oid) "
                "FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                "JOIN pg_class t ON t.oid = i.indrelid "
                "JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = ANY(%s)",
                [SCHEMAS])}
            read, spelled = _read(conn, "indexes", "pg_get_indexdef(x.indexrelid)")
            assert read == server, path
            assert {k: v for k, v in spelled.items() if v is not None} == \
                {k: server[k] for k, v in spelled.items() if v is not None}, path
            left = {k.rsplit(".", 1)[1] for k, v in spelled.items() if v is None}
            assert left == {"k_collate", "k_opclass", "k_with",
                            "k_dedup", "k_hash", "k_brin", "k_gin", "k_expr", "k_partial",
                            "k_domain", "k_enum", "k_array", "ranges_r_excl"}, path
            assert len(spelled) - len(left) >= 20
    assert fk3 == {"FOREIGN KEY (o1, o2) REFERENCES odd.parent(k1, k2) ON UPDATE SET DEFAULT "
                   "ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED",
                   "FOREIGN KEY (o1, o2) REFERENCES parent(k1, k2) ON UPDATE SET DEFAULT "
                   "ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED"}


def test_keys_and_indexes_are_spelled_as_the_server_does(new_db: str) -> None:
    with psycopg.connect(new_db) as conn:
        major = conn.info.server_version // 10000
    assert_spelled_as_the_server(new_db, major)
