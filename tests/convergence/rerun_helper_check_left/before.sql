-- rerun_helper_check_left: an earlier drift run was interrupted after the expand phase of
-- a NOT NULL change: its helper CHECK (col IS NOT NULL) NOT VALID, named *_drift_nn, is
-- still there. It is drift's own (not a legacy DR203): a fresh plan takes it over and
-- drops it once SET NOT NULL is done.
CREATE TABLE members (id integer PRIMARY KEY, email text);
INSERT INTO members VALUES (1, 'a@x'), (2, 'b@x');
ALTER TABLE members ADD CONSTRAINT members_email_drift_nn CHECK (email IS NOT NULL) NOT VALID;
