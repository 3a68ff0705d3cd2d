CREATE FOREIGN DATA WRAPPER fdw_grants_w;
GRANT USAGE ON FOREIGN DATA WRAPPER fdw_grants_w TO fdw_grants_owner;
CREATE SERVER fdw_grants_s FOREIGN DATA WRAPPER fdw_grants_w;
ALTER SERVER fdw_grants_s OWNER TO fdw_grants_owner;
