CREATE TYPE new_state AS ENUM ('a', 'b');
CREATE TABLE r (id int PRIMARY KEY, s new_state NOT NULL DEFAULT 'a', p new_state);
