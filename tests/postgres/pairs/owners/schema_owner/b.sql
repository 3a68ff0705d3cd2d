CREATE SCHEMA app AUTHORIZATION own_alice;
CREATE TABLE app.items (id int);
