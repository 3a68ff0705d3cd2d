-- The row comes after the table: the table keeps the built-in default, the trial must not give it the row.
CREATE TABLE items (id integer PRIMARY KEY);
ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO ddp_reader;
