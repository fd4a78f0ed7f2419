CREATE TABLE rects (id integer PRIMARY KEY, w integer NOT NULL, h integer NOT NULL,
                    area integer GENERATED ALWAYS AS (w * h) STORED);
