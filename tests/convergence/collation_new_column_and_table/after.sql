CREATE TABLE tags (id integer PRIMARY KEY, label varchar(40) COLLATE "C");
CREATE TABLE slugs (id integer PRIMARY KEY, slug text COLLATE "POSIX" NOT NULL);
