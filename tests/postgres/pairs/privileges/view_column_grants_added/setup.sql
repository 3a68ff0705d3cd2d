DO $$ BEGIN CREATE ROLE priv_reader; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
DO $$ BEGIN CREATE ROLE priv_writer; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
