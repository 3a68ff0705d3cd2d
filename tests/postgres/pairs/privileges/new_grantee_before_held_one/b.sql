-- pg_dump lists grants in ACL order: priv_reader, granted first here, is granted before priv_writer again.
CREATE TABLE items (id int PRIMARY KEY, name text);
GRANT SELECT ON items TO priv_reader;
GRANT SELECT ON items TO priv_writer;
