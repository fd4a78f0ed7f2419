CREATE TABLE a_refs (id integer PRIMARY KEY, sku text);
CREATE TABLE z_products (id integer PRIMARY KEY, sku text NOT NULL);
CREATE UNIQUE INDEX z_products_sku_idx ON z_products (sku);
ALTER TABLE a_refs ADD CONSTRAINT a_refs_sku_fkey FOREIGN KEY (sku) REFERENCES z_products (sku);
