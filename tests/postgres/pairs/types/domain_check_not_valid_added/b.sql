CREATE DOMAIN score AS integer CONSTRAINT score_positive CHECK (VALUE > 0);
ALTER DOMAIN score ADD CONSTRAINT score_small CHECK (VALUE < 100) NOT VALID;
CREATE DOMAIN grade AS text NOT NULL CHECK (VALUE <> '');
ALTER DOMAIN grade ADD CONSTRAINT grade_short CHECK (length(VALUE) < 3) NOT VALID;
CREATE TABLE results (id int, s score);
