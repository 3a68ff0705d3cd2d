CREATE TABLE kept (id int);
CREATE TABLE items (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, label text);
ALTER TABLE items OWNER TO own_alice;
