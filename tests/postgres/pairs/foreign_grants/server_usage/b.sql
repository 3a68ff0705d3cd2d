-- USAGE on a server lets a role create user mappings for itself and foreign tables on it.
CREATE FOREIGN DATA WRAPPER fdw_grants_w;
CREATE SERVER fdw_grants_s FOREIGN DATA WRAPPER fdw_grants_w;
GRANT USAGE ON FOREIGN SERVER fdw_grants_s TO fdw_grants_app;
