CREATE SCHEMA jobs; CREATE TABLE jobs.runs (id int); CREATE PROCEDURE jobs.run(id int) LANGUAGE sql AS $$INSERT INTO jobs.runs VALUES (id)$$;
