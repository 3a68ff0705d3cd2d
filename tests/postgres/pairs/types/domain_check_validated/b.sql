CREATE DOMAIN score AS integer CONSTRAINT score_small CHECK (VALUE < 100);
CREATE TABLE results (id int, s score);
