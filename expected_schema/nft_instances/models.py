"""SQLAlchemy models for the instance-first NFT app's target schema (docs/nft-app.md).

This is the same target as `schema.sql` beside it, written as SQLAlchemy 2.x
declarative models: drift materialises either file in a scratch PostgreSQL and
reads back the identical catalog (see tests/integration/test_sources_equivalent.py).

To keep the two byte-for-byte equal in drift's eyes:

* every primary key, unique constraint and foreign key is given the name PostgreSQL
  generates for the unnamed constraint in `schema.sql` (`<table>_pkey`,
  `<table>_<column>_key`, `<table>_<column>_fkey`), or the explicit name used there;
* `id` columns are single-column `Integer` primary keys, which SQLAlchemy creates as
  SERIAL (an owned sequence), exactly like `serial` in the SQL;
* server defaults are SQL expressions (`now()`, `false`, `0`, `0.0`, `'pending'`);
* attributes are declared in the SQL's column order, which is the table's order.

`prize_draw_winning_numbers.metadata` is mapped as `metadata_` because `metadata`
is reserved on a declarative class; the column itself is still named `metadata`.
"""

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NOW = sa.text("now()")


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    __table_args__ = (
        sa.PrimaryKeyConstraint("id", name="users_pkey"),
        sa.UniqueConstraint("in_app_id", name="users_in_app_id_key"),
        sa.UniqueConstraint("paymail", name="users_paymail_key"),
    )

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    in_app_id: Mapped[str] = mapped_column(sa.String(64))
    nickname: Mapped[str | None] = mapped_column(sa.String(64))
    paymail: Mapped[str | None] = mapped_column(sa.String(255))
    on_chain_id: Mapped[str | None] = mapped_column(sa.String(128))
    email: Mapped[str | None] = mapped_column(sa.String(255))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=NOW)


class Admin(Base):
    __tablename__ = "admins"
    __table_args__ = (
        sa.PrimaryKeyConstraint("id", name="admins_pkey"),
        sa.UniqueConstraint("email", name="admins_email_key"),
    )

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(255))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=NOW)


class NftTemplate(Base):
    __tablename__ = "nft_templates"
    __table_args__ = (sa.PrimaryKeyConstraint("id", name="nft_templates_pkey"),)

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(128))
    description: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=NOW)


class NftDefinition(Base):
    __tablename__ = "nft_definitions"
    __table_args__ = (
        sa.PrimaryKeyConstraint("id", name="nft_definitions_pkey"),
        sa.UniqueConstraint("prefix", name="nft_definitions_prefix_key"),
    )

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    prefix: Mapped[str] = mapped_column(sa.String(32))
    name: Mapped[str] = mapped_column(sa.String(128))
    nft_type: Mapped[str] = mapped_column(sa.String(32))
    category: Mapped[str | None] = mapped_column(sa.String(64))
    triggers_bingo_card: Mapped[bool] = mapped_column(sa.Boolean,
                                                      server_default=sa.text("false"))
    minted_count: Mapped[int] = mapped_column(sa.Integer, server_default=sa.text("0"))
    template_id: Mapped[int | None] = mapped_column(
        sa.Integer, sa.ForeignKey("nft_templates.id", name="nft_definitions_template_id_fkey"))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=NOW)


class NftInstance(Base):
    __tablename__ = "nft_instances"
    __table_args__ = (
        sa.PrimaryKeyConstraint("id", name="nft_instances_pkey"),
        sa.UniqueConstraint("unique_nft_id", name="uq_nft_instances_unique_nft_id"),
        # An instance's on-chain id is unique when present.
        sa.Index("uq_nft_instances_blockchain_nft_id", "blockchain_nft_id", unique=True,
                 postgresql_where=sa.text("blockchain_nft_id IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.Integer,
        sa.ForeignKey("users.id", ondelete="CASCADE", name="nft_instances_user_id_fkey"))
    nft_id: Mapped[int] = mapped_column(
        sa.Integer, sa.ForeignKey("nft_definitions.id", name="nft_instances_nft_id_fkey"))
    unique_nft_id: Mapped[str] = mapped_column(sa.String(64))
    blockchain_nft_id: Mapped[str | None] = mapped_column(sa.String(128))
    nft_origin: Mapped[str | None] = mapped_column(sa.String(128))
    other_meta: Mapped[dict[str, Any] | None] = mapped_column(postgresql.JSONB)
    acquired_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=NOW)


class BingoCard(Base):
    __tablename__ = "bingo_cards"
    __table_args__ = (sa.PrimaryKeyConstraint("id", name="bingo_cards_pkey"),)

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.Integer,
        sa.ForeignKey("users.id", ondelete="CASCADE", name="bingo_cards_user_id_fkey"))
    nft_id: Mapped[int] = mapped_column(
        sa.Integer, sa.ForeignKey("nft_definitions.id", name="bingo_cards_nft_id_fkey"))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=NOW)


