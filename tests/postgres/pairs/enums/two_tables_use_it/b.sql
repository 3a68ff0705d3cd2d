CREATE TYPE st AS ENUM ('off', 'on');
CREATE TABLE lamps (id int PRIMARY KEY, s st DEFAULT 'off');
CREATE TABLE fans (id int PRIMARY KEY, s st NOT NULL);
