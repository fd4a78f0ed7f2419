"""schema.prisma in, DDL text out: the parser, Prisma's naming, and its errors (no database)."""

from __future__ import annotations

from pathlib import Path

import pytest

from drift.errors import DriftInputError
from drift.sources.prisma import (
    Position,
    PrismaArray,
    PrismaCall,
    PrismaConstant,
    PrismaNumber,
    PrismaString,
    TokenKind,
    constraint_name,
    parse,
    parse_file,
    plan_migration,
    to_ddl,
    tokenize,
)

ROOT = Path(__file__).resolve().parents[2]
SEE_IT_NOW = ROOT / "expected_schema" / "see_it_now" / "schema.prisma"
PATH = Path("schema.prisma")


def ddl(text: str) -> str:
    return to_ddl(parse(text, PATH))


# --- tokens and syntax ---------------------------------------------------------------


def test_tokens_carry_line_and_column_and_skip_comments() -> None:
    tokens = tokenize('model A { // note\n  x String @default("a\\"b")\n}', PATH)
    kinds = [(t.kind, t.text, t.pos) for t in tokens if t.kind is not TokenKind.NEWLINE]
    assert kinds[:3] == [(TokenKind.IDENT, "model", Position(1, 1)),
                         (TokenKind.IDENT, "A", Position(1, 7)),
                         (TokenKind.PUNCT, "{", Position(1, 9))]
    assert (TokenKind.STRING, 'a"b', Position(2, 21)) in kinds
    assert (TokenKind.PUNCT, "@", Position(2, 12)) in kinds
    assert kinds[-1][0] is TokenKind.EOF


def test_datasource_and_generator_are_parsed_and_kept_apart() -> None:
    schema = parse('datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\n'
                   'generator client {\n  provider = "prisma-client-js"\n'
                   '  binaryTargets = ["native", "debian-openssl-3.0.x"]\n}\n', PATH)
    [source], [client] = schema.datasources, schema.generators
    assert (source.kind, source.name, client.name) == ("datasource", "db", "client")
    url = source.get("url")
    assert url is not None and isinstance(url.value, PrismaCall)
    assert url.value.name == "env"
    targets = client.get("binaryTargets")
    assert targets is not None and isinstance(targets.value, PrismaArray)
    assert [v.value for v in targets.value.items if isinstance(v, PrismaString)] == [
        "native", "debian-openssl-3.0.x"]
    assert schema.models == () and schema.enums == ()


def test_fields_types_arity_and_attributes() -> None:
    schema = parse("model Post {\n"
                   "  id     Int     @id @default(autoincrement())\n"
                   "  title  String? @map(\"post_title\")\n"
                   "  author User    @relation(\"writes\", fields: [authorId], "
                   "references: [id], onDelete: Cascade)\n"
                   "  tags   Tag[]\n"
                   "  @@index([title, id], map: \"t_idx\")\n"
                   "}\n", PATH)
    [post] = schema.models
    id_, title, author, tags = post.fields
    assert (title.optional, title.is_list) == (True, False)
    assert (tags.optional, tags.is_list) == (False, True)
    assert [a.name for a in id_.attributes] == ["id", "default"]
    default = id_.attributes[1].args[0].value
    assert isinstance(default, PrismaCall) and default.name == "autoincrement"
    relation = author.attributes[0]
    assert [a.name for a in relation.args] == [None, "fields", "references", "onDelete"]
    assert relation.args[3].value == PrismaConstant("Cascade", Position(4, 86))
    [index] = post.attributes
    assert (index.label, index.block, index.pos) == ("@@index", True, Position(6, 3))
    fields = index.args[0].value
    assert isinstance(fields, PrismaArray)
    assert [f.name for f in fields.items if isinstance(f, PrismaConstant)] == ["title", "id"]


def test_multiline_arguments_and_native_type_names() -> None:
    schema = parse("model A {\n  price Decimal @db.Decimal(10, 2)\n"
                   "  @@unique(\n    [price],\n    map: \"a_price\"\n  )\n}\n", PATH)
    [a] = schema.models
    native = a.fields[0].attributes[0]
    assert native.name == "db.Decimal"
    assert [arg.value for arg in native.args] == [PrismaNumber("10", Position(2, 29)),
                                                  PrismaNumber("2", Position(2, 33))]
    assert [arg.name for arg in a.attributes[0].args] == [None, "map"]


def test_enum_values_and_maps() -> None:
    schema = parse('enum Role {\n  USER\n  ADMIN @map("admin")\n  @@map("role")\n}\n', PATH)
    [role] = schema.enums
    assert [v.name for v in role.values] == ["USER", "ADMIN"]
    assert role.values[1].attributes[0].name == "map"
    assert plan_migration(schema).enums[0].values == ("USER", "admin")


