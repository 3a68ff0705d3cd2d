CREATE TABLE documents (id bigint PRIMARY KEY, body text, tags text[], score numeric, kind char(1));
-- Back to the defaults, one option kept.
ALTER TABLE documents ALTER COLUMN id SET (n_distinct = -1);
