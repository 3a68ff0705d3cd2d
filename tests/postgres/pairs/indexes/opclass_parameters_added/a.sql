-- CREATE INDEX: an operator class may take parameters, `opclass (name = value)`; tsvector_ops's siglen is
-- the signature length in bytes. Going from the default to an explicit one re-creates the index.
CREATE TABLE docs (id int PRIMARY KEY, body tsvector NOT NULL);
CREATE INDEX docs_body ON docs USING gist (body tsvector_ops);
