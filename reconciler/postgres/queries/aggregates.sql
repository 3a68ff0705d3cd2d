-- User-defined aggregates with their support functions, as CREATE AGGREGATE names them (regproc prints a
-- function unqualified when the search_path finds it); extension-owned ones are the extension's.
SELECT n.nspname AS schema_name, p.proname AS name,
       pg_get_function_identity_arguments(p.oid) AS identity_arguments,
       oidvectortypes(p.proargtypes) AS signature,
       pg_get_function_arguments(p.oid) AS arguments,
       a.aggkind AS kind,
       a.aggnumdirectargs AS direct_arguments,
       a.aggtransfn::regproc::text AS sfunc,
       format_type(a.aggtranstype, NULL) AS stype,
       a.aggtransspace AS sspace,
       nullif(a.aggfinalfn, 0)::regproc::text AS finalfunc,
       a.aggfinalextra AS finalfunc_extra,
       a.aggfinalmodify AS finalfunc_modify,
       nullif(a.aggcombinefn, 0)::regproc::text AS combinefunc,
       nullif(a.aggserialfn, 0)::regproc::text AS serialfunc,
       nullif(a.aggdeserialfn, 0)::regproc::text AS deserialfunc,
       a.agginitval AS initcond,
       nullif(a.aggmtransfn, 0)::regproc::text AS msfunc,
       nullif(a.aggminvtransfn, 0)::regproc::text AS minvfunc,
       CASE WHEN a.aggmtranstype <> 0 THEN format_type(a.aggmtranstype, NULL) END AS mstype,
       a.aggmtransspace AS msspace,
       nullif(a.aggmfinalfn, 0)::regproc::text AS mfinalfunc,
       a.aggmfinalextra AS mfinalfunc_extra,
       a.aggmfinalmodify AS mfinalfunc_modify,
       a.aggminitval AS minitcond,
       (SELECT o.oprname FROM pg_operator o WHERE o.oid = a.aggsortop) AS sortop,
       p.proparallel AS parallel,
       obj_description(p.oid, 'pg_proc') AS comment
FROM pg_aggregate a
JOIN pg_proc p ON p.oid = a.aggfnoid
JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = ANY(%(schemas)s)
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
ORDER BY 1, 2, 3
