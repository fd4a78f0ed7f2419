CREATE TABLE teams (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE regions (code text, country text, PRIMARY KEY (code, country));
CREATE TABLE players (
    id integer PRIMARY KEY,
    team_id integer REFERENCES teams (id) ON DELETE NO ACTION,
    coach_team_id integer REFERENCES teams (id) ON DELETE RESTRICT ON UPDATE RESTRICT,
    former_team_id integer REFERENCES teams (id) ON DELETE SET NULL ON UPDATE CASCADE,
    scout_team_id integer REFERENCES teams (id) ON DELETE CASCADE,
    home_team_id integer DEFAULT 0 REFERENCES teams (id) ON DELETE SET DEFAULT,
    region_code text,
    region_country text,
    CONSTRAINT players_region_fkey FOREIGN KEY (region_code, region_country)
        REFERENCES regions (code, country) MATCH FULL ON UPDATE CASCADE
);
