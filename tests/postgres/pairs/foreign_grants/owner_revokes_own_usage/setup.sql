CREATE ROLE fdw_grants_owner;
