-- pg_stat_statements' script grants SELECT on its views to PUBLIC (pg_init_privs): that is their default,
-- and revoking it is a change from it.
CREATE EXTENSION pg_stat_statements;
REVOKE SELECT ON pg_stat_statements FROM PUBLIC;
REVOKE SELECT ON pg_stat_statements_info FROM PUBLIC;
GRANT SELECT ON pg_stat_statements TO ext_grants_monitor;
REVOKE EXECUTE ON FUNCTION pg_stat_statements_reset(oid, oid, bigint) FROM ext_grants_monitor;
