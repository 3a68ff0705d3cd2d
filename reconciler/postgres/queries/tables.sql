-- Ordinary, partitioned and foreign tables (with their server and options) with their comments, storage options, row level security flags, partition
-- key, parent and bound, and the tables they inherit from (in INHERITS order; a partition's parent is its
-- partition_of, not inherits), a partition's attached indexes, and its size for the plan's lock report (reltuples is -1 until first analyzed).
SELECT n.nspname AS schema_name, c.relname AS name,
       ds.description AS comment,
       coalesce(c.reloptions, '{}')
       || coalesce((SELECT array_agg('toast.' || o) FROM pg_class tc, unnest(tc.reloptions) o
                    WHERE tc.oid = c.reltoastrelid), '{}') AS options,
       c.relpersistence = 'u' AS unlogged,
       am.amname AS access_method,  -- NULL for a partitioned or foreign table (relam 0)
       -- a foreign table's is 'n', and no ALTER changes it: it has none to declare
       CASE WHEN c.relkind = 'f' THEN 'default' ELSE CASE c.relreplident WHEN 'f' THEN 'full' WHEN 'n' THEN 'nothing' WHEN 'd' THEN 'default'
            ELSE coalesce((SELECT 'index ' || i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
                           WHERE x.indrelid = c.oid AND x.indisreplident), 'nothing') END END AS replica_identity,
       c.relrowsecurity AS row_level_security, c.relforcerowsecurity AS force_row_level_security,
       CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partition_by,
       CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END AS partition_bound,
       ARRAY(SELECT pn.nspname FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent
             JOIN pg_namespace pn ON pn.oid = p.relnamespace
             WHERE i.inhrelid = c.oid ORDER BY i.inhseqno) AS parent_schemas,
       ARRAY(SELECT p.relname FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent
             WHERE i.inhrelid = c.oid ORDER BY i.inhseqno) AS parent_names,
       c.relispartition AS is_partition,
       CASE WHEN c.reloftype <> 0 THEN format_type(c.reloftype, NULL) END AS of_type,
       (SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
        WHERE x.indrelid = c.oid AND x.indisclustered) AS cluster_on,
       -- A partition's indexes attached to its parent's partitioned indexes, with the names of those.
       ARRAY(SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
             JOIN pg_inherits ih ON ih.inhrelid = x.indexrelid
             WHERE x.indrelid = c.oid AND c.relispartition ORDER BY i.relname) AS attached_index_names,
       ARRAY(SELECT pi.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
             JOIN pg_inherits ih ON ih.inhrelid = x.indexrelid JOIN pg_class pi ON pi.oid = ih.inhparent
             WHERE x.indrelid = c.oid AND c.relispartition ORDER BY i.relname) AS attached_index_parents,
       -- A partition's validated copies of its parent's NOT VALID checks.
       ARRAY(SELECT k.conname FROM pg_constraint k
             JOIN pg_inherits ih ON ih.inhrelid = k.conrelid
             JOIN pg_constraint pk ON pk.conrelid = ih.inhparent AND pk.conname = k.conname AND pk.contype = 'c'
             WHERE k.conrelid = c.oid AND c.relispartition AND k.contype = 'c' AND k.convalidated
               AND NOT k.conislocal AND NOT pk.convalidated
             ORDER BY 1) AS validated_copies,
       -- A partition's clones of its parent's triggers that fire otherwise than the trigger they come from.
       ARRAY(SELECT t.tgname || '=' || t.tgenabled::text FROM pg_trigger t JOIN pg_trigger pt ON pt.oid = t.tgparentid
             WHERE t.tgrelid = c.oid AND c.relispartition AND t.tgenabled <> pt.tgenabled
             ORDER BY t.tgname) AS clone_firing,
       fs.srvname AS foreign_server, ft.ftoptions AS foreign_options,
       c.reltuples AS estimated_rows,
       (pg_relation_size(c.oid) / current_setting('block_size')::int)::bigint AS pages
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
-- obj_description as a join: the function runs a query per row
LEFT JOIN pg_description ds ON ds.objoid = c.oid AND ds.classoid = 'pg_class'::regclass AND ds.objsubid = 0
LEFT JOIN pg_foreign_table ft ON ft.ftrelid = c.oid
LEFT JOIN pg_am am ON am.oid = c.relam
LEFT JOIN pg_foreign_server fs ON fs.oid = ft.ftserver
WHERE c.relkind IN ('r', 'p', 'f')
  AND n.nspname = ANY(%(schemas)s)
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY 1, 2
