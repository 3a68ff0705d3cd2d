-- Comments on INSTEAD OF triggers of a view: changed, removed.
CREATE TABLE accounts (id int PRIMARY KEY, owner text NOT NULL, balance int NOT NULL DEFAULT 0);
CREATE FUNCTION accounts_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO accounts (id, owner) VALUES (NEW.id, NEW.owner); RETURN NEW; END $$;
CREATE VIEW owners AS SELECT id, owner FROM accounts;
CREATE TRIGGER owners_insert INSTEAD OF INSERT ON owners FOR EACH ROW EXECUTE FUNCTION accounts_insert();
CREATE TRIGGER owners_update INSTEAD OF UPDATE ON owners FOR EACH ROW EXECUTE FUNCTION accounts_insert();
COMMENT ON TRIGGER owners_insert ON owners IS 'old text';
COMMENT ON TRIGGER owners_update ON owners IS 'goes away';
