-- ALTER COLUMN ... SET (...) moves the options it names to the end of attoptions: setting only the new one would
-- leave them in another order than the file's (pg_dump prints that order).
CREATE TABLE events (id bigint, kind text);
ALTER TABLE events ALTER COLUMN id SET (n_distinct_inherited = 5);
ALTER TABLE events ALTER COLUMN kind SET (n_distinct = 10);
