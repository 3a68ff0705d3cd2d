CREATE TABLE accounts (id integer PRIMARY KEY, number numeric(12, 2));
CREATE TABLE journal (account_id integer, amount text);
CREATE RULE journal_it AS ON UPDATE TO accounts WHERE NEW.number <> OLD.number DO ALSO
    INSERT INTO journal (account_id, amount) VALUES (NEW.id, NEW.number - OLD.number);
ALTER TABLE accounts ENABLE ALWAYS RULE journal_it;
