CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy'); COMMENT ON TYPE mood IS 'b';
