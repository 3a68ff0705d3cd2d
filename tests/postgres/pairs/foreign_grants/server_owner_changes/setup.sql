CREATE ROLE fdw_grants_app;
CREATE ROLE fdw_grants_owner;
