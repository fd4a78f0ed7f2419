CREATE TABLE crates (id integer NOT NULL PRIMARY KEY, label text);
