CREATE PROCEDURE p(INOUT n integer, OUT doubled integer) LANGUAGE plpgsql AS $$BEGIN doubled := n * 2; n := n + 1; END$$;
