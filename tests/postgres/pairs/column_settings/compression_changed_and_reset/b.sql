CREATE TABLE documents (id int PRIMARY KEY, body text COMPRESSION pglz, attachment bytea, meta jsonb COMPRESSION lz4);
