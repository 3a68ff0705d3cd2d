CREATE TABLE orders (id bigint, code text, PRIMARY KEY (id) WITH (fillfactor = 60), UNIQUE (code));
CREATE TABLE bookings (room int4range, during tstzrange, EXCLUDE USING gist (room WITH &&, during WITH &&) INCLUDE (room) WITH (fillfactor = 50, buffering = on));
