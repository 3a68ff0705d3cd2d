CREATE TYPE old_state AS ENUM ('a', 'b');
CREATE TABLE r (id int PRIMARY KEY, s old_state NOT NULL DEFAULT 'a', p old_state);
INSERT INTO r VALUES (1, 'b', 'a');
