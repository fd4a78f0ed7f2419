CREATE TABLE carts (id integer PRIMARY KEY, n integer NOT NULL, doubled integer);
