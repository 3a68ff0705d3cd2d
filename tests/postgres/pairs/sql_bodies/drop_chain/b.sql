CREATE TABLE keep_me (id int);
