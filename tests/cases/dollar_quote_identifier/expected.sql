-- dollar_quote_identifier, target.
CREATE TABLE prices (id integer PRIMARY KEY, amount$drift_guard$ integer NOT NULL);
