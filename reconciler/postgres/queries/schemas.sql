-- The managed schemas that exist.
SELECT n.nspname AS name,
       -- PostgreSQL's own comment on public is no one's declaration; public without any comment reads as ''
       -- (differ/comments.py: schema_comment_text)
       CASE WHEN n.nspname <> 'public' THEN obj_description(n.oid, 'pg_namespace')
            WHEN obj_description(n.oid, 'pg_namespace') = 'standard public schema' THEN NULL
            ELSE coalesce(obj_description(n.oid, 'pg_namespace'), '') END AS comment
FROM pg_namespace n
WHERE n.nspname = ANY(%(schemas)s)
