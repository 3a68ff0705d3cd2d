CREATE ROLE ext_grants_app;
