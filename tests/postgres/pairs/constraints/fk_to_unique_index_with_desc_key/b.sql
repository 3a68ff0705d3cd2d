CREATE TABLE f (a int, b int);
CREATE UNIQUE INDEX f_ab ON f (a, b DESC);
CREATE TABLE g (a int, b int, FOREIGN KEY (a, b) REFERENCES f (a, b));
