CREATE TABLE tickets (
    id integer PRIMARY KEY,
    status text DEFAULT 'new',
    priority integer DEFAULT 3,
    source text,
    opened_on date DEFAULT CURRENT_DATE,
    code text DEFAULT upper(md5('x')),
    kept integer DEFAULT 7
);
