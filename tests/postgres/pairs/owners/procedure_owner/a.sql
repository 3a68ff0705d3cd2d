CREATE TABLE log (note text);
CREATE PROCEDURE note(t text) LANGUAGE sql AS $$INSERT INTO log VALUES (t)$$;
