CREATE TABLE events (id bigint, kind text);
ALTER TABLE events ALTER COLUMN id SET (n_distinct = -1, n_distinct_inherited = 5);
ALTER TABLE events ALTER COLUMN kind SET (n_distinct = 10, n_distinct_inherited = 2);
