-- cast_identity_always_to_by_default: ALWAYS becomes BY DEFAULT: SET GENERATED.
CREATE TABLE boxes (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, label text);
INSERT INTO boxes (label) VALUES ('a'), ('b');
