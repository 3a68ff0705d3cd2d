CREATE TABLE items (id serial PRIMARY KEY, label text);
ALTER TABLE items OWNER TO own_bob;
