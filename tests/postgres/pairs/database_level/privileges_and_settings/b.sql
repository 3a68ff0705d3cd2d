CREATE TABLE facts (id int PRIMARY KEY);
DO $$
BEGIN
    EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
    EXECUTE format('GRANT CONNECT, CREATE ON DATABASE %I TO pairs_db_reporting', current_database());
    EXECUTE format('ALTER DATABASE %I SET statement_timeout = %L', current_database(), '30s');
    EXECUTE format('ALTER ROLE pairs_db_reporting IN DATABASE %I SET work_mem = %L', current_database(), '64MB');
END $$;
