CREATE TABLE log (msg text); CREATE PROCEDURE add_log(m text) LANGUAGE sql AS $$INSERT INTO log VALUES (upper(m))$$;
