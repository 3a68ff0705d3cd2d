CREATE FUNCTION is_blocked(id integer) RETURNS boolean LANGUAGE sql AS 'SELECT id < 0';
CREATE TABLE t (id integer);
CREATE RULE block AS ON INSERT TO t WHERE is_blocked(NEW.id) DO INSTEAD NOTHING;
