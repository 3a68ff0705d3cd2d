CREATE PROCEDURE p(a integer, b text DEFAULT 'x') LANGUAGE plpgsql AS $$BEGIN NULL; END$$;
