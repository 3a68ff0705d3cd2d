-- The wrapper postgres_fdw makes is its member: USAGE on it is granted on the extension's entry.
CREATE EXTENSION postgres_fdw;
GRANT USAGE ON FOREIGN DATA WRAPPER postgres_fdw TO ext_grants_admin WITH GRANT OPTION;
GRANT USAGE ON FOREIGN DATA WRAPPER postgres_fdw TO ext_grants_app;
