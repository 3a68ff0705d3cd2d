CREATE TABLE tickets (id int NOT NULL, queue text NOT NULL, title text) PARTITION BY LIST (queue);
CREATE TABLE tickets_ops PARTITION OF tickets FOR VALUES IN ('ops');
CREATE TABLE tickets_dev PARTITION OF tickets FOR VALUES IN ('dev');
ALTER TABLE ONLY tickets ADD CONSTRAINT tickets_pkey PRIMARY KEY (queue, id);
ALTER TABLE ONLY tickets ADD CONSTRAINT tickets_title_key UNIQUE (queue, title);
CREATE UNIQUE INDEX tickets_ops_queue_id ON tickets_ops (queue, id);
CREATE UNIQUE INDEX tickets_dev_queue_id ON tickets_dev (queue, id);
CREATE UNIQUE INDEX tickets_dev_title ON tickets_dev (queue, title);
CREATE UNIQUE INDEX tickets_ops_title ON tickets_ops (queue, title);
-- Each partition's index becomes its key and is attached to the parent's: the parent's keys are whole.
ALTER TABLE tickets_ops ADD CONSTRAINT tickets_ops_queue_id PRIMARY KEY USING INDEX tickets_ops_queue_id;
ALTER INDEX tickets_pkey ATTACH PARTITION tickets_ops_queue_id;
ALTER TABLE tickets_dev ADD CONSTRAINT tickets_dev_queue_id PRIMARY KEY USING INDEX tickets_dev_queue_id;
ALTER INDEX tickets_pkey ATTACH PARTITION tickets_dev_queue_id;
ALTER TABLE tickets_dev ADD CONSTRAINT tickets_dev_title UNIQUE USING INDEX tickets_dev_title;
ALTER INDEX tickets_title_key ATTACH PARTITION tickets_dev_title;
ALTER TABLE tickets_ops ADD CONSTRAINT tickets_ops_title UNIQUE USING INDEX tickets_ops_title;
ALTER INDEX tickets_title_key ATTACH PARTITION tickets_ops_title;
