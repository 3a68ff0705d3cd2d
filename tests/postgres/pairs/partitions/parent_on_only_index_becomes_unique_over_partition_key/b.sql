CREATE SCHEMA app;
CREATE TABLE app.foobar (id int NOT NULL, foo varchar(255) NOT NULL) PARTITION BY LIST (foo);
CREATE TABLE app.foobar_1 PARTITION OF app.foobar FOR VALUES IN ('foo_1');
ALTER TABLE app.foobar ADD CONSTRAINT foobar_foo_id_key UNIQUE (foo, id);
