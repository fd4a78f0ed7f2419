-- Live: every object kind drifted once.
-- Planted: extension pg_trgm missing (DR131); enum mood lacks 'ok' (DR133); domain
-- evm_address lacks ck_evm_address (DR134) and 1 wallet has an uppercase address
-- (DR404, violating_rows 1: id 1); function touch() body differs (DR132); trigger
-- wallets_touch missing (DR131); view happy_wallets missing (DR131); function
-- old_helper() not in the target (DR231).
CREATE TYPE mood AS ENUM ('sad', 'happy');
CREATE DOMAIN evm_address AS varchar(42);
CREATE SEQUENCE invoice_numbers START 1000;
CREATE TABLE wallets (
    id      serial PRIMARY KEY,
    address evm_address,
    feeling mood,
    n       int DEFAULT nextval('invoice_numbers')
);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.n := 2;
    RETURN NEW;
END $$;
CREATE FUNCTION old_helper() RETURNS int LANGUAGE sql AS 'SELECT 1';
INSERT INTO wallets (address, feeling) VALUES
    ('0xABCDEF0000000000000000000000000000000000', 'sad'),
    ('0x' || repeat('a', 40), 'happy'),
    (NULL, 'sad');
