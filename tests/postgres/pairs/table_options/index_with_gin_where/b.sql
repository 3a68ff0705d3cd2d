CREATE TABLE t (id int PRIMARY KEY, tags text[], live boolean);
CREATE INDEX t_tags ON t USING gin (tags) WITH (fastupdate = off) WHERE live;
