CREATE TABLE tickets (id int PRIMARY KEY, priority int NOT NULL);
