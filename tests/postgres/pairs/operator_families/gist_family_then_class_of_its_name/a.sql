CREATE EXTENSION btree_gist;
CREATE TABLE t (a int4);
