CREATE DOMAIN score AS integer;
ALTER DOMAIN score ADD CONSTRAINT score_small CHECK (VALUE < 100) NOT VALID;
CREATE TABLE results (id int, s score);
INSERT INTO results VALUES (1, 5);
