CREATE TABLE "t""; DROP TABLE x; --" (id int);
