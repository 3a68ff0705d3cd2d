CREATE TABLE u (id int PRIMARY KEY, ref uuid NOT NULL);
CREATE INDEX u_ref ON u (ref);
