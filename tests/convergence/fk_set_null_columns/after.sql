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
        REFERENCES folders (tenant_id, id) ON DELETE SET NULL (folder_id),
    CONSTRAINT files_archive_fkey FOREIGN KEY (tenant_id, archive_folder_id)
        REFERENCES folders (tenant_id, id) ON DELETE SET DEFAULT (archive_folder_id)
);
