CREATE TYPE mood AS ENUM ('sad', 'ok'); COMMENT ON TYPE mood IS 'how one feels'; CREATE TYPE color AS ENUM ('red'); COMMENT ON TYPE color IS 'paint';
