-- cast_enum_to_new_enum: the target creates a new enum (in another schema) and moves a
-- column onto it: the type is created first, then the column retyped through text.
CREATE SCHEMA ref;
CREATE TYPE ref.size_old AS ENUM ('s', 'm', 'l');
CREATE TABLE shirts (id integer PRIMARY KEY, size ref.size_old);
INSERT INTO shirts VALUES (1, 's'), (2, NULL), (3, 'l');
