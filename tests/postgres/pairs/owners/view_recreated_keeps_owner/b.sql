CREATE TABLE items (id int, label text);
CREATE VIEW labels AS SELECT id, label FROM items WHERE id > 0;
ALTER VIEW labels OWNER TO own_alice;
