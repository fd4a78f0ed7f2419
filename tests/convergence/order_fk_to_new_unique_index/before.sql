-- order_fk_to_new_unique_index: the key the new FK references is a plain unique index
-- (no constraint) that the target adds: the FK follows the index build.
CREATE TABLE a_refs (id integer PRIMARY KEY, sku text);
CREATE TABLE z_products (id integer PRIMARY KEY, sku text NOT NULL);
INSERT INTO z_products VALUES (1, 'A-1'), (2, 'B-2');
INSERT INTO a_refs VALUES (1, 'A-1'), (2, 'B-2');
