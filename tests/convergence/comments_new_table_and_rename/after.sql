CREATE TABLE staff (id integer PRIMARY KEY, full_name text, hired date);
COMMENT ON COLUMN staff.full_name IS 'name as printed on the badge';
COMMENT ON COLUMN staff.hired IS 'first day';
CREATE TABLE teams (id integer PRIMARY KEY, label text);
COMMENT ON TABLE teams IS 'teams ''with'' quotes';
COMMENT ON COLUMN teams.label IS 'shown in the UI';
