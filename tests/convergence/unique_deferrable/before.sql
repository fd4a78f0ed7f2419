-- unique_deferrable: deferrability of UNIQUE constraints: a new DEFERRABLE one, a new
-- DEFERRABLE INITIALLY DEFERRED one, and an existing immediate one that becomes
-- DEFERRABLE INITIALLY DEFERRED (same name and columns: drift redefines it).
CREATE TABLE playlist_items (
    id integer PRIMARY KEY,
    playlist_id integer NOT NULL,
    position integer NOT NULL,
    track_id integer NOT NULL,
    token text,
    CONSTRAINT playlist_items_position_key UNIQUE (playlist_id, position)
);
INSERT INTO playlist_items VALUES (1, 1, 1, 10, 'a'), (2, 1, 2, 11, 'b'), (3, 2, 1, 10, NULL);
