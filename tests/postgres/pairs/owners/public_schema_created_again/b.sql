-- public dropped and created again: no comment, its creator's privileges alone (no USAGE for PUBLIC)
DROP SCHEMA public;
CREATE SCHEMA public;
CREATE TABLE t (a int);
