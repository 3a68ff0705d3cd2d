CREATE TABLE tags (name text PRIMARY KEY, uses int NOT NULL DEFAULT 0);
