CREATE FOREIGN DATA WRAPPER fdw_grants_w;
CREATE SERVER fdw_grants_s TYPE 'oracle' FOREIGN DATA WRAPPER fdw_grants_w;
GRANT USAGE ON FOREIGN SERVER fdw_grants_s TO fdw_grants_app;
