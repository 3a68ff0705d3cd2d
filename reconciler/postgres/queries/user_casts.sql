-- The casts users made (database-wide): not built in (oid >= 16384, FirstNormalObjectId), no extension's
-- (pg_depend deptype 'e') and not part of a type (deptype 'i': CREATE TYPE ... AS RANGE makes the cast from
-- the range to its multirange, which goes with the type). Types as format_type and the function as
-- regprocedure print them under the inspection's search_path, which is how a state file's declaration is
-- resolved too (user_casts.resolve).
-- pg_cast is readable by every role.
SELECT format_type(c.castsource, NULL) AS source, format_type(c.casttarget, NULL) AS target,
       c.castmethod AS method, CASE WHEN c.castfunc <> 0 THEN c.castfunc::regprocedure::text END AS function,
       c.castcontext AS context, ds.description AS comment
FROM pg_cast c
LEFT JOIN pg_description ds ON ds.objoid = c.oid AND ds.classoid = 'pg_cast'::regclass AND ds.objsubid = 0
WHERE c.oid >= 16384
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_cast'::regclass AND d.objid = c.oid AND d.deptype IN ('e', 'i'))
ORDER BY 1, 2
