CREATE TABLE documents (id bigint PRIMARY KEY, body text, tags text[], score numeric, kind char(1));
-- Tuning a column's storage and the planner's statistics (ALTER TABLE, ALTER COLUMN SET ...).
ALTER TABLE documents ALTER COLUMN body SET STORAGE EXTERNAL;
ALTER TABLE documents ALTER COLUMN tags SET STORAGE MAIN;
ALTER TABLE documents ALTER COLUMN score SET STATISTICS 500;
ALTER TABLE documents ALTER COLUMN kind SET (n_distinct = 4);
ALTER TABLE documents ALTER COLUMN id SET (n_distinct = -1, n_distinct_inherited = -0.5);
