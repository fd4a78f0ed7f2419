-- part_unique_on_partitioned: a partitioned table gets a unique constraint and a
-- primary key. Neither can be built CONCURRENTLY on the parent: each partition's
-- unique index is, then becomes its constraint USING INDEX and is attached to the
-- key added ONLY to the parent (the guard checks duplicates first).
CREATE TABLE accounts (
    id integer NOT NULL,
    tenant integer NOT NULL,
    email text
) PARTITION BY LIST (tenant);
CREATE TABLE accounts_t1 PARTITION OF accounts FOR VALUES IN (1);
CREATE TABLE accounts_t2 PARTITION OF accounts FOR VALUES IN (2);
INSERT INTO accounts VALUES (1, 1, 'a@x'), (2, 1, 'b@x'), (1, 2, 'a@x');
