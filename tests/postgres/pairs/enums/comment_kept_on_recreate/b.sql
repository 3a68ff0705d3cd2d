CREATE TYPE m AS ENUM ('c', 'a');
COMMENT ON TYPE m IS 'the m type';
