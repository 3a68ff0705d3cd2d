CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE TABLE bookings (id int PRIMARY KEY, room int NOT NULL, during tsrange NOT NULL, CONSTRAINT no_overlap EXCLUDE USING gist (room WITH =, during WITH &&));