# --- DDL -----------------------------------------------------------------------------

SMALL = """\
datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}

enum Role {
  USER
  ADMIN @map("admin")

  @@map("role")
}

model User {
  id        Int      @id @default(autoincrement())
  email     String   @unique @db.VarChar(255)
  role      Role     @default(ADMIN)
  name      String?  @default("it's")
  balance   Decimal  @default(0.5)
  ratio     Float?
  data      Json     @default("{}")
  token     String   @default(uuid())
  createdAt DateTime @default(now()) @map("created_at")
  updatedAt DateTime @updatedAt
  posts     Post[]
}

model Post {
  tenant   Int
  slug     String
  authorId Int?
  title    String    @db.Text
  author   User?     @relation(fields: [authorId], references: [id], onUpdate: NoAction)
  comments Comment[]

  @@id([tenant, slug])
  @@index([authorId])
  @@unique([title, authorId], map: "post_title_author")
  @@map("posts")
}

model Comment {
  id     BigInt @id @default(autoincrement())
  tenant Int
  slug   String
  body   String
  post   Post   @relation(fields: [tenant, slug], references: [tenant, slug], onDelete: Cascade)
}
"""

SMALL_DDL = """\
-- CreateEnum
CREATE TYPE "role" AS ENUM ('USER', 'admin');

-- CreateTable
CREATE TABLE "User" (
    "id" SERIAL NOT NULL,
    "email" VARCHAR(255) NOT NULL,
    "role" "role" NOT NULL DEFAULT 'admin',
    "name" TEXT DEFAULT 'it''s',
    "balance" DECIMAL(65,30) NOT NULL DEFAULT 0.5,
    "ratio" DOUBLE PRECISION,
    "data" JSONB NOT NULL DEFAULT '{}',
    "token" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "posts" (
    "tenant" INTEGER NOT NULL,
    "slug" TEXT NOT NULL,
    "authorId" INTEGER,
    "title" TEXT NOT NULL,

    CONSTRAINT "posts_pkey" PRIMARY KEY ("tenant","slug")
);

-- CreateTable
CREATE TABLE "Comment" (
    "id" BIGSERIAL NOT NULL,
    "tenant" INTEGER NOT NULL,
    "slug" TEXT NOT NULL,
    "body" TEXT NOT NULL,

    CONSTRAINT "Comment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "posts_authorId_idx" ON "posts"("authorId");

-- CreateIndex
CREATE UNIQUE INDEX "post_title_author" ON "posts"("title", "authorId");

-- AddForeignKey
ALTER TABLE "posts" ADD CONSTRAINT "posts_authorId_fkey" FOREIGN KEY ("authorId") \
REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE NO ACTION;

-- AddForeignKey
ALTER TABLE "Comment" ADD CONSTRAINT "Comment_tenant_slug_fkey" \
FOREIGN KEY ("tenant", "slug") REFERENCES "posts"("tenant", "slug") \
ON DELETE CASCADE ON UPDATE CASCADE;
"""


def test_small_schema_renders_prisma_migrate_ddl_exactly() -> None:
    assert ddl(SMALL) == SMALL_DDL


def test_required_relation_defaults_to_restrict_and_relation_mode_prisma_drops_fks() -> None:
    text = ("model A {\n  id Int @id\n  bs B[]\n}\n"
            "model B {\n  id Int @id\n  aId Int\n"
            "  a A @relation(fields: [aId], references: [id])\n}\n")
    [fk] = plan_migration(parse(text, PATH)).foreign_keys
    assert (fk.name, fk.on_delete, fk.on_update) == ("B_aId_fkey", "RESTRICT", "CASCADE")
    prisma_mode = 'datasource db {\n  provider = "postgresql"\n  relationMode = "prisma"\n}\n'
    assert plan_migration(parse(prisma_mode + text, PATH)).foreign_keys == ()


def test_one_to_one_and_named_relations() -> None:
    text = ("model User {\n  id Int @id\n  profile Profile?\n"
            "  written Post[] @relation(\"author\")\n  edited Post[] @relation(\"editor\")\n}\n"
            "model Profile {\n  id Int @id\n  userId Int @unique\n"
            "  user User @relation(fields: [userId], references: [id])\n}\n"
            "model Post {\n  id Int @id\n  authorId Int\n  editorId Int?\n"
            "  author User @relation(\"author\", fields: [authorId], references: [id])\n"
            "  editor User? @relation(name: \"editor\", fields: [editorId], references: [id])\n}\n")
    fks = plan_migration(parse(text, PATH)).foreign_keys
    assert [(f.name, f.on_delete) for f in fks] == [("Profile_userId_fkey", "RESTRICT"),
                                                    ("Post_authorId_fkey", "RESTRICT"),
                                                    ("Post_editorId_fkey", "SET NULL")]


