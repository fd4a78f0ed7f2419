CREATE TABLE accounts (id integer PRIMARY KEY, email text, legacy text);
COMMENT ON TABLE accounts IS 'Customer accounts; one per login';
COMMENT ON COLUMN accounts.email IS 'lower-cased, unique per tenant';
