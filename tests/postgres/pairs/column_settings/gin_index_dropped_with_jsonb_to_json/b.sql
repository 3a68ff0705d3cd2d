-- jsonb to json, and its GIN index goes: json has no GIN operator class, so the index must be gone before
-- ALTER COLUMN ... TYPE json (which rebuilds the table's indexes), in the transaction, not CONCURRENTLY after it.
CREATE TABLE documents (id int PRIMARY KEY, metadata json);
