-- Target: every object kind drift compares besides tables.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE DOMAIN evm_address AS varchar(42)
    CONSTRAINT ck_evm_address CHECK (VALUE ~ '^0x[0-9a-f]{40}$');
CREATE SEQUENCE invoice_numbers START 1000;
CREATE TABLE wallets (
    id      serial PRIMARY KEY,
    address evm_address,
    feeling mood,
    n       int DEFAULT nextval('invoice_numbers')
);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.n := 1;
    RETURN NEW;
END $$;
CREATE TRIGGER wallets_touch BEFORE INSERT ON wallets FOR EACH ROW EXECUTE FUNCTION touch();
CREATE VIEW happy_wallets AS SELECT id, address FROM wallets WHERE feeling = 'happy';
