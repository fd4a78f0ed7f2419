CREATE TABLE people (
    id integer PRIMARY KEY,
    email text NOT NULL,
    handle text,
    code text NOT NULL,
    active boolean NOT NULL DEFAULT true,
    CONSTRAINT people_mail_check CHECK (email LIKE '%@%'),
    CONSTRAINT people_ref_key UNIQUE (code)
);
CREATE INDEX people_mail_lower_idx ON people (lower(email));
CREATE INDEX people_nick_active_idx ON people (handle) WHERE active AND handle IS NOT NULL;
CREATE TABLE badges (
    id integer PRIMARY KEY,
    person_ref text REFERENCES people (code)
);