class BingoCell(Base):
    __tablename__ = "bingo_cells"
    __table_args__ = (
        sa.PrimaryKeyConstraint("id", name="bingo_cells_pkey"),
        sa.UniqueConstraint("bingo_card_id", "cell_index", name="uq_bingo_cell_position"),
    )

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    bingo_card_id: Mapped[int] = mapped_column(
        sa.Integer,
        sa.ForeignKey("bingo_cards.id", ondelete="CASCADE",
                      name="bingo_cells_bingo_card_id_fkey"))
    cell_index: Mapped[int] = mapped_column(sa.SmallInteger)
    target_definition_id: Mapped[int | None] = mapped_column(
        sa.Integer,
        sa.ForeignKey("nft_definitions.id", name="bingo_cells_target_definition_id_fkey"))
    matched_ownership_id: Mapped[int | None] = mapped_column(
        sa.Integer,
        sa.ForeignKey("nft_instances.id", ondelete="SET NULL",
                      name="bingo_cells_matched_ownership_id_fkey"))
    unlocked_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))


class PrizeDrawType(Base):
    __tablename__ = "prize_draw_types"
    __table_args__ = (
        sa.PrimaryKeyConstraint("id", name="prize_draw_types_pkey"),
        sa.UniqueConstraint("internal_name", name="prize_draw_types_internal_name_key"),
    )

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    internal_name: Mapped[str] = mapped_column(sa.String(64))
    algorithm_key: Mapped[str] = mapped_column(sa.String(64))
    display_name: Mapped[str | None] = mapped_column(sa.String(128))
    description: Mapped[str | None] = mapped_column(sa.Text)
    default_threshold: Mapped[float] = mapped_column(sa.Double, server_default=sa.text("0.0"))


class PrizeDrawWinningNumber(Base):
    __tablename__ = "prize_draw_winning_numbers"
    __table_args__ = (sa.PrimaryKeyConstraint("id", name="prize_draw_winning_numbers_pkey"),)

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    draw_type_id: Mapped[int] = mapped_column(
        sa.Integer,
        sa.ForeignKey("prize_draw_types.id",
                      name="prize_draw_winning_numbers_draw_type_id_fkey"))
    value: Mapped[str] = mapped_column(sa.String(128))
    metadata_: Mapped[dict[str, Any] | None] = mapped_column("metadata", postgresql.JSONB)
    effective_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    expires_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=NOW)


class PrizeDrawResult(Base):
    __tablename__ = "prize_draw_results"
    __table_args__ = (
        sa.PrimaryKeyConstraint("id", name="prize_draw_results_pkey"),
        sa.ForeignKeyConstraint(["ownership_id"], ["nft_instances.id"],
                                name="fk_prize_draw_results_ownership"),
        sa.UniqueConstraint("ownership_id", "draw_type_id", name="uq_prize_draw_result_instance"),
    )

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    nft_id: Mapped[int] = mapped_column(
        sa.Integer, sa.ForeignKey("nft_definitions.id", name="prize_draw_results_nft_id_fkey"))
    ownership_id: Mapped[int] = mapped_column(sa.Integer)
    draw_type_id: Mapped[int] = mapped_column(
        sa.Integer,
        sa.ForeignKey("prize_draw_types.id", name="prize_draw_results_draw_type_id_fkey"))
    winning_number_id: Mapped[int | None] = mapped_column(
        sa.Integer,
        sa.ForeignKey("prize_draw_winning_numbers.id",
                      name="prize_draw_results_winning_number_id_fkey"))
    draw_number: Mapped[str] = mapped_column(sa.String(64))
    similarity_score: Mapped[float | None] = mapped_column(sa.Double)
    outcome: Mapped[str] = mapped_column(sa.String(16), server_default=sa.text("'pending'"))
    evaluated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=NOW)


metadata = Base.metadata
