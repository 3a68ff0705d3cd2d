CREATE TABLE documents (id int PRIMARY KEY, metadata jsonb);
CREATE INDEX documents_metadata ON documents USING gin (metadata);
INSERT INTO documents VALUES (1, '{"a": 1}');
