CREATE TABLE log (note text);
CREATE PROCEDURE note(t text) LANGUAGE sql AS $$INSERT INTO log VALUES (t)$$;
ALTER PROCEDURE note(text) OWNER TO own_alice;
