CREATE TABLE documents (id int PRIMARY KEY, body text COMPRESSION lz4, attachment bytea COMPRESSION pglz, meta jsonb COMPRESSION lz4);
