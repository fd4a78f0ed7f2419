-- dollar_quote_identifier, live side: a column whose (legal, unquoted) name holds
-- "$drift_guard$" and must become NOT NULL; the plan's guard for it is a
-- DO $drift_guard$ ... $drift_guard$ block that names the column.
-- Planted: 3 prices, none NULL. Expected findings: DR104 amount$drift_guard$.
CREATE TABLE prices (id integer PRIMARY KEY, amount$drift_guard$ integer);
INSERT INTO prices VALUES (1, 10), (2, 20), (3, 30);
