-- Extended statistics objects (CREATE STATISTICS) on managed tables: the kinds built, the columns and
-- expressions as pg_get_statisticsobjdef_columns prints them, the sample target (-1: the columns' own) and
-- the comment. One kept in a schema other than its table's is reported instead (undeclarable.sql).
SELECT n.nspname AS schema_name, c.relname AS table_name, s.stxname AS name,
       ARRAY(SELECT CASE k WHEN 'd' THEN 'ndistinct' WHEN 'f' THEN 'dependencies' ELSE 'mcv' END
             FROM unnest(s.stxkind) WITH ORDINALITY AS u(k, ord) WHERE k IN ('d', 'f', 'm') ORDER BY ord) AS kinds,
       pg_get_statisticsobjdef_columns(s.oid) AS columns,
       nullif(s.stxstattarget, -1) AS target,
       ds.description AS comment
FROM pg_statistic_ext s
JOIN pg_class c ON c.oid = s.stxrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_description ds ON ds.objoid = s.oid AND ds.classoid = 'pg_statistic_ext'::regclass AND ds.objsubid = 0
WHERE n.nspname = ANY(%(schemas)s) AND s.stxnamespace = c.relnamespace
ORDER BY 1, 2, 3
