-- The indexes go with the extension: dropped in the transaction, before DROP EXTENSION (not CONCURRENTLY after it).
CREATE TABLE docs (body text, title text);
