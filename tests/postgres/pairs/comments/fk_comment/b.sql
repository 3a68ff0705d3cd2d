CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (id int, p_id int REFERENCES p(id)); COMMENT ON CONSTRAINT c_p_id_fkey ON c IS 'parent';
