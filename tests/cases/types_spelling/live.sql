-- types_spelling, live side: the same schema as expected.sql, spelled with the
-- short type aliases, casts in defaults, REFERENCES without a column list and
-- CHECKs written another way. Nothing differs in meaning.
-- Planted: 3 customers, 4 orders (all valid).
-- Expected findings: none (findings.json is []).
CREATE TABLE customers (
    id int4 PRIMARY KEY,
    code varchar(20) NOT NULL,
    name text NOT NULL DEFAULT 'x'::text,
    active bool NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    score float8,
    rating float4,
    credit numeric(10,2) DEFAULT 0.00,
    tags varchar[],
    nick char(3),
    big int8,
    small int2,
    seen timestamp DEFAULT LOCALTIMESTAMP,
    CONSTRAINT customers_code_key UNIQUE (code),
    CONSTRAINT customers_credit_check CHECK ((credit >= (0)::numeric)),
    CONSTRAINT customers_code_check CHECK (code::text <> ''::text)
);

CREATE TABLE orders (
    id int4 PRIMARY KEY,
    customer_id int4 NOT NULL REFERENCES customers,
    qty int4 NOT NULL CHECK (qty BETWEEN 1 AND 100),
    status varchar(10) NOT NULL DEFAULT 'new'::character varying,
    placed_on date DEFAULT CURRENT_DATE,
    at_time timetz,
    price decimal(12,3)
);
CREATE INDEX orders_customer_idx ON orders USING btree (customer_id);

INSERT INTO customers (id, code, name, active, score, rating, credit, tags, nick, big, small)
VALUES (1, 'c1', 'Ann', true, 1.5, 2.5, 10.00, '{a,b}', 'ann', 1, 1),
       (2, 'c2', 'Bob', false, NULL, NULL, 0, NULL, NULL, NULL, NULL),
       (3, 'c3', 'Cy', true, 3, 4, 99.99, '{}', 'cy', 3, 3);
INSERT INTO orders (id, customer_id, qty, status, price)
VALUES (1, 1, 1, 'new', 1.5), (2, 1, 100, 'paid', 2), (3, 2, 50, 'new', NULL),
       (4, 3, 7, 'shipped', 0.001);
