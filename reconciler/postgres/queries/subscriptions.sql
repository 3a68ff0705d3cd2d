-- Subscriptions of the current database (pg_subscription is shared by the cluster's databases), with their
-- options in canonical form, and the number of tables still synchronizing (DROP SUBSCRIPTION connects to the
-- publisher to drop their slots). subconninfo may hold a password: only superusers and roles granted the column
-- may read it, and naming it in a query another role runs fails the whole query. So it is read through
-- query_to_xml, which runs its query only when has_column_privilege says it may (as hex, so no XML escaping
-- stands in the way), and `readable` says whether it was.
SELECT s.subname AS name, pg_get_userbyid(s.subowner) AS owner, s.subenabled AS enabled,
       s.subslotname::text AS slot_name, s.subbinary AS binary, s.substream AS streaming,
       s.subsynccommit AS synchronous_commit, s.subdisableonerr AS disable_on_error,
       s.subtwophasestate <> 'd' AS two_phase, s.subpublications AS publications,
       r.readable,
       CASE WHEN r.readable THEN
         convert_from(decode(substring(query_to_xml(
           'SELECT encode(convert_to(subconninfo, ''UTF8''), ''hex'') AS c FROM pg_catalog.pg_subscription '
           'WHERE oid = ' || s.oid, false, true, '')::text FROM '<c>([0-9a-f]*)</c>'), 'hex'), 'UTF8')
       END AS connection,
       (SELECT count(*) FROM pg_subscription_rel sr WHERE sr.srsubid = s.oid AND sr.srsubstate <> 'r')::int
         AS syncing_tables,
       ds.description AS comment
FROM pg_subscription s
CROSS JOIN LATERAL (SELECT has_column_privilege('pg_catalog.pg_subscription', 'subconninfo', 'SELECT') AS readable) r
-- A subscription's comment is in pg_description, though the catalog is shared (COMMENT ON writes it there).
LEFT JOIN pg_description ds ON ds.objoid = s.oid AND ds.classoid = 'pg_subscription'::regclass AND ds.objsubid = 0
WHERE s.subdbid = (SELECT d.oid FROM pg_database d WHERE d.datname = current_database())
ORDER BY 1
