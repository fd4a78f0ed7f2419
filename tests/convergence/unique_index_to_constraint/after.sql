CREATE TABLE handles (
    id integer PRIMARY KEY,
    handle text NOT NULL,
    CONSTRAINT handles_handle_key UNIQUE (handle)
);
