CREATE TYPE visibility AS ENUM ('public', 'private');
CREATE TABLE docs (id integer PRIMARY KEY, vis visibility NOT NULL);
