-- pk_swap_columns: a primary key moves from (legacy_code) to (id). The table must never
-- be without a primary key: the new key's index is built CONCURRENTLY aside, then the
-- old key is dropped and the new one promoted (USING INDEX) in one short transaction.
CREATE TABLE parts (id integer NOT NULL, legacy_code text NOT NULL, name text,
                    CONSTRAINT parts_pkey PRIMARY KEY (legacy_code));
INSERT INTO parts VALUES (1, 'p-1', 'bolt'), (2, 'p-2', 'nut');
