CREATE SCHEMA app;
CREATE TABLE app.foobar (id int NOT NULL, foo varchar(255) NOT NULL) PARTITION BY LIST (foo);
CREATE TABLE app.foobar_1 PARTITION OF app.foobar FOR VALUES IN ('foo_1');
CREATE UNIQUE INDEX foobar_foo_id_key ON ONLY app.foobar (foo, id);
CREATE UNIQUE INDEX foobar_1_foo_id_key ON app.foobar_1 (foo, id);
ALTER INDEX app.foobar_foo_id_key ATTACH PARTITION app.foobar_1_foo_id_key;
ALTER TABLE app.foobar_1 ADD CONSTRAINT foobar_1_unique UNIQUE USING INDEX foobar_1_foo_id_key;
