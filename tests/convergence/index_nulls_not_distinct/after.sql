CREATE TABLE devices (
    id integer PRIMARY KEY,
    serial text,
    owner_id integer,
    slot integer,
    retired boolean NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX devices_owner_slot_key ON devices (owner_id, slot) NULLS NOT DISTINCT;
CREATE UNIQUE INDEX devices_serial_key ON devices (serial) NULLS NOT DISTINCT;
CREATE UNIQUE INDEX devices_live_owner_key ON devices (owner_id) NULLS NOT DISTINCT
    WHERE NOT retired;
