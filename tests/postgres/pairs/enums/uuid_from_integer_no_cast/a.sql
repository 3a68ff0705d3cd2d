CREATE TABLE u (id int PRIMARY KEY, ref integer NOT NULL);
CREATE INDEX u_ref ON u (ref);
