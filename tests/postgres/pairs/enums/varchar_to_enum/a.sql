CREATE TABLE orders (id int PRIMARY KEY, status varchar(20));
