CREATE DOMAIN score AS integer CONSTRAINT score_positive CHECK (VALUE > 0) CONSTRAINT score_small CHECK (VALUE < 100);
COMMENT ON CONSTRAINT score_positive ON DOMAIN score IS 'scores start at one';
CREATE DOMAIN label AS text CONSTRAINT label_set CHECK (VALUE <> '');
COMMENT ON CONSTRAINT label_set ON DOMAIN label IS 'never empty';
