CREATE TYPE mood AS ENUM ('happy', 'sad', 'meh');
CREATE TABLE days (id int PRIMARY KEY, m mood NOT NULL DEFAULT 'happy');
INSERT INTO days VALUES (1, 'happy'), (2, 'meh');