def test_native_types_and_defaults() -> None:
    text = ('datasource pg {\n  provider = "postgresql"\n}\n'
            "model A {\n  id String @id @pg.Uuid @default(dbgenerated(\"gen_random_uuid()\"))\n"
            "  n Int @pg.SmallInt @default(autoincrement())\n"
            "  at DateTime @pg.Timestamptz(6) @default(now())\n  d DateTime? @pg.Date\n"
            "  flag Boolean @default(true)\n  big BigInt @default(-1)\n  doc Json @pg.Json\n}\n")
    [table] = plan_migration(parse(text, PATH)).tables
    assert [(c.sql_type, c.default) for c in table.columns] == [
        ("UUID", "gen_random_uuid()"), ("SMALLSERIAL", None),
        ("TIMESTAMPTZ(6)", "CURRENT_TIMESTAMP"), ("DATE", None), ("BOOLEAN", "true"),
        ("BIGINT", "-1"), ("JSON", None)]


def test_long_names_are_cut_like_prisma_does() -> None:
    assert constraint_name("a" * 70, "_key") == "a" * 59 + "_key"
    assert constraint_name("a" * 58, "_pkey") == "a" * 58 + "_pkey"
    assert constraint_name("a" * 57, "_pkey") == "a" * 57 + "_pkey"
    assert constraint_name("é" * 40, "_idx") == "é" * 29 + "_idx"  # 2 bytes each, cut at 59
    table = "t" * 40
    text = f"model A {{\n  id Int @id\n  {'c' * 30} Int @unique\n  @@map(\"{table}\")\n}}\n"
    [index] = plan_migration(parse(text, PATH)).indexes
    assert index.name == f"{table}_{'c' * 18}_key" and len(index.name) == 63


def test_see_it_now_schema_renders() -> None:
    plan = plan_migration(parse_file(SEE_IT_NOW))
    assert [t.name for t in plan.tables] == [
        "Session", "shops", "product_assets", "room_sessions", "render_jobs",
        "prompt_versions", "render_runs", "variant_results", "usage_daily"]
    assert [i.name for i in plan.indexes] == [
        "shops_shop_domain_key", "product_assets_shop_id_product_id_idx",
        "product_assets_shop_id_product_id_is_default_idx", "prompt_versions_version_key",
        "usage_daily_shop_id_date_key"]
    actions = {fk.name: fk.on_delete for fk in plan.foreign_keys}
    assert actions == {
        "product_assets_shop_id_fkey": "CASCADE", "room_sessions_shop_id_fkey": "CASCADE",
        "render_jobs_shop_id_fkey": "CASCADE", "render_jobs_product_asset_id_fkey": "SET NULL",
        "render_jobs_room_session_id_fkey": "SET NULL", "render_runs_shop_id_fkey": "CASCADE",
        "render_runs_product_asset_id_fkey": "RESTRICT",
        "variant_results_render_run_id_fkey": "CASCADE", "usage_daily_shop_id_fkey": "CASCADE"}
    text = to_ddl(parse_file(SEE_IT_NOW))
    assert '    "updated_at" TIMESTAMP(3) NOT NULL,\n' in text
    assert '    "id" TEXT NOT NULL,\n' in text and "DEFAULT gen_random_uuid" not in text


# --- errors: one line, file:line:column ----------------------------------------------

USER_POST = "model User {\n  id Int @id\n  posts Post[]\n}\nmodel Post {\n  id Int @id\n"

