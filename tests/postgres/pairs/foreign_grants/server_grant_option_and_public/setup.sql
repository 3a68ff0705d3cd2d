CREATE ROLE fdw_grants_app;
