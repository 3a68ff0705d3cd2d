CREATE EXTENSION citext VERSION '1.4'; CREATE TABLE u (email citext);
