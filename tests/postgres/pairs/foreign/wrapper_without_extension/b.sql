CREATE EXTENSION postgres_fdw;
CREATE FOREIGN DATA WRAPPER audit_wrapper HANDLER public.postgres_fdw_handler OPTIONS (debug 'true');
COMMENT ON FOREIGN DATA WRAPPER audit_wrapper IS 'borrows postgres_fdw''s handler';
CREATE FOREIGN DATA WRAPPER strict_wrapper VALIDATOR public.postgres_fdw_validator;
CREATE SERVER audit_sink TYPE 'audit' VERSION '2.0' FOREIGN DATA WRAPPER audit_wrapper;
CREATE SERVER strict_sink FOREIGN DATA WRAPPER strict_wrapper OPTIONS (host 'x.internal');
