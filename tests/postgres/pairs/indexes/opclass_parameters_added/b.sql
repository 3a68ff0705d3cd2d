CREATE TABLE docs (id int PRIMARY KEY, body tsvector NOT NULL);
CREATE INDEX docs_body ON docs USING gist (body tsvector_ops (siglen = 16));
