CREATE TABLE items (id int PRIMARY KEY, label text);
ALTER TABLE items OWNER TO own_alice;
