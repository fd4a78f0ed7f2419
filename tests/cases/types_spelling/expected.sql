-- types_spelling, target: the standard SQL spellings of live.sql's schema.
CREATE TABLE customers (
    id integer,
    code character varying(20) NOT NULL,
    name text NOT NULL DEFAULT 'x',
    active boolean NOT NULL DEFAULT TRUE,
    created_at timestamp with time zone NOT NULL DEFAULT now(),
    score double precision,
    rating real,
    credit decimal(10, 2) DEFAULT 0.00,
    tags character varying ARRAY,
    nick character(3),
    big bigint,
    small smallint,
    seen timestamp without time zone DEFAULT localtimestamp,
    CONSTRAINT customers_pkey PRIMARY KEY (id),
    CONSTRAINT customers_code_key UNIQUE (code),
    CONSTRAINT customers_credit_check CHECK (credit >= 0),
    CONSTRAINT customers_code_check CHECK (code <> '')
);

CREATE TABLE orders (
    id integer NOT NULL,
    customer_id integer NOT NULL,
    qty integer NOT NULL,
    status character varying(10) NOT NULL DEFAULT 'new',
    placed_on date DEFAULT current_date,
    at_time time with time zone,
    price numeric(12, 3),
    PRIMARY KEY (id),
    CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers (id),
    CONSTRAINT orders_qty_check CHECK (qty >= 1 AND qty <= 100)
);
CREATE INDEX orders_customer_idx ON orders (customer_id);
