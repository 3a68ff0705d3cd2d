CREATE TABLE documents (id int PRIMARY KEY, body text COMPRESSION lz4, attachment bytea COMPRESSION pglz, meta jsonb);
CREATE TABLE archive (id int, body text COMPRESSION lz4, note text);
ALTER TABLE archive ALTER COLUMN body SET STORAGE MAIN;
