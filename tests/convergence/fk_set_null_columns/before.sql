-- fk_set_null_columns: PostgreSQL 15's column lists on ON DELETE SET NULL / SET DEFAULT:
-- deleting a folder clears only folder_id, never tenant_id, which is part of the key.
-- One key is new, one existing key gains the column list under the same name.
CREATE TABLE folders (
    tenant_id integer NOT NULL,
    id integer NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE TABLE files (
    id integer PRIMARY KEY,
    tenant_id integer NOT NULL,
    folder_id integer,
    archive_folder_id integer,
    CONSTRAINT files_folder_fkey FOREIGN KEY (tenant_id, folder_id)
        REFERENCES folders (tenant_id, id) ON DELETE SET NULL
);
INSERT INTO folders VALUES (1, 1), (1, 2), (2, 1);
INSERT INTO files VALUES (1, 1, 1, 2), (2, 1, NULL, NULL), (3, 2, 1, 1);
