-- col_drop_approved: three columns leave the target, each drop approved in drift.toml:
-- one plain, one under an index and a CHECK of its own, one under a multi-column
-- index that also goes. The kept columns keep every row.
CREATE TABLE profiles (
    id integer PRIMARY KEY,
    name text NOT NULL,
    legacy_flag boolean,
    fax text CHECK (fax <> ''),
    region text,
    city text
);
CREATE INDEX profiles_fax_idx ON profiles (fax);
CREATE INDEX profiles_region_city_idx ON profiles (region, city);
INSERT INTO profiles VALUES (1, 'ann', true, '555', 'eu', 'paris'),
                            (2, 'bob', NULL, NULL, 'us', 'nyc'),
                            (3, 'cy', false, '777', NULL, NULL);
