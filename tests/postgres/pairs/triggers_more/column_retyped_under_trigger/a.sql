CREATE TABLE accounts (id int PRIMARY KEY, number int, balance int);
CREATE FUNCTION audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER accounts_number_changed BEFORE UPDATE OF number ON accounts
    FOR EACH ROW EXECUTE FUNCTION audit();
CREATE TRIGGER accounts_big_balance AFTER INSERT ON accounts
    FOR EACH ROW WHEN (NEW.balance > 1000) EXECUTE FUNCTION audit();
