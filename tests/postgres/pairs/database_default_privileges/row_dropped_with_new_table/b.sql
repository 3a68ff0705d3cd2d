-- Both rows go back to the built-in default, after the new table and type took the live ones.
CREATE TABLE items (id integer PRIMARY KEY);
CREATE TYPE mood AS ENUM ('ok', 'sad');
GRANT SELECT, INSERT ON items TO ddp_writer;
REVOKE USAGE ON TYPE mood FROM PUBLIC;
