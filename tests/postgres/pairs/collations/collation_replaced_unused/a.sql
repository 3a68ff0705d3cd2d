CREATE COLLATION posix FROM "POSIX"; CREATE TABLE t (a text, b text COLLATE posix);
