CREATE SCHEMA app;
CREATE COLLATION app."C" (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
CREATE TABLE app.t (id int, code text COLLATE "C", name text COLLATE app."C");
