-- Narrowing an identity column whose sequence bounds only the old type holds: the bounds change first,
-- since ALTER COLUMN ... TYPE integer gives the sequence the column's type and refuses MAXVALUE 5000000000.
CREATE TABLE counters (id integer GENERATED ALWAYS AS IDENTITY, label text);
