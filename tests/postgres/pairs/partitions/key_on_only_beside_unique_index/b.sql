-- pg-schema-diff's "add primary key to partition using existing index", half done: the parent's key ON ONLY, and
-- the partition's unique index under the name a key of the partition would take, not (yet) its key.
CREATE TABLE foobar (id int NOT NULL, foo varchar(255) NOT NULL) PARTITION BY LIST (foo);
CREATE TABLE foobar_1 PARTITION OF foobar FOR VALUES IN ('foo_1');
ALTER TABLE ONLY foobar ADD CONSTRAINT some_pkey PRIMARY KEY (foo, id);
CREATE UNIQUE INDEX foobar_1_pkey ON foobar_1 (foo, id);
