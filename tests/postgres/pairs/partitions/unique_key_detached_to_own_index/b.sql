CREATE TABLE foobar (id int NOT NULL, foo varchar(255) NOT NULL) PARTITION BY LIST (foo);
CREATE TABLE foobar_1 PARTITION OF foobar FOR VALUES IN ('foo_1');
ALTER TABLE ONLY foobar ADD CONSTRAINT foobar_foo_id_key UNIQUE (foo, id);
CREATE UNIQUE INDEX foobar_1_foo_id_key ON foobar_1 (foo, id);
