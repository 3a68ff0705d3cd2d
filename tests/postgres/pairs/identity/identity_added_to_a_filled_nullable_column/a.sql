CREATE TABLE tickets (number bigint, title text);
INSERT INTO tickets VALUES (1, 'first'), (2, 'second');
