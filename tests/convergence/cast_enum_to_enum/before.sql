-- cast_enum_to_enum: a column moves from one enum to another that has the same labels
-- and more. There is no cast between two enums: USING col::text::new_type.
CREATE TYPE old_status AS ENUM ('new', 'done');
CREATE TYPE task_status AS ENUM ('new', 'doing', 'done');
CREATE TABLE tasks (id integer PRIMARY KEY, status old_status NOT NULL);
INSERT INTO tasks VALUES (1, 'new'), (2, 'done');
