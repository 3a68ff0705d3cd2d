CREATE TABLE items (id int PRIMARY KEY, name text, price numeric);
GRANT SELECT, INSERT ON items TO priv_auditor;
