-- No update path leads back to 1.3 (pgAdmin's adminpack 1.1 -> 1.0 likewise): dropped and created at 1.3.
CREATE EXTENSION pg_trgm VERSION '1.3';
