CREATE ROLE ext_grants_monitor;
