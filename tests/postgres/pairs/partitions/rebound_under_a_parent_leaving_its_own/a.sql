CREATE TABLE cities (name text, c1 int, CONSTRAINT constr_check CHECK (c1 > 5)) PARTITION BY LIST (name);
CREATE TABLE cities_cd (name text, c1 int, CONSTRAINT constr_check CHECK (c1 > 5)) PARTITION BY RANGE (c1);
ALTER TABLE cities ATTACH PARTITION cities_cd FOR VALUES IN ('c', 'd');
CREATE TABLE cities_cd_low PARTITION OF cities_cd FOR VALUES FROM (1) TO (100);
