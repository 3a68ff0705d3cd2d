CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TABLE docs (body text, title text);
CREATE INDEX docs_body_trgm ON docs USING gin (body gin_trgm_ops);
CREATE INDEX docs_title ON docs (title) WHERE similarity(title, 'x') > 0.5;
INSERT INTO docs VALUES ('hello', 'x');
