-- pk_add: a table without a primary key gets one on a nullable column (the target
-- makes it NOT NULL, as a PRIMARY KEY does), and a second table gets a composite key.
CREATE TABLE audit_log (
    id integer,
    message text
);
CREATE TABLE tag_links (
    post_id integer NOT NULL,
    tag_id integer NOT NULL
);
INSERT INTO audit_log VALUES (1, 'boot'), (2, 'login'), (3, NULL);
INSERT INTO tag_links VALUES (1, 1), (1, 2), (2, 1);
