CREATE TABLE test_1 (c1 integer DEFAULT 12, c2 int);
CREATE TABLE test_2 (c1 integer DEFAULT 21, c3 int) INHERITS (test_1);
CREATE TABLE test_3 (c1 integer NOT NULL) INHERITS (test_1);
