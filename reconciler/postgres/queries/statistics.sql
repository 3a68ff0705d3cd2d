-- Extended statistics objects (CREATE STATISTICS) on managed tables and materialized views: the kinds built,
-- the columns and expressions as pg_get_statisticsobjdef_columns prints them, the sample target (-1: the
-- columns' own), the comment, and the schema the object is kept in where not its relation's. One kept in a
-- schema that is not managed, or on a relation of one, is reported instead (undeclarable.sql).
SELECT n.nspname AS schema_name, c.relname AS table_name, s.stxname AS name,
       CASE WHEN s.stxnamespace <> c.relnamespace THEN sn.nspname END AS other_schema,
       ARRAY(SELECT CASE k WHEN 'd' THEN 'ndistinct' WHEN 'f' THEN 'dependencies' ELSE 'mcv' END
             FROM unnest(s.stxkind) WITH ORDINALITY AS u(k, ord) WHERE k IN ('d', 'f', 'm') ORDER BY ord) AS kinds,
       pg_get_statisticsobjdef_columns(s.oid) AS columns,
       nullif(s.stxstattarget, -1) AS target,
       ds.description AS comment
FROM pg_statistic_ext s
JOIN pg_class c ON c.oid = s.stxrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_namespace sn ON sn.oid = s.stxnamespace
LEFT JOIN pg_description ds ON ds.objoid = s.oid AND ds.classoid = 'pg_statistic_ext'::regclass AND ds.objsubid = 0
WHERE n.nspname = ANY(%(schemas)s) AND sn.nspname = ANY(%(schemas)s)
ORDER BY 1, 2, 3
