-- The owner gives up its own USAGE (below the default ACL), and holds USAGE on the wrapper with grant option.
CREATE FOREIGN DATA WRAPPER fdw_grants_w;
GRANT USAGE ON FOREIGN DATA WRAPPER fdw_grants_w TO fdw_grants_owner WITH GRANT OPTION;
CREATE SERVER fdw_grants_s FOREIGN DATA WRAPPER fdw_grants_w;
ALTER SERVER fdw_grants_s OWNER TO fdw_grants_owner;
REVOKE USAGE ON FOREIGN SERVER fdw_grants_s FROM fdw_grants_owner;
