-- Operator classes of the managed schemas (extension-owned ones are the extension's), one row each: the index
-- method, the input type and STORAGE type as format_type prints them, DEFAULT and its members. Where the family
-- is its own (family_members.sql's own_families: `family` is NULL) every member of the family is
-- the class's (CREATE OPERATOR CLASS makes a GiST class's operators and optional functions members of the
-- family, not of the class); in a family made on its own (operator_families.sql), of the same schema, only the
-- members bound to the class are. A class in a family of another schema (`family_schema`) is not declarable
-- (undeclarable.sql). Members as family_members.sql writes them.
WITH managed AS (
    SELECT n.oid, n.nspname FROM pg_namespace n WHERE n.nspname = ANY(%(schemas)s)
),
{{family_members}}
SELECT m.nspname AS schema_name, c.opcname AS name, a.amname AS method,
       format_type(c.opcintype, NULL) AS input_type, c.opcdefault AS is_default,
       CASE WHEN c.opckeytype = 0 THEN NULL ELSE format_type(c.opckeytype, NULL) END AS storage,
       (SELECT coalesce(array_agg(x.text ORDER BY x.number, x.lefttype, x.righttype), '{}') FROM family_members x
        WHERE x.family = c.opcfamily AND x.kind = 'operator' AND (own.is_own OR x.bound_to = c.oid)) AS operators,
       (SELECT coalesce(array_agg(x.text ORDER BY x.number, x.lefttype, x.righttype), '{}') FROM family_members x
        WHERE x.family = c.opcfamily AND x.kind = 'function' AND (own.is_own OR x.bound_to = c.oid)) AS functions,
       CASE WHEN NOT own.is_own THEN f.opfname END AS family,
       CASE WHEN f.opfnamespace <> c.opcnamespace THEN fn.nspname END AS family_schema,
       obj_description(c.oid, 'pg_opclass') AS comment,
       CASE WHEN own.is_own THEN obj_description(f.oid, 'pg_opfamily') END AS family_comment
FROM pg_opclass c
JOIN managed m ON m.oid = c.opcnamespace
JOIN pg_am a ON a.oid = c.opcmethod
JOIN pg_opfamily f ON f.oid = c.opcfamily
JOIN pg_namespace fn ON fn.oid = f.opfnamespace
CROSS JOIN LATERAL (SELECT c.opcfamily IN (SELECT oid FROM own_families)) AS own (is_own)
WHERE NOT EXISTS (SELECT 1 FROM pg_depend e
                  WHERE e.classid = 'pg_opclass'::regclass AND e.objid = c.oid AND e.deptype = 'e')
ORDER BY 1, 2, 3
