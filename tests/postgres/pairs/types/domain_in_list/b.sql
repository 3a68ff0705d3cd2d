CREATE DOMAIN colour AS varchar(10) CHECK (VALUE IN ('red', 'green', 'blue'));
CREATE TABLE paint (id integer PRIMARY KEY, c colour);
