CREATE TABLE items (id int PRIMARY KEY, label varchar(20), note text);
ALTER TABLE items OWNER TO own_bob;
