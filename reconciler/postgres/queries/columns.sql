-- Every column of every managed table (foreign ones too, with their options), in column order, as the catalogs spell it.
-- A generated column's expression is its pg_attrdef entry (attgenerated 's');
-- an identity column's options are those of the sequence it owns internally, in one JSON value (null for every
-- other column: ten columns of nulls were a third of converting 20,000 rows).
SELECT n.nspname AS schema_name, c.relname AS table_name, a.attname AS name,
       format_type(a.atttypid, a.atttypmod) AS type,
       a.attnotnull AS not_null,
       pg_get_expr(ad.adbin, ad.adrelid) AS default,
       a.attgenerated AS generated,
       a.attidentity AS identity,
       CASE WHEN ids.oid IS NOT NULL THEN json_build_object(
           'name', ids.relname,
           -- the identity sequence's persistence, where not its table's
           'unlogged', CASE WHEN ids.relpersistence <> c.relpersistence THEN ids.relpersistence = 'u' END,
           'comment', ids.comment,
           'data_type', format_type(s.seqtypid, NULL),
           'start', s.seqstart, 'increment', s.seqincrement, 'min_value', s.seqmin, 'max_value', s.seqmax,
           'cache', s.seqcache, 'cycle', s.seqcycle
       ) END AS identity_sequence,
       ds.description AS comment,
       -- a collation other than the type's own (format_type does not print it), qualified where the search path
       -- would find another of its name
       CASE WHEN a.attcollation <> t.typcollation THEN a.attcollation::regcollation::text END AS collation,
       a.attislocal AS local,
       a.attinhcount > 0 AS inherited,
       -- SET STORAGE other than the type's, SET STATISTICS (-1: not set), SET (n_distinct = ...)
       CASE WHEN a.attstorage <> t.typstorage THEN a.attstorage END AS storage, t.typstorage AS type_storage,
       -- SET COMPRESSION (empty: default_toast_compression decides when a value is stored)
       nullif(a.attcompression, '') AS compression,
       CASE WHEN a.attstattarget >= 0 THEN a.attstattarget::int END AS statistics,
       a.attoptions AS options,
       a.attfdwoptions AS foreign_options
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
-- col_description as a join: the function runs a query per row
LEFT JOIN pg_description ds ON ds.objoid = a.attrelid AND ds.classoid = 'pg_class'::regclass AND ds.objsubid = a.attnum
LEFT JOIN LATERAL (
    SELECT sc.oid, sc.relname, sc.relpersistence,
           (SELECT sd.description FROM pg_description sd
            WHERE sd.objoid = sc.oid AND sd.classoid = 'pg_class'::regclass AND sd.objsubid = 0) AS comment
    FROM pg_depend d JOIN pg_class sc ON sc.oid = d.objid AND sc.relkind = 'S'
    WHERE a.attidentity <> '' AND d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
      AND d.refobjid = a.attrelid AND d.refobjsubid = a.attnum AND d.deptype = 'i'
    LIMIT 1
) ids ON true
LEFT JOIN pg_sequence s ON s.seqrelid = ids.oid
WHERE c.relkind IN ('r', 'p', 'f')
  AND a.attnum > 0 AND NOT a.attisdropped
  AND n.nspname = ANY(%(schemas)s)
ORDER BY n.nspname, c.relname, a.attnum
