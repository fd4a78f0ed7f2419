"""A `schema.prisma` source materialised on a real server, read back by the catalog reader."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from drift.model import OWNED_SEQUENCE_DEFAULT, Catalog, ConstraintKind, Table
from drift.sources import load_expected

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
SEE_IT_NOW = ROOT / "expected_schema" / "see_it_now"
TABLES = {"Session", "shops", "product_assets", "room_sessions", "render_jobs",
          "prompt_versions", "render_runs", "variant_results", "usage_daily"}


@pytest.fixture(scope="module")
def catalog(pg_server: str) -> Catalog:
    return load_expected(SEE_IT_NOW, pg_server).catalog


def _table(catalog: Catalog, name: str) -> Table:
    table = catalog.table("public", name)
    assert table is not None, f"no table {name}"
    return table


def test_see_it_now_loads_its_tables(catalog: Catalog) -> None:
    assert set(catalog.tables) == {("public", name) for name in TABLES}


def test_constraint_and_index_names_follow_prisma(catalog: Catalog) -> None:
    for table in catalog.tables.values():
        [pk] = [c for c in table.constraints if c.kind is ConstraintKind.PRIMARY_KEY]
        assert (pk.name, pk.columns) == (f"{table.name}_pkey", ("id",))
        assert not [c for c in table.constraints if c.kind is ConstraintKind.UNIQUE], \
            "Prisma makes unique indexes, not unique constraints"

    fks = {c.name: (t.name, c.columns, c.ref_table, c.ref_columns, c.on_delete, c.on_update)
           for t in catalog.tables.values() for c in t.constraints
           if c.kind is ConstraintKind.FOREIGN_KEY}
    assert fks == {
        "product_assets_shop_id_fkey": ("product_assets", ("shop_id",), "shops", ("id",), "c", "c"),
        "room_sessions_shop_id_fkey": ("room_sessions", ("shop_id",), "shops", ("id",), "c", "c"),
        "render_jobs_shop_id_fkey": ("render_jobs", ("shop_id",), "shops", ("id",), "c", "c"),
        "render_jobs_product_asset_id_fkey": ("render_jobs", ("product_asset_id",),
                                              "product_assets", ("id",), "n", "c"),
        "render_jobs_room_session_id_fkey": ("render_jobs", ("room_session_id",),
                                             "room_sessions", ("id",), "n", "c"),
        "render_runs_shop_id_fkey": ("render_runs", ("shop_id",), "shops", ("id",), "c", "c"),
        "render_runs_product_asset_id_fkey": ("render_runs", ("product_asset_id",),
                                              "product_assets", ("id",), "r", "c"),
        "variant_results_render_run_id_fkey": ("variant_results", ("render_run_id",),
                                               "render_runs", ("id",), "c", "c"),
        "usage_daily_shop_id_fkey": ("usage_daily", ("shop_id",), "shops", ("id",), "c", "c"),
    }

    indexes = {i.name: (t.name, i.keys, i.unique, i.constraint)
               for t in catalog.tables.values() for i in t.indexes if not i.primary}
    assert indexes == {
        "shops_shop_domain_key": ("shops", ("shop_domain",), True, None),
        "prompt_versions_version_key": ("prompt_versions", ("version",), True, None),
        "usage_daily_shop_id_date_key": ("usage_daily", ("shop_id", "date"), True, None),
        # not Prisma's: drift.toml's extra_sql adds the index the single-default rule implies
        "product_assets_one_default_key": ("product_assets", ("shop_id", "product_id"), True,
                                           None),
        "product_assets_shop_id_product_id_idx": ("product_assets", ("shop_id", "product_id"),
                                                  False, None),
        "product_assets_shop_id_product_id_is_default_idx": (
            "product_assets", ("shop_id", "product_id", "is_default"), False, None),
    }


def test_columns_carry_prisma_types_and_defaults(catalog: Catalog) -> None:
    def column(table: str, name: str) -> tuple[str, bool, str | None]:
        found = _table(catalog, table).column(name)
        assert found is not None, f"no column {table}.{name}"
        return found.type, found.nullable, found.default

    timestamp = "timestamp(3) without time zone"
    assert column("shops", "id") == ("text", False, None)  # @default(uuid()): client-side
    assert column("shops", "created_at") == (timestamp, False, "CURRENT_TIMESTAMP")
    assert column("product_assets", "updated_at") == (timestamp, False, None)  # @updatedAt
    assert column("product_assets", "retry_count") == ("integer", False, "0")
    assert column("product_assets", "see_it_now_variants") == ("jsonb", True, None)
    assert column("room_sessions", "canonical_room_ratio_value") == ("double precision", True,
                                                                     None)
    assert column("Session", "userId") == ("bigint", True, None)
    assert column("Session", "collaborator") == ("boolean", True, "false")
    assert [c.name for c in _table(catalog, "usage_daily").columns] == [
        "id", "shop_id", "date", "prep_renders", "cleanup_renders", "composite_renders"]


def test_enums_serials_native_types_and_composite_keys_materialise(pg_server: str,
                                                                   tmp_path: Path) -> None:
    (tmp_path / "schema.prisma").write_text(
        'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\n'
        'enum Role {\n  USER\n  ADMIN @map("admin")\n  @@map("role")\n}\n'
        "model User {\n  id Int @id @default(autoincrement())\n"
        "  email String @unique @db.VarChar(255)\n  role Role @default(ADMIN)\n"
        "  price Decimal\n  posts Post[]\n}\n"
        "model Post {\n  tenant Int\n  slug String\n  authorId Int?\n"
        "  author User? @relation(fields: [authorId], references: [id])\n"
        "  @@id([tenant, slug])\n}\n")
    catalog = load_expected(tmp_path, pg_server).catalog
    user, post = _table(catalog, "User"), _table(catalog, "Post")
    assert [(c.name, c.type, c.default) for c in user.columns] == [
        ("id", "integer", OWNED_SEQUENCE_DEFAULT),
        ("email", "character varying(255)", None),
        ("role", "role", "'admin'::role"),
        ("price", "numeric(65,30)", None)]
    pk = post.constraint("Post_pkey")
    assert pk is not None and pk.columns == ("tenant", "slug")
    fk = post.constraint("Post_authorId_fkey")
    assert fk is not None and (fk.on_delete, fk.on_update) == ("n", "c")


def test_parse_error_through_the_cli_is_one_line(new_db: str, pg_server: str,
                                                 tmp_path: Path) -> None:
    bad_dir = tmp_path / "bad_dir"
    bad_dir.mkdir()
    bad = bad_dir / "schema.prisma"
    bad.write_text("model Post {\n  id Int @id\n  authorId Int\n"
                   "  author Usr @relation(fields: [authorId], references: [id])\n}\n")
    run = subprocess.run([sys.executable, "-m", "drift", "check", "--expected", str(bad_dir),
                          "--db", new_db, "--scratch-url", pg_server],
                         capture_output=True, text=True, cwd=ROOT, check=False, timeout=120)
    assert run.returncode == 2, (run.stdout, run.stderr)
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert lines == [f"drift: error: {bad}:4:10: relation to unknown model `Usr`"]
