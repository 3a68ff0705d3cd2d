CREATE PROCEDURE p() LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog SET work_mem = '64MB' AS $$BEGIN NULL; END$$;
