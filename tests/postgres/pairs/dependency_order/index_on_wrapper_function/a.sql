-- From pgschema issue 569: an expression index calling a function the same plan creates.
CREATE EXTENSION unaccent;
CREATE TABLE name (id int PRIMARY KEY, full_name varchar(200));
