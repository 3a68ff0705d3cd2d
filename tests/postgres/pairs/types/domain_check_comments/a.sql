CREATE DOMAIN score AS integer CONSTRAINT score_positive CHECK (VALUE > 0) CONSTRAINT score_small CHECK (VALUE < 100);
COMMENT ON CONSTRAINT score_positive ON DOMAIN score IS 'no zero scores';
COMMENT ON CONSTRAINT score_small ON DOMAIN score IS 'goes away';
