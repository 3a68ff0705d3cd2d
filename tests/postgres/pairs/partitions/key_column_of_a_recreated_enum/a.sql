-- pgschema#600's family (a helper's reduction, reversed): a label goes from the enum of a partition key column,
-- which PostgreSQL refuses to retype: the partitioned table is re-created with its partitions
CREATE TYPE region AS ENUM ('eu', 'us');
CREATE TABLE orders (id int, r region) PARTITION BY LIST (r);
CREATE TABLE orders_eu PARTITION OF orders FOR VALUES IN ('eu');
CREATE TABLE notes (r region DEFAULT 'eu');
