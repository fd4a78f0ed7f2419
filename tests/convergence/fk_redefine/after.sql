CREATE TABLE vendors (id integer PRIMARY KEY, code text NOT NULL UNIQUE);
CREATE TABLE parts (
    id integer PRIMARY KEY,
    vendor_id integer DEFAULT 1,
    backup_vendor_id integer,
    vendor_code text,
    CONSTRAINT parts_vendor_fkey FOREIGN KEY (vendor_id) REFERENCES vendors (id)
        ON DELETE CASCADE,
    CONSTRAINT parts_backup_fkey FOREIGN KEY (backup_vendor_id) REFERENCES vendors (id)
        ON UPDATE RESTRICT ON DELETE SET DEFAULT,
    CONSTRAINT parts_code_fkey FOREIGN KEY (vendor_code) REFERENCES vendors (code)
        ON UPDATE CASCADE
);
