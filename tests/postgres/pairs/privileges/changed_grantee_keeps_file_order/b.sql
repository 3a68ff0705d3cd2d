-- priv_reader loses SELECT and gains INSERT: its ACL entry goes and comes back last, unless granted in order.
CREATE TABLE items (id int PRIMARY KEY, name text);
GRANT INSERT ON items TO priv_reader;
GRANT SELECT ON items TO priv_writer;
