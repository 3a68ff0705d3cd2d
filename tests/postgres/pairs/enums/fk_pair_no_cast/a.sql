CREATE TABLE p (k integer PRIMARY KEY);
CREATE TABLE ch (id int PRIMARY KEY, pk integer REFERENCES p (k));
