-- Widening a stored generated column (and an identity column): ALTER COLUMN ... TYPE without USING,
-- which PostgreSQL refuses for a generated column; it computes the values again in the new type.
CREATE TABLE measurements (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, reading integer, doubled bigint GENERATED ALWAYS AS (reading * 2) STORED);
