-- ALTER EXTENSION ... SET SCHEMA moves a relocatable extension's objects; the schema it leaves can then go.
CREATE SCHEMA ext_old;
CREATE EXTENSION pg_trgm SCHEMA ext_old;
