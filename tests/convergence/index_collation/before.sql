-- index_collation: an index key with an explicit collation, new and on an existing
-- index (same name, same column, COLLATE "C" added). The collation changes what the
-- index can serve (ORDER BY name COLLATE "C", LIKE 'x%' prefix scans).
CREATE TABLE cities (
    id integer PRIMARY KEY,
    name text NOT NULL,
    country text NOT NULL
);
CREATE INDEX cities_name_idx ON cities (name);
INSERT INTO cities VALUES (1, 'Zürich', 'CH'), (2, 'apeldoorn', 'NL'), (3, 'Oslo', 'NO');
