CREATE TABLE t (col1 int NOT NULL, col2 int);
