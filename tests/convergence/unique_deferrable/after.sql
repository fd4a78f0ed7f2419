CREATE TABLE playlist_items (
    id integer PRIMARY KEY,
    playlist_id integer NOT NULL,
    position integer NOT NULL,
    track_id integer NOT NULL,
    token text,
    CONSTRAINT playlist_items_position_key UNIQUE (playlist_id, position)
        DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT playlist_items_track_key UNIQUE (playlist_id, track_id) DEFERRABLE,
    CONSTRAINT playlist_items_token_key UNIQUE (token) DEFERRABLE INITIALLY DEFERRED
);
