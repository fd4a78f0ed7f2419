"""Finding a table's or object's declaring line in the expected source: by reading the
code (comments, string literals and docstrings do not count), or not at all."""

from __future__ import annotations

from pathlib import Path

from drift.report.locate import index

SQL = '''-- orders: the table orders replaces legacy_orders (comment mentions uq_orders_ref)
CREATE TABLE IF NOT EXISTS shop."Order Lines" (
    id bigint PRIMARY KEY,
    note text DEFAULT 'uq_orders_ref ( is not a name',
    ref text
);

/* CREATE TABLE ghost (id int); */
CREATE TABLE orders (
    id   bigint PRIMARY KEY,
    ref  text NOT NULL,
    body text DEFAULT $$ CONSTRAINT uq_orders_ref $$,
    CONSTRAINT uq_orders_ref UNIQUE (ref)
);
CREATE INDEX ix_orders_ref ON orders (ref);
'''

MODELS = '''"""Models; the docstring names uq_orders_ref and orders, which must not count."""
import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

SHOP = "shop"


class Base(DeclarativeBase):
    pass


class Order(Base):
    """Orders (uq_orders_ref)."""

    __tablename__ = "orders"
    __table_args__ = (sa.UniqueConstraint("ref", name="uq_orders_ref"), {"schema": SHOP})

    id: Mapped[int] = mapped_column(primary_key=True)
    # ref is the order's reference
    ref: Mapped[str] = mapped_column(sa.Text)
    meta_: Mapped[str] = mapped_column("metadata", sa.Text)


lines = sa.Table("order_lines", Base.metadata, sa.Column("id", sa.Integer), schema="shop")
sa.Index("ix_orders_ref", Order.ref)
FUNCTIONS = sa.DDL("""
-- fn_touch is mentioned in this comment first
CREATE FUNCTION shop.fn_touch() RETURNS trigger
    LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$""")
'''

PRISMA = '''// model Ghost { } is a comment
model Order {
  id     Int    @id
  refNo  String @map("ref_no")

  @@unique([refNo], map: "uq_orders_ref")
  @@map("orders")
}

model Line {
  id Int @id
}
'''


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_sql(tmp_path: Path) -> None:
    ix = index(_write(tmp_path, "schema.sql", SQL))
    assert ix is not None
    assert set(ix.tables) == {"order lines", "orders"}  # not the commented-out ghost
    assert ix.table("shop", "Order Lines").start == 2  # type: ignore[union-attr]
    assert ix.table("public", "Order Lines") is None  # another schema's table
    assert ix.line("public", "orders", "uq_orders_ref", ["ref"]) == 13  # not comment/string
    assert ix.line("public", "orders", "ref", ["ref"]) == 11
    assert ix.line("public", "orders", "ix_orders_ref", ["ref"]) == 15  # after the table
    assert ix.line("public", "orders", "uq_legacy", ["ref"]) == 9  # its table, no guess
    assert ix.line("public", "ghost", "x", []) is None
    assert ix.line("shop", "Order Lines", "note", ["note"]) == 4


def test_models(tmp_path: Path) -> None:
    ix = index(_write(tmp_path, "models.py", MODELS))
    assert ix is not None
    assert ix.table("shop", "orders").start == 12  # type: ignore[union-attr]
    assert ix.line("shop", "orders", "uq_orders_ref", ["ref"]) == 16
    assert ix.line("shop", "orders", "ref", ["ref"]) == 20  # the attribute, not the args
    assert ix.line("shop", "orders", "metadata", ["metadata"]) == 21
    assert ix.line("shop", "orders", "ix_orders_ref", ["ref"]) == 25
    assert ix.line("shop", "order_lines", "id", ["id"]) == 24
    assert ix.line("shop", "missing", "uq_orders_ref", []) is None  # not another table's
    assert ix.table("auth", "orders") is None  # declared in schema "shop"
    assert ix.line("shop", "orders", "uq_nowhere", []) == 12
    assert ix.line("shop", "", "fn_touch", []) == 28  # in the DDL text, not its comment
    assert index(_write(tmp_path, "broken.py", "class (:\n")) is None


def test_prisma(tmp_path: Path) -> None:
    ix = index(_write(tmp_path, "schema.prisma", PRISMA))
    assert ix is not None
    assert set(ix.tables) == {"orders", "line"}
    assert ix.line("public", "orders", "uq_orders_ref", ["ref_no"]) == 6
    assert ix.line("public", "orders", "ref_no", ["ref_no"]) == 4
    assert ix.line("public", "orders", "orders_pkey", ["id"]) == 2  # generated name: the model
    assert index(_write(tmp_path, "snapshot.json", "{}")) is None
