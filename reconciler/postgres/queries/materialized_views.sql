-- Materialized views with their normalized queries, whether they are populated, storage parameters,
-- their indexes (as indexes.sql reads a table's), and their columns' comments and settings.
SELECT n.nspname AS schema_name, c.relname AS name,
       pg_get_viewdef(c.oid, true) AS definition,
       c.relispopulated AS with_data,
       (SELECT am.amname FROM pg_am am WHERE am.oid = c.relam) AS access_method,
       coalesce(c.reloptions, '{}') AS storage,
       obj_description(c.oid, 'pg_class') AS comment,
       quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS qualified,
       coalesce((SELECT json_agg(json_build_object('name', i.relname, 'is_unique', x.indisunique,
                                                   'definition', pg_get_indexdef(x.indexrelid),
                                                   'comment', obj_description(x.indexrelid, 'pg_class'),
                                                   'statistics', (SELECT json_object_agg(a.attnum, a.attstattarget)
                                                                  FROM pg_attribute a
                                                                  WHERE a.attrelid = x.indexrelid
                                                                    AND a.attstattarget >= 0))
                                 ORDER BY i.relname)
                 FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
                 WHERE x.indrelid = c.oid), '[]') AS indexes,
       coalesce((SELECT json_object_agg(a.attname, d.description ORDER BY a.attnum)
                 FROM pg_attribute a
                 JOIN pg_description d ON d.classoid = 'pg_class'::regclass AND d.objoid = c.oid
                                      AND d.objsubid = a.attnum
                 WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), '{}') AS column_comments,
       -- Columns with settings of their own, as columns.sql reads a table's.
       coalesce((SELECT json_agg(json_build_object(
                     'name', a.attname,
                     'storage', CASE WHEN a.attstorage <> t.typstorage THEN a.attstorage END,
                     'type_storage', t.typstorage,
                     'compression', nullif(a.attcompression, ''),
                     'statistics', CASE WHEN a.attstattarget >= 0 THEN a.attstattarget END,
                     'options', a.attoptions) ORDER BY a.attnum)
                 FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
                 WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                   AND (a.attstorage <> t.typstorage OR a.attcompression <> '' OR a.attstattarget >= 0
                        OR a.attoptions IS NOT NULL)),
                '[]') AS column_settings
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'm'
  AND n.nspname = ANY(%(schemas)s)
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY 1, 2
