CREATE TYPE mood AS ENUM ('happy', 'meh');
CREATE TABLE days (id int PRIMARY KEY, m mood NOT NULL DEFAULT 'happy');
