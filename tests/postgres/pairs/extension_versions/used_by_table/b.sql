CREATE EXTENSION citext VERSION '1.6'; CREATE TABLE u (email citext);
