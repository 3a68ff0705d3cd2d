CREATE TABLE readings (id integer NOT NULL, taken timestamptz NOT NULL, source text);
