CREATE TYPE money_amount AS (currency char(3), value numeric(12,2));
CREATE TABLE ledgers (id integer PRIMARY KEY, entries money_amount[]);
