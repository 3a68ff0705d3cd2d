-- A new owner that needs USAGE on the wrapper first; the server's grants are the new owner's to give.
CREATE FOREIGN DATA WRAPPER fdw_grants_w;
GRANT USAGE ON FOREIGN DATA WRAPPER fdw_grants_w TO fdw_grants_owner;
CREATE SERVER fdw_grants_s FOREIGN DATA WRAPPER fdw_grants_w;
ALTER SERVER fdw_grants_s OWNER TO fdw_grants_owner;
SET ROLE fdw_grants_owner;
GRANT USAGE ON FOREIGN SERVER fdw_grants_s TO fdw_grants_app WITH GRANT OPTION;
RESET ROLE;
