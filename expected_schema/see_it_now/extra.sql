-- What schema.prisma cannot express, applied after its DDL (drift.toml: extra_sql).

-- ProductAsset invariant 1, "Single Default": only one ProductAsset per
-- (shopId, productId) can have isDefault = true. Prisma has no partial indexes, so the
-- index is declared here; the drift.toml invariant product_assets_single_default
-- names the rows that break it.
CREATE UNIQUE INDEX "product_assets_one_default_key" ON "product_assets" ("shop_id", "product_id")
    WHERE "is_default";
