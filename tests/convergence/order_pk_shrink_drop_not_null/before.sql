-- order_pk_shrink_drop_not_null: the primary key shrinks from (tenant, code) to (id),
-- and code becomes nullable. DROP NOT NULL fails while code is still in the primary
-- key: it must come after the old key is gone, whatever phase that happens in.
CREATE TABLE codes (id integer NOT NULL, tenant integer NOT NULL, code text NOT NULL,
                    CONSTRAINT codes_pkey PRIMARY KEY (tenant, code));
INSERT INTO codes VALUES (1, 1, 'a'), (2, 1, 'b'), (3, 2, 'a');
