-- ALTER SERVER cannot change the type: the server is dropped and created again, and its grants come back.
CREATE FOREIGN DATA WRAPPER fdw_grants_w;
CREATE SERVER fdw_grants_s TYPE 'postgres' FOREIGN DATA WRAPPER fdw_grants_w;
GRANT USAGE ON FOREIGN SERVER fdw_grants_s TO fdw_grants_app;
