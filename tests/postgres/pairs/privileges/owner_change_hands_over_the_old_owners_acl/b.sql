-- New owners, holding their default privileges; the old owner keeps full access to the ledger.
CREATE TABLE ledger (id int);
ALTER TABLE ledger OWNER TO priv_new_owner;
GRANT ALL ON TABLE ledger TO priv_old_owner;
CREATE TABLE journal (id int);
ALTER TABLE journal OWNER TO priv_new_owner;
