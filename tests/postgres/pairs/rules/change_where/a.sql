CREATE TABLE accounts (id integer PRIMARY KEY, balance numeric NOT NULL, frozen boolean NOT NULL DEFAULT false);
CREATE RULE no_frozen_updates AS ON UPDATE TO accounts WHERE OLD.frozen DO INSTEAD NOTHING;
