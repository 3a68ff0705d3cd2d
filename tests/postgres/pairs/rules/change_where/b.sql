CREATE TABLE accounts (id integer PRIMARY KEY, balance numeric NOT NULL, frozen boolean NOT NULL DEFAULT false);
CREATE RULE no_frozen_updates AS ON UPDATE TO accounts
    WHERE OLD.frozen AND NEW.balance <> OLD.balance AND OLD.id NOT IN (1, 2, 3) DO INSTEAD NOTHING;
