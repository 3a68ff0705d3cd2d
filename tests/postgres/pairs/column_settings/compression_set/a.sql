CREATE TABLE documents (id int PRIMARY KEY, body text, attachment bytea, meta jsonb);
