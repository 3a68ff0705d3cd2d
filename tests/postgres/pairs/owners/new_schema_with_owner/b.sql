CREATE TABLE kept (id int);
CREATE SCHEMA app AUTHORIZATION own_bob;
CREATE TABLE app.items (id int);
ALTER TABLE app.items OWNER TO own_alice;
