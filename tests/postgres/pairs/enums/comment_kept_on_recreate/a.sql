CREATE TYPE m AS ENUM ('a', 'b', 'c');
COMMENT ON TYPE m IS 'the m type';
