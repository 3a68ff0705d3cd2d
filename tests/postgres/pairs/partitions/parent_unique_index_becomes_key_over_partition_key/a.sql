-- pg-schema-diff's "matching non-local index exists that backs local matching PK" (not implemented there).
CREATE TABLE foobar (id int NOT NULL, foo varchar(255) NOT NULL) PARTITION BY LIST (foo);
CREATE TABLE foobar_1 PARTITION OF foobar FOR VALUES IN ('foo_1');
CREATE TABLE foobar_2 PARTITION OF foobar FOR VALUES IN ('foo_2');
CREATE UNIQUE INDEX foobar_pkey ON foobar (foo, id);
ALTER TABLE foobar_1 ADD CONSTRAINT foobar_1_pkey PRIMARY KEY USING INDEX foobar_1_foo_id_idx;
