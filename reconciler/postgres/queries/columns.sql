-- Every column of every managed table (foreign ones too, with their options), in column order, as the catalogs spell it.
-- A generated column's expression is its pg_attrdef entry (attgenerated 's');
-- an identity column's options are those of the sequence it owns internally.
SELECT n.nspname AS schema_name, c.relname AS table_name, a.attname AS name,
       format_type(a.atttypid, a.atttypmod) AS type,
       a.attnotnull AS not_null,
       pg_get_expr(ad.adbin, ad.adrelid) AS default,
       a.attgenerated AS generated,
       a.attidentity AS identity,
       ids.relname AS identity_sequence,
       -- the identity sequence's persistence, where not its table's
       CASE WHEN ids.relpersistence <> c.relpersistence THEN ids.relpersistence = 'u' END AS identity_unlogged,
       ids.comment AS identity_comment,
       format_type(s.seqtypid, NULL) AS seq_data_type,
       s.seqstart AS seq_start, s.seqincrement AS seq_increment,
       s.seqmin AS seq_min_value, s.seqmax AS seq_max_value,
       s.seqcache AS seq_cache, s.seqcycle AS seq_cycle,
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
