-- Publications (database-wide), and what each publishes in the managed schemas: tables, with their column lists
-- (attnum order), row filters (prqual, as pg_get_expr prints it) and the columns the two read (pg_depend: a column
-- they read cannot be dropped or retyped while they do), and schemas (FOR TABLES IN SCHEMA). What they publish
-- elsewhere is not the file's: never read, never changed. pg_publication and its _rel and _namespace catalogs are
-- readable by every role.
SELECT p.pubname AS name, pg_get_userbyid(p.pubowner) AS owner, p.puballtables AS all_tables,
       array_remove(ARRAY[CASE WHEN p.pubinsert THEN 'insert' END, CASE WHEN p.pubupdate THEN 'update' END,
                          CASE WHEN p.pubdelete THEN 'delete' END, CASE WHEN p.pubtruncate THEN 'truncate' END],
                    NULL) AS publish,
       p.pubviaroot AS via_partition_root,
       ds.description AS comment,
       coalesce((SELECT json_agg(json_build_object(
                            'schema', n.nspname, 'table', c.relname, 'where', pg_get_expr(r.prqual, r.prrelid),
                            'columns', (SELECT coalesce(json_agg(a.attname ORDER BY a.attnum), '[]'::json)
                                        FROM pg_attribute a
                                        WHERE a.attrelid = c.oid AND a.attnum = ANY(r.prattrs::int2[])),
                            'reads', (SELECT coalesce(json_agg(DISTINCT a.attname), '[]'::json)
                                      FROM pg_depend d
                                      JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                                      WHERE d.classid = 'pg_publication_rel'::regclass AND d.objid = r.oid
                                        AND d.refclassid = 'pg_class'::regclass AND d.refobjsubid > 0))
                        ORDER BY n.nspname, c.relname)
                 FROM pg_publication_rel r
                 JOIN pg_class c ON c.oid = r.prrelid
                 JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE r.prpubid = p.oid AND n.nspname = ANY(%(schemas)s)), '[]'::json) AS tables,
       ARRAY(SELECT n.nspname
             FROM pg_publication_namespace pn JOIN pg_namespace n ON n.oid = pn.pnnspid
             WHERE pn.pnpubid = p.oid AND n.nspname = ANY(%(schemas)s)
             ORDER BY 1) AS schemas
FROM pg_publication p
LEFT JOIN pg_description ds ON ds.objoid = p.oid AND ds.classoid = 'pg_publication'::regclass AND ds.objsubid = 0
ORDER BY 1
