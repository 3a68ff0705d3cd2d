CREATE ROLE fdw_owner;
