-- A grantee gains the grant option; PUBLIC gains USAGE (the grantee keeps its place in the ACL).
CREATE FOREIGN DATA WRAPPER fdw_grants_w;
CREATE SERVER fdw_grants_s FOREIGN DATA WRAPPER fdw_grants_w OPTIONS (host 'db.internal');
GRANT USAGE ON FOREIGN SERVER fdw_grants_s TO fdw_grants_app WITH GRANT OPTION;
GRANT USAGE ON FOREIGN SERVER fdw_grants_s TO PUBLIC;
