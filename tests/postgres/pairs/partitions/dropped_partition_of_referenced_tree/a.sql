-- pg-schema-diff partitioned_table__adding_a_partition, reversed: DROP TABLE refuses a partition a foreign key reaches
CREATE TABLE r (id int PRIMARY KEY) PARTITION BY LIST (id);
CREATE TABLE r1 PARTITION OF r FOR VALUES IN (1);
CREATE TABLE r2 PARTITION OF r FOR VALUES IN (2);
CREATE TABLE s (id int REFERENCES r);
INSERT INTO r VALUES (1), (2);
INSERT INTO s VALUES (1);
