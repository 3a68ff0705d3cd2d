-- A UNIQUE key on the primary key's columns, and two UNIQUE keys alike: added one by one they all exist
-- (inside one CREATE TABLE PostgreSQL would keep one of each, under the other's name).
CREATE TABLE t (col1 int NOT NULL, col2 int);
ALTER TABLE t ADD CONSTRAINT t_pkey PRIMARY KEY (col1);
ALTER TABLE t ADD CONSTRAINT "unique" UNIQUE (col1);
ALTER TABLE t ADD CONSTRAINT col2_a UNIQUE (col2);
ALTER TABLE t ADD CONSTRAINT col2_b UNIQUE (col2);
CREATE TABLE u (id int PRIMARY KEY, code text UNIQUE);
ALTER TABLE u ADD CONSTRAINT u_code_again UNIQUE (code);
