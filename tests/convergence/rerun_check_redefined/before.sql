-- rerun_check_redefined: a CHECK whose expression changes under the same name is
-- dropped and added once; the second run finds the target definition and skips both.
CREATE TABLE rates (id integer PRIMARY KEY, pct integer NOT NULL,
                    CONSTRAINT rates_pct_check CHECK (pct >= 0));
INSERT INTO rates VALUES (1, 5), (2, 50);
