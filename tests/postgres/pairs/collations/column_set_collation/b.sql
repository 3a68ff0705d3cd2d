CREATE TABLE t (a varchar(20) COLLATE "C");
