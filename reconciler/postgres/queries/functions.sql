-- Plain and window functions and procedures (not aggregates), by signature, with every option they carry;
-- extension-owned ones and range constructors are skipped.
SELECT n.nspname AS schema_name, p.proname AS name,
       CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END AS kind,
       pg_get_function_identity_arguments(p.oid) AS identity_arguments,
       oidvectortypes(p.proargtypes) AS signature,
       pg_get_function_arguments(p.oid) AS arguments,
       coalesce(pg_get_function_result(p.oid), '') AS returns,
       l.lanname AS language,
       -- a SQL-standard body (RETURN ..., BEGIN ATOMIC ... END) as PostgreSQL deparses it; prosrc is empty then
       coalesce(pg_get_function_sqlbody(p.oid), p.prosrc) AS body, p.prosqlbody IS NOT NULL AS sql_body,
       p.provolatile AS volatility, p.proisstrict AS strict, p.prosecdef AS security_definer,
       p.proparallel AS parallel, p.proleakproof AS leakproof, p.prokind = 'w' AS window,
       -- float4 as text: its shortest exact spelling (0.1, not 0.10000000149011612)
       p.procost::text AS cost, p.prorows::text AS rows,
       coalesce(p.proconfig, '{}') AS settings,
       CASE WHEN p.prosupport <> 0 THEN p.prosupport::regproc::text END AS support,
       obj_description(p.oid, 'pg_proc') AS comment
FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace
JOIN pg_language l ON l.oid = p.prolang
WHERE p.prokind IN ('f', 'p', 'w')
  AND n.nspname = ANY(%(schemas)s)
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
  -- a range type's constructor functions are part of the type
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'i'
                    AND d.refclassid = 'pg_type'::regclass)
ORDER BY 1, 2
