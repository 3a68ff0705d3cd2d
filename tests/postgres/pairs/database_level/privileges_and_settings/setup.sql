CREATE ROLE pairs_db_reporting;
