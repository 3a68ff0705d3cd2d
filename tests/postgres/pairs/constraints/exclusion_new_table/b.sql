CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE TABLE reservations (room text, during daterange, EXCLUDE USING gist (room WITH =, during WITH &&));
