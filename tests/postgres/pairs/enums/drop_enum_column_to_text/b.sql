CREATE TABLE days (id int PRIMARY KEY, m text DEFAULT 'sad');
