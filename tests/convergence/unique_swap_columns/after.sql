CREATE TABLE logins (id integer PRIMARY KEY, tenant integer NOT NULL, email text NOT NULL,
                     CONSTRAINT logins_email_key UNIQUE (tenant, email));
