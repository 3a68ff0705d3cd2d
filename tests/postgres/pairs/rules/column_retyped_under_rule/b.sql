CREATE TABLE accounts (id integer PRIMARY KEY, number numeric, limit_amount bigint);
CREATE TABLE journal (account_id integer, amount text);
CREATE RULE protect AS ON UPDATE TO accounts WHERE OLD.limit_amount = 100 DO INSTEAD
    INSERT INTO journal (account_id, amount) SELECT NEW.id, (NEW.number + 1)::text;
CREATE RULE untouched AS ON DELETE TO accounts DO ALSO NOTIFY accounts_gone;
ALTER TABLE accounts DISABLE RULE protect;
COMMENT ON RULE protect ON accounts IS 'kept across the retype';
