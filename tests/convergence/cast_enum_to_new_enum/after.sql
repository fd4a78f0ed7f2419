CREATE SCHEMA ref;
CREATE TYPE ref.size_old AS ENUM ('s', 'm', 'l');
CREATE TYPE ref.size AS ENUM ('xs', 's', 'm', 'l', 'xl');
CREATE TABLE shirts (id integer PRIMARY KEY, size ref.size);
