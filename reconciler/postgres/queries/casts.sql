-- Casts between built-in types (source, target), as format_type names them, and each built-in type cast to itself
-- (so that every built-in type is known): a column type change with no cast (bigint to timestamp) cannot be an
-- ALTER COLUMN ... TYPE USING col::type. Conversions through text (I/O) exist for every type and are not listed.
SELECT format_type(c.castsource, NULL) AS source, format_type(c.casttarget, NULL) AS target
FROM pg_cast c
JOIN pg_type s ON s.oid = c.castsource
JOIN pg_type t ON t.oid = c.casttarget
WHERE s.typnamespace = 'pg_catalog'::regnamespace AND t.typnamespace = 'pg_catalog'::regnamespace
UNION
SELECT format_type(t.oid, NULL), format_type(t.oid, NULL)
FROM pg_type t
WHERE t.typnamespace = 'pg_catalog'::regnamespace AND t.typtype IN ('b', 'r', 'm') AND t.typelem = 0
ORDER BY 1, 2
