-- cast_identity_dropped: an identity column becomes a plain column: DROP IDENTITY.
CREATE TABLE crates (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, label text);
INSERT INTO crates (label) VALUES ('a'), ('b');
