CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE TABLE days (id int PRIMARY KEY, m mood DEFAULT 'sad');
INSERT INTO days VALUES (1, 'happy');