BAD_INPUTS = {
    "unknown attribute": (
        "model A {\n  id Int @id @primary\n}\n",
        "2:14: unknown attribute `@primary`"),
    "unknown type": (
        "model A {\n  id Strin @id\n}\n",
        "2:6: unknown type `Strin`"),
    "unterminated block at end of file": (
        "model A {\n  id Int @id\n",
        "1:1: unterminated block: `model A` has no closing `}`"),
    "unterminated block before the next": (
        "model A {\n  id Int @id\n\nmodel B {\n  id Int @id\n}\n",
        "1:1: unterminated block: `model A` has no closing `}`"),
    "relation to an unknown model": (
        "model Post {\n  id Int @id\n  authorId Int\n"
        "  author Usr @relation(fields: [authorId], references: [id])\n}\n",
        "4:10: relation to unknown model `Usr`"),
    "fields and references differ in length": (
        USER_POST + "  a  Int\n  b  Int\n"
        "  user User @relation(fields: [a, b], references: [id])\n}\n",
        "9:51: `fields` names 2 field(s) but `references` names 1"),
    "unknown referential action": (
        USER_POST + "  userId Int\n"
        "  user User @relation(fields: [userId], references: [id], onDelete: Destroy)\n}\n",
        "8:69: onDelete must be one of Cascade, Restrict, NoAction, SetNull, SetDefault, "
        "found Destroy"),
    "unterminated string": (
        'datasource db {\n  provider = "postgresql\n}\n',
        "2:14: unterminated string"),
    "missing = in a setting": (
        'generator client {\n  provider "prisma-client-js"\n}\n',
        '2:12: expected `=` after setting `provider`, found string "prisma-client-js"'),
    "scalar list": (
        "model A {\n  id Int @id\n  tags String[]\n}\n",
        "3:8: scalar lists (`String[]`) are not supported"),
    "no opposite relation field": (
        "model User {\n  id Int @id\n}\nmodel Post {\n  id Int @id\n  userId Int\n"
        "  user User @relation(fields: [userId], references: [id])\n}\n",
        "7:3: relation field `user` on model `Post` has no opposite relation field on model "
        "`User`"),
    "implicit many-to-many": (
        "model A {\n  id Int @id\n  bs B[]\n}\nmodel B {\n  id Int @id\n  as A[]\n}\n",
        "3:3: implicit many-to-many relations are not supported; declare the join model "
        "explicitly"),
    "updatedAt on a string": (
        "model A {\n  id Int @id\n  at String @updatedAt\n}\n",
        "3:13: `@updatedAt` needs a DateTime field"),
    "native type of the wrong family": (
        'datasource db {\n  provider = "postgresql"\n}\n'
        "model A {\n  id Int @id @db.VarChar(3)\n}\n",
        "5:14: native type `@db.VarChar` does not fit type `Int` (it needs `String`)"),
    "other provider": (
        'datasource db {\n  provider = "mysql"\n}\n',
        '2:14: datasource provider "mysql" is not supported; drift reads "postgresql" schemas'),
    "duplicate constraint name": (
        'model A {\n  id Int @id\n  x  Int @unique(map: "A_pkey")\n}\n',
        "3:10: the constraint name `A_pkey` is already used"),
    "no unique criterion": (
        "model A {\n  x Int\n}\n",
        "1:1: model `A` needs a unique criterion: @id, @@id, @unique or @@unique"),
    "stray character": (
        "model A {\n  id Int @id # note\n}\n",
        "2:14: unexpected character '#'"),
    "one-to-one without unique fields": (
        "model User {\n  id Int @id\n  profile Profile?\n}\n"
        "model Profile {\n  id Int @id\n  userId Int\n"
        "  user User @relation(fields: [userId], references: [id])\n}\n",
        "8:31: a one-to-one relation needs unique `fields`: add @unique (or @@unique) to them"),
    "SetNull on a required field": (
        USER_POST + "  userId Int\n"
        "  user User @relation(fields: [userId], references: [id], onDelete: SetNull)\n}\n",
        "8:69: onDelete: SetNull needs optional `fields`"),
    "default of the wrong type": (
        "model A {\n  id Int @id @default(\"one\")\n}\n",
        '2:23: default "one" does not fit type `Int`'),
    "unknown field in references": (
        USER_POST + "  userId Int\n  user User @relation(fields: [userId], references: [x])\n}\n",
        "8:54: unknown field `x` in model `User`"),
    "references not unique": (
        "model User {\n  id Int @id\n  email String\n  posts Post[]\n}\n"
        "model Post {\n  id Int @id\n  mail String\n"
        "  user User @relation(fields: [mail], references: [email])\n}\n",
        "9:51: `references` must name the primary key or a unique field set of `User`"),
    "attribute on a relation field": (
        USER_POST + "  userId Int\n"
        "  user User @relation(fields: [userId], references: [id]) @map(\"u\")\n}\n",
        "8:59: `@map` cannot be used on relation field `user`"),
}


@pytest.mark.parametrize("text, expected", BAD_INPUTS.values(), ids=BAD_INPUTS.keys())
def test_bad_input_names_file_line_and_column(text: str, expected: str) -> None:
    with pytest.raises(DriftInputError) as caught:
        ddl(text)
    assert str(caught.value) == f"{PATH}:{expected}"
    assert "\n" not in str(caught.value)


def test_parse_file_names_the_real_path(tmp_path: Path) -> None:
    bad = tmp_path / "schema.prisma"
    bad.write_text("model A {\n  id Int @id @@map(\"a\")\n}\n")
    with pytest.raises(DriftInputError, match=r"^" + str(bad) + ":2:14: unexpected `@@` after "
                       r"field `id`; expected end of line$"):
        parse_file(bad)
