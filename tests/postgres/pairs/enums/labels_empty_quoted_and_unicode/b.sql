-- PostgreSQL takes an empty label: the state file must be able to say it (export failed on it).
CREATE TYPE answer AS ENUM ('it''s', 'a b', 'ü', '');
CREATE TABLE replies (a answer DEFAULT '');
