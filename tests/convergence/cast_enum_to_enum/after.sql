CREATE TYPE old_status AS ENUM ('new', 'done');
CREATE TYPE task_status AS ENUM ('new', 'doing', 'done');
CREATE TABLE tasks (id integer PRIMARY KEY, status task_status NOT NULL);
