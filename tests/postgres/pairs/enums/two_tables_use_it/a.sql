CREATE TYPE st AS ENUM ('on', 'off', 'broken');
CREATE TABLE lamps (id int PRIMARY KEY, s st DEFAULT 'off');
CREATE TABLE fans (id int PRIMARY KEY, s st NOT NULL);
INSERT INTO lamps VALUES (1, 'on');
INSERT INTO fans VALUES (1, 'off');
