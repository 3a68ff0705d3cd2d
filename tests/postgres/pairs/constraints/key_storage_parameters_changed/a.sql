CREATE TABLE orders (id bigint, code text, PRIMARY KEY (id) WITH (fillfactor = 80), UNIQUE (code) INCLUDE (id));
INSERT INTO orders VALUES (1, 'a'), (2, 'b');
CREATE TABLE bookings (room int4range, during tstzrange, EXCLUDE USING gist (room WITH &&, during WITH &&));
