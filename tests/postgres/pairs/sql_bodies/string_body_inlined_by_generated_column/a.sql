CREATE SCHEMA "Billing";
CREATE TABLE "Billing".lines (id int PRIMARY KEY, cents int NOT NULL);
