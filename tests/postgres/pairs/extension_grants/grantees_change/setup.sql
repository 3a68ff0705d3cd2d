CREATE ROLE ext_grants_app;
CREATE ROLE ext_grants_monitor;
