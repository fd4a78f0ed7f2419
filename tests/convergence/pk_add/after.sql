CREATE TABLE audit_log (
    id integer PRIMARY KEY,
    message text
);
CREATE TABLE tag_links (
    post_id integer NOT NULL,
    tag_id integer NOT NULL,
    PRIMARY KEY (post_id, tag_id)
);
