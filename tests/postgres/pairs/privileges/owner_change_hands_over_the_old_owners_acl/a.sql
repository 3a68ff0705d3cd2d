CREATE TABLE ledger (id int);
ALTER TABLE ledger OWNER TO priv_old_owner;
-- The owner gave up its own privileges (a guard against its own mistakes).
REVOKE ALL ON TABLE ledger FROM priv_old_owner;
CREATE TABLE journal (id int);
ALTER TABLE journal OWNER TO priv_old_owner;
GRANT SELECT ON TABLE journal TO priv_new_owner;
