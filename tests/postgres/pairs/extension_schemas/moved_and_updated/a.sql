-- A move and a version update of one extension in one plan: SET SCHEMA, then UPDATE TO.
CREATE SCHEMA ext_old;
CREATE EXTENSION pg_trgm SCHEMA ext_old VERSION '1.4';
