CREATE TYPE answer AS ENUM ('it''s', 'a b');
CREATE TABLE replies (a answer);
