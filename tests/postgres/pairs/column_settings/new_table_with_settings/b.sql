CREATE TABLE other (id int);
CREATE TABLE blobs (id int, payload bytea, label text);
ALTER TABLE blobs ALTER COLUMN payload SET STORAGE EXTERNAL, ALTER COLUMN label SET STATISTICS 0;
ALTER TABLE other ADD COLUMN note text;
ALTER TABLE other ALTER COLUMN note SET STORAGE MAIN, ALTER COLUMN id SET (n_distinct = 100.5);
