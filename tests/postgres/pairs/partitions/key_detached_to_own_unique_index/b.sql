-- The partition's key is no longer attached, only a unique index of its own: PostgreSQL cannot detach it, so the
-- parent's key is dropped (the partition's goes with it) and added again ON ONLY.
CREATE TABLE foobar (id int NOT NULL, foo varchar(255) NOT NULL) PARTITION BY LIST (foo);
CREATE TABLE foobar_1 PARTITION OF foobar FOR VALUES IN ('foo_1');
ALTER TABLE ONLY foobar ADD CONSTRAINT some_pkey PRIMARY KEY (foo, id);
CREATE UNIQUE INDEX foobar_1_pkey ON foobar_1 (foo, id);
