-- ALTER TABLE ... SET LOGGED / UNLOGGED carries the identity sequence along; the plan sets the sequence
-- apart again afterwards where B keeps it apart.
CREATE UNLOGGED TABLE staging (id bigint GENERATED ALWAYS AS IDENTITY, payload text);
ALTER SEQUENCE staging_id_seq SET LOGGED;
CREATE TABLE loads (id bigint GENERATED ALWAYS AS IDENTITY, n int);
