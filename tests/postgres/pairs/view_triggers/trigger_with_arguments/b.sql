CREATE TABLE accounts (id int PRIMARY KEY, owner text NOT NULL, balance int NOT NULL DEFAULT 0);
CREATE VIEW owners AS SELECT id, owner FROM accounts;
CREATE FUNCTION route() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER owners_route INSTEAD OF UPDATE ON owners FOR EACH ROW EXECUTE FUNCTION route('accounts', 'x');
