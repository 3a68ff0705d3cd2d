-- USAGE on a wrapper lets a role create servers with it: one role loses it, another gets it with grant option.
CREATE FOREIGN DATA WRAPPER fdw_grants_w;
GRANT USAGE ON FOREIGN DATA WRAPPER fdw_grants_w TO fdw_grants_admin WITH GRANT OPTION;
