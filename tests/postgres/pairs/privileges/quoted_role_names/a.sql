CREATE TABLE "Items" (id int);
