CREATE EXTENSION postgres_fdw;
CREATE FOREIGN DATA WRAPPER audit_wrapper OPTIONS (debug 'false', mode 'strict');
CREATE FOREIGN DATA WRAPPER spare_wrapper;
CREATE SERVER audit_sink VERSION '1.0' FOREIGN DATA WRAPPER audit_wrapper;
