-- rerun_helper_check_renamed_column: the same interrupted NOT NULL helper, on a column
-- the target renames (declared): the helper carries the live name and is still drift's.
CREATE TABLE clients (id integer PRIMARY KEY, mail text);
INSERT INTO clients VALUES (1, 'a@x'), (2, 'b@x');
ALTER TABLE clients ADD CONSTRAINT clients_mail_drift_nn CHECK (mail IS NOT NULL) NOT VALID;
