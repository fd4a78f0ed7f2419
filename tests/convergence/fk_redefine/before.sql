-- fk_redefine: existing foreign keys whose definition changes under the same name:
-- NO ACTION -> CASCADE, CASCADE -> RESTRICT on update, SET NULL -> SET DEFAULT, and a
-- key that now points at another column (a unique code instead of the id).
CREATE TABLE vendors (id integer PRIMARY KEY, code text NOT NULL UNIQUE);
CREATE TABLE parts (
    id integer PRIMARY KEY,
    vendor_id integer DEFAULT 1,
    backup_vendor_id integer,
    vendor_code text,
    CONSTRAINT parts_vendor_fkey FOREIGN KEY (vendor_id) REFERENCES vendors (id),
    CONSTRAINT parts_backup_fkey FOREIGN KEY (backup_vendor_id) REFERENCES vendors (id)
        ON UPDATE CASCADE ON DELETE SET NULL,
    CONSTRAINT parts_code_fkey FOREIGN KEY (vendor_code) REFERENCES vendors (code)
);
INSERT INTO vendors VALUES (1, 'v1'), (2, 'v2');
INSERT INTO parts VALUES (1, 1, 2, 'v1'), (2, 2, NULL, 'v2'), (3, NULL, 1, NULL);
