-- Each name now belongs to a type of another kind: the old one goes, the new one is created.
CREATE TYPE status AS ENUM ('new', 'done');
CREATE TYPE priority AS ENUM ('low', 'high');
CREATE DOMAIN size AS text CHECK (VALUE IN ('s', 'm', 'l'));
