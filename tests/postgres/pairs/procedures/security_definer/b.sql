CREATE PROCEDURE p() LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$BEGIN NULL; END$$;
