CREATE TABLE accounts (id int PRIMARY KEY, owner text NOT NULL, balance int NOT NULL DEFAULT 0);
CREATE FUNCTION accounts_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO accounts (id, owner) VALUES (NEW.id, NEW.owner); RETURN NEW; END $$;
CREATE VIEW owners AS SELECT id, owner FROM accounts;
CREATE TRIGGER owners_insert INSTEAD OF INSERT ON owners FOR EACH ROW EXECUTE FUNCTION accounts_insert();
