-- fk_actions: new foreign keys with every referential action: ON DELETE NO ACTION
-- (the default), RESTRICT, CASCADE, SET NULL, SET DEFAULT; ON UPDATE CASCADE and
-- RESTRICT; a composite key with MATCH FULL. Each child row has its parent.
CREATE TABLE teams (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE regions (code text, country text, PRIMARY KEY (code, country));
CREATE TABLE players (
    id integer PRIMARY KEY,
    team_id integer,
    coach_team_id integer,
    former_team_id integer,
    scout_team_id integer,
    home_team_id integer DEFAULT 0,
    region_code text,
    region_country text
);
INSERT INTO teams VALUES (0, 'free agents'), (1, 'red'), (2, 'blue');
INSERT INTO regions VALUES ('n', 'NO'), ('s', 'SE');
INSERT INTO players VALUES (1, 1, 1, 2, NULL, 1, 'n', 'NO'),
                           (2, 2, NULL, NULL, 2, 0, NULL, NULL),
                           (3, NULL, 2, 1, 1, 2, 's', 'SE');
