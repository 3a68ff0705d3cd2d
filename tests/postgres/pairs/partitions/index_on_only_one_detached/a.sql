-- pg-schema-diff's "attach an unattached invalid index", run the other way; quoted names.
CREATE TABLE "Foobar" (id int, foo varchar(255), PRIMARY KEY (foo)) PARTITION BY LIST (foo);
CREATE TABLE foobar_1 PARTITION OF "Foobar" FOR VALUES IN ('foo_1');
CREATE TABLE foobar_2 PARTITION OF "Foobar" FOR VALUES IN ('foo_2');
CREATE TABLE "Foobar_3" PARTITION OF "Foobar" FOR VALUES IN ('foo_3');
CREATE INDEX "Partitioned_Idx" ON ONLY "Foobar" (foo);
CREATE INDEX foobar_1_part ON foobar_1 (foo);
ALTER INDEX "Partitioned_Idx" ATTACH PARTITION foobar_1_part;
CREATE INDEX foobar_2_part ON foobar_2 (foo);
ALTER INDEX "Partitioned_Idx" ATTACH PARTITION foobar_2_part;
CREATE INDEX "Foobar_3_Part" ON "Foobar_3" (foo);
ALTER INDEX "Partitioned_Idx" ATTACH PARTITION "Foobar_3_Part";
