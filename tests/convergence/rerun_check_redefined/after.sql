CREATE TABLE rates (id integer PRIMARY KEY, pct integer NOT NULL,
                    CONSTRAINT rates_pct_check CHECK (pct >= 0 AND pct <= 100));
