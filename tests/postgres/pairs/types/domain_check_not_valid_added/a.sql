CREATE DOMAIN score AS integer CONSTRAINT score_positive CHECK (VALUE > 0);
CREATE TABLE results (id int, s score);
INSERT INTO results VALUES (1, 5), (2, 500);
