CREATE TABLE accounts (id int PRIMARY KEY, name text, active boolean);
CREATE VIEW active_accounts AS SELECT id, name FROM accounts WHERE active;
CREATE FUNCTION active_named(prefix text) RETURNS SETOF active_accounts LANGUAGE sql STABLE
    AS $$ SELECT * FROM active_accounts WHERE name LIKE prefix || '%' $$;
CREATE VIEW a_accounts AS SELECT * FROM active_named('a');
