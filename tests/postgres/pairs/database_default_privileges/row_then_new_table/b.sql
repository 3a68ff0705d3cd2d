-- A table the plan creates receives the live row's grant: nothing to grant again.
ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO ddp_reader;
CREATE TABLE items (id integer PRIMARY KEY);
CREATE TABLE orders (id integer PRIMARY KEY);
