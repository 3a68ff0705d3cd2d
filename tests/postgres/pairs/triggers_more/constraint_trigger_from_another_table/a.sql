CREATE SCHEMA ref;
CREATE TABLE ref.limits (id int PRIMARY KEY, max_amount numeric);
CREATE TABLE orders (id int PRIMARY KEY, amount numeric);
CREATE FUNCTION check_limit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
CREATE CONSTRAINT TRIGGER orders_limit AFTER INSERT ON orders FROM ref.limits FOR EACH ROW EXECUTE FUNCTION check_limit();
