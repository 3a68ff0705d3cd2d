-- pg-schema-diff's "add unique constraint to partition using existing index", run the other way.
CREATE TABLE foobar (id int NOT NULL, foo varchar(255) NOT NULL) PARTITION BY LIST (foo);
CREATE TABLE foobar_1 PARTITION OF foobar FOR VALUES IN ('foo_1');
ALTER TABLE ONLY foobar ADD CONSTRAINT foobar_foo_id_key UNIQUE (foo, id);
CREATE UNIQUE INDEX foobar_1_foo_id_key ON foobar_1 (foo, id);
ALTER TABLE foobar_1 ADD CONSTRAINT foobar_1_foo_id_key UNIQUE USING INDEX foobar_1_foo_id_key;
ALTER INDEX foobar_foo_id_key ATTACH PARTITION foobar_1_foo_id_key;
