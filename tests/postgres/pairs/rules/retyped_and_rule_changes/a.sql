CREATE TABLE accounts (id integer PRIMARY KEY, number integer);
CREATE TABLE journal (account_id integer, amount text);
CREATE RULE journal_it AS ON UPDATE TO accounts DO ALSO
    INSERT INTO journal (account_id, amount) VALUES (NEW.id, NEW.number);
