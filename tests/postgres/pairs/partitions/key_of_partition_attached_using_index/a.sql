CREATE TABLE tickets (id int NOT NULL, queue text NOT NULL, title text) PARTITION BY LIST (queue);
CREATE TABLE tickets_ops PARTITION OF tickets FOR VALUES IN ('ops');
CREATE TABLE tickets_dev PARTITION OF tickets FOR VALUES IN ('dev');
-- The keys are on the parent only; the partitions' unique indexes are built apart (CONCURRENTLY, in real
-- life), one of them not yet.
ALTER TABLE ONLY tickets ADD CONSTRAINT tickets_pkey PRIMARY KEY (queue, id);
ALTER TABLE ONLY tickets ADD CONSTRAINT tickets_title_key UNIQUE (queue, title);
CREATE UNIQUE INDEX tickets_ops_queue_id ON tickets_ops (queue, id);
CREATE UNIQUE INDEX tickets_dev_queue_id ON tickets_dev (queue, id);
CREATE UNIQUE INDEX tickets_dev_title ON tickets_dev (queue, title);
