-- pgcodekeeper's modify_partition_table: the middle table leaves the top one (whose check changes) and keeps its
-- own check, and its partition moves to other bounds under it, its check copy adopted again.
CREATE TABLE cities (name text, c1 int, CONSTRAINT constr_check CHECK (c1 > 10)) PARTITION BY LIST (name);
CREATE TABLE cities_cd (name text, c1 int, CONSTRAINT constr_check CHECK (c1 > 5)) PARTITION BY RANGE (c1);
CREATE TABLE cities_cd_low PARTITION OF cities_cd FOR VALUES FROM (1) TO (10);
