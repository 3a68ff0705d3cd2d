CREATE TABLE partitioned2reg (city_id int NOT NULL, logdate date NOT NULL);
